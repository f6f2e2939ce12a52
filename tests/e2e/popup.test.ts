/**
 * The popup of the built extension in real Chromium: series progress after reading saved articles, and the
 * follow → new part → badge flow. Expected series come from the same grouping code over the saved pages' titles.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, readToTheEnd, type ExtensionSession } from './browser';
import { loadManifest } from './fixtures';
import { articleInSeries, listingWithPartialSeries } from './series-fixtures';

/** The extension API inside callbacks evaluated in the service worker. */
declare const chrome: any;

const pages = loadManifest();

let session: ExtensionSession;
beforeAll(async () => {
  session = await launchExtension();
});
afterAll(async () => {
  await session?.close();
});

const badge = () => session.worker.evaluate(() => chrome.action.getBadgeText({}));

async function openPopup(): Promise<Page> {
  const popup = await session.context.newPage();
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
  await popup.waitForSelector('[data-kx-ready]');
  return popup;
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
  const row = popup.locator(`li[data-series="${partial.key}"]`);
  await expect.poll(() => row.getByRole('progressbar').getAttribute('aria-valuemax')).toBe(String(partial.shown));
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
  await expect.poll(() => bar.getAttribute('aria-valuenow')).toBe('1');
  expect(await bar.getAttribute('aria-valuemax')).toBe(String(reading.total));
  const next = await row.locator('.kx-next a').getAttribute('href');
  expect(next).toMatch(/\/archives\/\d+$/);
  expect(next).not.toContain(`/archives/${reading.article.article!.id}`);
  await popup.close();
  expect(session.errors).toEqual([]);
});
