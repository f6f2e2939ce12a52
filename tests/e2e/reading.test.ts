/**
 * Reading state in real Chromium: reading an article to the end marks it read, and a listing page open in another
 * tab shows it at once, without a reload. Manual toggles on a listing work the same way.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, readToTheEnd, type ExtensionSession } from './browser';
import { listingWithSavedArticle, loadManifest } from './fixtures';

const { listing, article } = listingWithSavedArticle(loadManifest());
const articleId = article.article!.id;
let session: ExtensionSession;

beforeAll(async () => {
  session = await launchExtension();
});
afterAll(async () => {
  await session?.close();
});

const entryState = (page: Page, id: string) =>
  page.getAttribute(`[data-kx-entry="${id}"]`, 'data-kx-state');

it('reading an article to the end marks it read on a listing open in another tab, live', async () => {
  const listingPage = await session.open(listing.url);
  await listingPage.waitForSelector(`[data-kx-entry="${articleId}"][data-kx-state]`);
  expect(await entryState(listingPage, articleId)).toBe('unread');

  const articlePage = await session.open(article.url);
  await articlePage.bringToFront();
  await articlePage.waitForSelector('html[data-kx-state]');
  expect(await articlePage.getAttribute('html', 'data-kx-state')).not.toBe('read');

  await readToTheEnd(articlePage);
  // The end stays on screen for the dwell time (default 3 s), then the article becomes read.
  await articlePage.waitForSelector('html[data-kx-state="read"]', { timeout: 20_000 });
  await listingPage.waitForSelector(`[data-kx-entry="${articleId}"][data-kx-state="read"]`, { timeout: 10_000 });
  expect(session.errors).toEqual([]);
});

it('opening an article without scrolling does not mark it read', async () => {
  const other = loadManifest().find((p) => p.kind === 'article' && p.article!.id !== articleId)!;
  const page = await session.open(other.url);
  await page.waitForSelector('html[data-kx-state]');
  await page.waitForTimeout(4000); // longer than the dwell: nothing may happen without the reader scrolling
  expect(await page.getAttribute('html', 'data-kx-state')).not.toBe('read');
});

it('the toggle on a listing entry marks read and unread by hand, with the keyboard', async () => {
  const page = await session.open(listing.url);
  const id = listing.entries!.find((entry) => entry.id !== articleId)!.id;
  await page.waitForSelector(`[data-kx-entry="${id}"][data-kx-state="unread"]`);
  await page.focus(`[data-kx-entry="${id}"] button.kx-toggle`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-kx-entry="${id}"][data-kx-state="read"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-kx-entry="${id}"][data-kx-state="unread"]`);
  expect(session.errors).toEqual([]);
});
