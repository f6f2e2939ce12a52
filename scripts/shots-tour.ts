/**
 * The README's tour: screenshots of what a reader gets on the blog, made with the e2e harness (the built extension in
 * headless Chromium on the bundled saved pages). `npm run shots:tour` (builds first) writes docs/tour/*.png;
 * `-- --out DIR` writes elsewhere. Chinese and English, 1280 and 400 px wide.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { type ExtensionSession, launchExtension } from '@/tests/e2e/browser';

declare const chrome: { storage: { local: { get(key: string): Promise<{ settings?: { language?: string } }> } } };

const outArg = process.argv.indexOf('--out');
function outDir(): string {
  if (outArg < 0) return 'docs/tour';
  const dir = process.argv[outArg + 1];
  if (dir === undefined) throw new Error('--out needs a directory');
  return dir;
}
const OUT = resolve(outDir());
const ARTICLE = 'https://kexue.fm/archives/4675'; // 更别致的词向量模型(四): a series with parts before and after
const LAST_PART = 'https://kexue.fm/archives/3567'; // the last part of its series
const ARCHIVE = 'https://kexue.fm/content.html';

async function setLanguage(session: ExtensionSession, language: 'zh-CN' | 'en') {
  const options = await session.context.newPage();
  await options.goto(`chrome-extension://${session.extensionId}/options.html`);
  await options
    .locator('select')
    .filter({ has: options.locator('option[value="browser"]') })
    .selectOption(language);
  await session.worker.evaluate(async (want) => {
    while ((await chrome.storage.local.get('settings')).settings?.language !== want)
      await new Promise((r) => setTimeout(r, 50));
  }, language);
  await options.close();
}

async function open(session: ExtensionSession, url: string, width: number, height = 800): Promise<Page> {
  const page = await session.context.newPage();
  await page.setViewportSize({ width, height });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return page;
}

/** A band of the page around an element, the full width of the viewport. */
async function shootAround(page: Page, selector: string, file: string, above = 140, height = 560) {
  await page.$eval(
    selector,
    (el, a) => {
      el.scrollIntoView({ block: 'start' });
      scrollBy(0, -a);
    },
    above,
  );
  await page.waitForTimeout(300);
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('the page has no viewport size to clip the screenshot to');
  const width = viewport.width;
  await page.screenshot({
    path: join(OUT, file),
    clip: { x: 0, y: 0, width, height: Math.min(height, viewport.height) },
  });
  console.log(`docs/tour/${file}`);
}

mkdirSync(OUT, { recursive: true });
const session = await launchExtension();
try {
  // The archive catalogs the blog (series and their parts); a few marks make the listing tell something.
  const archive = await open(session, ARCHIVE, 1280);
  await archive.waitForSelector('[data-kx-entry][data-kx-state] button.kx-toggle');
  await archive.waitForTimeout(2000);
  const ids = await archive.$$eval('[data-kx-entry]', (els) =>
    els.slice(0, 8).map((el) => {
      const id = el.getAttribute('data-kx-entry');
      if (id === null) throw new Error('a listing entry has no data-kx-entry id');
      return id;
    }),
  );
  for (const id of [ids[1], ids[2], ids[5]]) await archive.click(`[data-kx-entry="${id}"] button.kx-toggle`);
  await archive.waitForSelector(`[data-kx-entry="${ids[5]}"][data-kx-state="read"]`);

  for (const lang of ['zh-CN', 'en'] as const) {
    await setLanguage(session, lang);
    const tag = lang === 'zh-CN' ? 'zh' : 'en';
    for (const width of [1280, 400]) {
      const page = await open(session, ARTICLE, width, width === 400 ? 760 : 800);
      await page.waitForSelector('.kx-strip-series:not([hidden])');
      await page.waitForSelector('html[data-kx-math-state="done"]', { timeout: 60_000 });
      await shootAround(
        page,
        '.kx-strip',
        `article-strip-${tag}-${width}.png`,
        width === 400 ? 120 : 140,
        width === 400 ? 760 : 520,
      );
      await shootAround(
        page,
        '.kx-end-card',
        `next-part-${tag}-${width}.png`,
        width === 400 ? 200 : 260,
        width === 400 ? 560 : 420,
      );
      await page.close();
    }
    const last = await open(session, LAST_PART, 1280);
    await last.waitForSelector('.kx-end-series:not([hidden])');
    await shootAround(last, '.kx-end-card', `series-complete-${tag}-1280.png`, 200, 360);
    await last.close();

    const list = await open(session, ARCHIVE, 1280);
    await list.waitForSelector('.kx-legend');
    await list.focus('button.kx-toggle[tabindex="0"]');
    await list.keyboard.press('ArrowDown');
    await list.keyboard.press('ArrowDown');
    await list.keyboard.press('ArrowDown');
    await shootAround(list, '.kx-legend', `archive-marks-${tag}-1280.png`, 60, 420);
    await list.close();

    for (const width of [1280, 400]) {
      const welcome = await open(session, `chrome-extension://${session.extensionId}/welcome.html`, width, 900);
      await welcome.waitForSelector('.kx-welcome h1');
      await welcome.screenshot({ path: join(OUT, `first-run-${tag}-${width}.png`) });
      console.log(`docs/tour/first-run-${tag}-${width}.png`);
      await welcome.close();
    }
  }
} finally {
  await session.close();
}
