/**
 * `npm run store:firefox-addons` (after `npm run build:firefox`): Firefox's add-ons page with the Firefox build
 * installed, saved as docs/firefox-addons.png (the icon as Firefox shows it). Uses the Firefox e2e harness.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchFirefox } from '@/tests/e2e/firefox/browser';

// about:addons is a privileged page scripts cannot click in: open it on the Extensions list directly.
const session = await launchFirefox({ prefs: { 'extensions.ui.lastCategory': 'addons://list/extension' } });
try {
  const [page] = await session.raw.pages();
  if (!page) throw new Error('Firefox opened no page to take the screenshot in');
  await page.setViewport({ width: 1100, height: 560 });
  await page.goto('about:addons', { timeout: 5_000 }).catch(() => undefined);
  await new Promise((done) => setTimeout(done, 2500));
  mkdirSync(resolve('docs'), { recursive: true });
  await page.screenshot({ path: resolve('docs/firefox-addons.png') as `${string}.png` });
} finally {
  await session.close();
}
console.log('docs/firefox-addons.png');
