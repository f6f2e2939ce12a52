/**
 * `npm run store:screenshots` (after `npm run build`): the store screenshots, 1280×800 (the Chrome Web Store's size;
 * AMO takes any), from the built extension in Chromium on the saved pages, through the e2e harness. Needs a CJK font
 * (fonts-noto-cjk) or the Chinese text shows as boxes. Also shows the extension on chrome://extensions (docs/).
 *
 * store/screenshots/1-article.png   an article with its math rendered by KaTeX
 * store/screenshots/2-listing.png   a listing with reading marks
 * store/screenshots/3-popup.png     the popup with series progress, over the listing
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchExtension, readToTheEnd } from '@/tests/e2e/browser';
import { articleOf, entriesOf, listingWithSavedArticle, loadManifest } from '@/tests/e2e/fixtures';

const outDir = resolve('store/screenshots');
mkdirSync(outDir, { recursive: true });
const size = { width: 1280, height: 800 };
const pages = loadManifest();
const { listing, article } = listingWithSavedArticle(pages);
const articleInfo = articleOf(article);

const session = await launchExtension();
try {
  // Read one article to the end so the listing shows every state.
  const reading = await session.open(article.url);
  await reading.setViewportSize(size);
  await reading.waitForSelector('html[data-kx-math-state="done"]', { timeout: 60_000 });
  await readToTheEnd(reading);
  await reading.waitForSelector('html[data-kx-state="read"]', { timeout: 20_000 });
  await reading.close();

  // An article whose first screen has display math.
  const shown =
    pages.find(
      (p) => p.kind === 'article' && articleOf(p).formulas.display > 20 && articleOf(p).id !== articleInfo.id,
    ) ?? article;
  const page = await session.open(shown.url);
  await page.setViewportSize(size);
  await page.waitForSelector('html[data-kx-math-state="done"]', { timeout: 60_000 });
  await page.locator('[data-kx-article] [data-kx-math="display"]').nth(1).scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -250));
  await page.waitForTimeout(500);
  await page.screenshot({ path: resolve(outDir, '1-article.png') });
  await page.close();

  const list = await session.open(listing.url);
  await list.setViewportSize(size);
  await list.waitForSelector('[data-kx-entry][data-kx-state]');
  const [second] = entriesOf(listing).filter((e) => e.id !== articleInfo.id);
  if (!second) throw new Error(`the listing ${listing.url} has no entry besides the saved article`);
  await list.click(`[data-kx-entry="${second.id}"] button.kx-toggle`);
  await list.waitForSelector(`[data-kx-entry="${second.id}"][data-kx-state="read"]`);
  await list.locator(`[data-kx-entry="${articleInfo.id}"]`).scrollIntoViewIfNeeded();
  await list.evaluate(() => window.scrollBy(0, -200));
  await list.waitForTimeout(300);
  await list.screenshot({ path: resolve(outDir, '2-listing.png') });

  // The archive fills the catalog, so the popup shows whole series.
  const archivePage = pages.find((p) => p.kind === 'archive');
  if (!archivePage) throw new Error('the manifest has no archive page');
  const archive = await session.open(archivePage.url);
  await archive.waitForSelector('[data-kx-entry][data-kx-state]');
  await archive.close();
  const popup = await session.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
  await popup.waitForSelector('[data-kx-ready]');
  await popup.waitForTimeout(500);
  const popupPng = await popup.screenshot();
  await popup.close();
  // The popup as the toolbar shows it: over the page, at the top right.
  const background = readFileSync(resolve(outDir, '2-listing.png')).toString('base64');
  const bodyStyle = [
    'margin:0',
    'width:1280px',
    'height:800px',
    `background:url(data:image/png;base64,${background})`,
    'position:relative',
  ].join(';');
  const popupStyle =
    'position:absolute;right:40px;top:24px;width:400px;border-radius:8px;box-shadow:0 8px 28px rgba(0,0,0,.45)';
  await list.setContent(`<body style="${bodyStyle}">
    <div style="position:absolute;inset:0;background:rgba(0,0,0,.25)"></div>
    <img src="data:image/png;base64,${popupPng.toString('base64')}" style="${popupStyle}">
  </body>`);
  await list.screenshot({ path: resolve(outDir, '3-popup.png') });
  await list.close();

  // The extension as the browser lists it, with its icon.
  const extensions = await session.context.newPage();
  await extensions.setViewportSize({ width: 1100, height: 560 });
  await extensions.goto('chrome://extensions');
  await extensions.waitForTimeout(1500);
  mkdirSync(resolve('docs'), { recursive: true });
  await extensions.screenshot({ path: resolve('docs/chrome-extensions.png') });
} finally {
  await session.close();
}
console.log(`screenshots in ${outDir} and docs/chrome-extensions.png`);
