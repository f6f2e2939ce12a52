import { launchExtension } from '../tests/e2e/browser';
const s = await launchExtension();
const page = await s.open('https://kexue.fm/archives/4677');
await page.setViewportSize({ width: 1280, height: 800 });
await page.waitForFunction(() => performance.getEntriesByName('kx:math-settled').length > 0, undefined, { timeout: 60_000 });
await page.evaluate(() => {
  const t0 = performance.now();
  (window as any).log = [];
  new MutationObserver(() => (window as any).log.push([Math.round(performance.now() - t0), scrollY, document.querySelector('.kx-strip .kx-article-state')!.textContent])).observe(document.querySelector('.kx-strip')!, { subtree: true, characterData: true, childList: true });
  addEventListener('scroll', () => (window as any).log.push([Math.round(performance.now() - t0), 'scroll', scrollY]));
});
await page.mouse.move(600, 400);
await page.mouse.wheel(0, 3000);
await page.waitForTimeout(400);
await page.mouse.wheel(0, 3000);
await page.waitForTimeout(4000);
console.log(JSON.stringify(await page.evaluate(() => (window as any).log)));
await s.close();
