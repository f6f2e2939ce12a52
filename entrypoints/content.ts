export default defineContentScript({
  matches: ['*://kexue.fm/*', '*://www.kexue.fm/*', '*://spaces.ac.cn/*', '*://www.spaces.ac.cn/*'],
  runAt: 'document_start',
  main() {},
});
