/**
 * The popup of the built extension in real Chromium: series progress after reading saved articles, and the
 * follow → new part → badge flow. Expected series come from the same grouping code over the saved pages' titles.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { type ExtensionSession, launchExtension, readToTheEnd } from './browser';
import type { WorkerChrome } from './chrome';
import { articleOf, loadManifest } from './fixtures';
import { articleInSeries, listingWithPartialSeries } from './series-fixtures';
import { until } from './wait';

/** The extension API inside callbacks evaluated in the service worker. */
declare const chrome: WorkerChrome;

const pages = loadManifest();

let session: ExtensionSession;
beforeAll(async () => {
  session = await launchExtension();
});
afterAll(async () => {
  await session?.close();
});

const badge = () => session.worker.evaluate(() => chrome.action.getBadgeText({}));

/** The popup at its real size (its page is 380 px wide; Chromium caps popups at 800 × 600). */
async function openPopup(): Promise<Page> {
  const popup = await session.context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
  await popup.waitForSelector('[data-kx-ready]');
  return popup;
}

/**
 * Shows a series' row whatever the filter and the number of rows shown first; the summary the popup opened with may
 * not hold the series yet (it follows the background's, live).
 */
async function showSeries(popup: Page, key: string): Promise<void> {
  const row = popup.locator(`li[data-series="${key}"]`);
  await until(
    async () => {
      if (await row.count()) return true;
      const all = popup.locator('[data-filter="all"][aria-pressed="false"]');
      if (await all.count()) await all.click();
      if (await popup.locator('.kx-show-all').count()) await popup.click('.kx-show-all');
      return (await row.count()) > 0;
    },
    (shown) => shown,
    { what: `the series ${key} in the popup` },
  );
}

/** Elements of ours reaching past the right edge of a `width`-wide page, and the page's scroll width. */
async function overflow(page: Page, width: number) {
  return page.evaluate(
    (limit) => ({
      scrollWidth: document.documentElement.scrollWidth,
      past: [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > limit + 0.5)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${e.textContent?.slice(0, 30)}`),
    }),
    width,
  );
}

async function visit(url: string, ready: string): Promise<void> {
  const page = await session.open(url);
  await page.waitForSelector(ready, { timeout: 30_000 });
  await page.close();
}

const { archive, ...partial } = listingWithPartialSeries(pages);
const reading = articleInSeries(pages);

it('follow a series, see its new parts counted on the toolbar badge until the series is opened', async () => {
  await visit(partial.listing.url, '[data-kx-entry][data-kx-state]');
  let popup = await openPopup();
  await showSeries(popup, partial.key);
  const row = popup.locator(`li[data-series="${partial.key}"]`);
  await expect
    .poll(() => row.getByRole('progressbar').getAttribute('aria-valuemax'), { timeout: 15_000 })
    .toBe(String(partial.shown));
  await row.locator('.kx-follow').click();
  await popup.waitForSelector(`li[data-series="${partial.key}"].kx-followed`);
  await popup.close();
  expect(await badge()).toBe('');

  // The whole archive reveals the parts the listing did not show: they are new parts of a followed series.
  await visit(archive.url, '[data-kx-entry][data-kx-state]');
  await expect.poll(badge, { timeout: 15_000 }).toBe(String(partial.total - partial.shown));

  popup = await openPopup();
  await popup.locator(`li[data-series="${partial.key}"] .kx-badge`).waitFor();
  await popup.locator(`button[data-series-key="${partial.key}"]`).click();
  await popup.waitForSelector('.kx-series-view .kx-articles');
  await expect.poll(badge, { timeout: 15_000 }).toBe('');
  await popup.close();
  expect(session.errors).toEqual([]);
});

it('shows the series progress after reading one of its articles, and the next unread part', async () => {
  const page = await session.open(reading.article.url);
  await page.bringToFront();
  await page.waitForSelector('html[data-kx-state]');
  await readToTheEnd(page);
  await page.waitForSelector('html[data-kx-state="read"]', { timeout: 20_000 });
  await page.close();

  const popup = await openPopup();
  const row = popup.locator(`li[data-series="${reading.key}"]`);
  const bar = row.getByRole('progressbar');
  await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 15_000 }).toBe('1');
  expect(await bar.getAttribute('aria-valuemax')).toBe(String(reading.total));
  const next = await row.locator('.kx-next a').getAttribute('href');
  expect(next).toMatch(/\/archives\/\d+$/);
  expect(next).not.toContain(`/archives/${articleOf(reading.article).id}`);
  await popup.close();
  expect(session.errors).toEqual([]);
});

it('the popup opens from the summary the background keeps, and fits its 380 px: list, search, grouping', async () => {
  const kept = await session.worker.evaluate(
    async () => (await chrome.storage.local.get<{ popupSummary?: { series: unknown[] } }>('popupSummary')).popupSummary,
  );
  expect(kept?.series.length).toBeGreaterThan(0);

  const popup = await openPopup();
  // The reader's own series first (the one read above), not the archive's 58.
  expect(await popup.getAttribute('[data-filter="mine"]', 'aria-pressed')).toBe('true');
  expect(await popup.locator('li.kx-series').count()).toBeLessThanOrEqual(8);
  expect(await overflow(popup, 380)).toEqual({ scrollWidth: 380, past: [] });

  await popup.fill('input[type="search"]', articleOf(reading.article).title);
  await popup.waitForSelector('.kx-found-articles li');
  const found = popup.locator(`[data-kx-found="${articleOf(reading.article).id}"]`);
  expect(await found.getAttribute('class')).toBe('kx-state-read');
  expect(await overflow(popup, 380)).toEqual({ scrollWidth: 380, past: [] });

  await popup.fill('input[type="search"]', '');
  await popup.locator(`button[data-series-key="${reading.key}"]`).click();
  await popup.waitForSelector('.kx-series-view .kx-articles');
  await popup
    .locator('.kx-series-view > .kx-toolbar button, .kx-series-view button')
    .filter({ hasText: /调整分组|Edit grouping/ })
    .click();
  await popup.waitForSelector('#kx-merge-into');
  const merge = must(await popup.locator('#kx-merge-into ~ button').boundingBox(), 'the merge button on screen');
  expect(merge.x + merge.width).toBeLessThanOrEqual(380);
  expect(await overflow(popup, 380)).toEqual({ scrollWidth: 380, past: [] });
  await popup.close();
  expect(session.errors).toEqual([]);
});

it('the options page fits 380 px, with data and a reading history', async () => {
  const options = await session.context.newPage();
  await options.setViewportSize({ width: 380, height: 800 });
  await options.goto(`chrome-extension://${session.extensionId}/options.html`);
  await options.waitForSelector('.kx-chart-figure');
  for (const lang of ['zh-CN', 'en']) {
    await options.selectOption('select:has(option[value="zh-CN"])', lang);
    await options.waitForFunction((want) => document.documentElement.lang === want, lang);
    expect(await overflow(options, 380)).toEqual({ scrollWidth: 380, past: [] });
  }
  await options.selectOption('select:has(option[value="zh-CN"])', 'browser');
  await options.close();
  expect(session.errors).toEqual([]);
});
