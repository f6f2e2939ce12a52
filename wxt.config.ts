import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { browserManifest } from './utils/browsers';
import { BLOG_HOSTS } from './utils/site/hosts';

const hostPatterns = BLOG_HOSTS.flatMap((host) => [`http://${host}/*`, `https://${host}/*`]);

export default defineConfig({
  // KX_OUT_DIR lets a second build (a benchmark, a parallel checkout) live beside the default one.
  outDir: process.env.KX_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/i18n/module'],
  // No auto-imports: every file imports what it uses of WXT from its subpath ('wxt/browser', 'wxt/utils/storage',
  // 'wxt/utils/define-content-script', …), so a reader (and knip, and tsc) sees where each name comes from.
  imports: false,
  // `npm run dev` opens the live blog with the extension loaded.
  webExt: { startUrls: ['https://kexue.fm/'] },
  vite: () => ({
    plugins: [preact()],
    // KaTeX's source holds a raw U+FFFF; Chrome rejects a content script that isn't valid UTF-8 unless escaped.
    esbuild: { charset: 'ascii' },
    build: { target: 'es2022' },
  }),
  manifest: ({ browser }) => ({
    // The version comes from package.json (WXT's default): one source for both manifests and the changelog.
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    action: { default_title: '__MSG_extName__' },
    permissions: ['storage', 'declarativeNetRequest', 'contextMenus'],
    // Rebindable in the browser (chrome://extensions/shortcuts, about:addons); handled in background/reader-actions.ts.
    commands: {
      'toggle-read': { suggested_key: { default: 'Alt+Shift+R' }, description: '__MSG_commands_toggleRead__' },
      'next-part': { suggested_key: { default: 'Alt+Shift+N' }, description: '__MSG_commands_nextPart__' },
      'toggle-renderer': { suggested_key: { default: 'Alt+Shift+M' }, description: '__MSG_commands_toggleRenderer__' },
    },
    host_permissions: hostPatterns,
    declarative_net_request: {
      rule_resources: [{ id: 'block_site_mathjax', enabled: true, path: 'rules/block-site-mathjax.json' }],
    },
    // What differs between the Chrome and Firefox builds: utils/browsers.ts.
    ...browserManifest(browser, hostPatterns),
  }),
});
