import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { cpSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { BLOG_HOSTS } from './utils/site/hosts';

const hostPatterns = BLOG_HOSTS.flatMap((host) => [`http://${host}/*`, `https://${host}/*`]);

export default defineConfig({
  // KX_OUT_DIR lets a second build (a benchmark, a parallel checkout) live beside the default one.
  outDir: process.env.KX_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/i18n/module'],
  // `npm run dev` opens the live blog with the extension loaded.
  webExt: { startUrls: ['https://kexue.fm/'] },
  vite: () => ({
    plugins: [preact()],
    // KaTeX's source holds a raw U+FFFF; Chrome rejects a content script that isn't valid UTF-8 unless escaped.
    esbuild: { charset: 'ascii' },
    build: { target: 'es2022' },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    action: { default_title: '__MSG_extName__' },
    permissions: ['storage', 'declarativeNetRequest'],
    host_permissions: hostPatterns,
    web_accessible_resources:
      browser === 'firefox'
        ? ['katex/fonts/*', 'tex-worker.js']
        : [{ resources: ['katex/fonts/*', 'tex-worker.js'], matches: hostPatterns }],
    declarative_net_request: {
      rule_resources: [{ id: 'block_site_mathjax', enabled: true, path: 'rules/block-site-mathjax.json' }],
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // Nothing leaves the browser but what the user's own browser sync carries (opt-in).
            gecko: { id: 'kexue-reader@kexue-reader.github.io', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
  hooks: {
    // Bundle KaTeX's fonts (no CDN): copied next to the build, exposed as web-accessible resources.
    'build:done': (wxt) => {
      const target = resolve(wxt.config.outDir, 'katex/fonts');
      mkdirSync(target, { recursive: true });
      cpSync(resolve('node_modules/katex/dist/fonts'), target, {
        recursive: true,
        // woff2 is enough for every browser the extension supports.
        filter: (src) => !/\.(ttf|woff)$/.test(src),
      });
    },
  },
});
