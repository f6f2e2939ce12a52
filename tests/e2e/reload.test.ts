/**
 * Updating or reloading the extension while blog tabs are open: the old content script's context is invalidated
 * (WXT aborts its signal, and our strip leaves the article), and reading, scrolling and clicking in those tabs raise
 * no uncaught error. The test first proves the reload happened (a new service worker of the same extension), so it
 * cannot pass on tabs that were never cut off.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { type ExtensionSession, launchExtension } from './browser';
import { loadManifest } from './fixtures';

/** The extension API inside callbacks evaluated in the service worker. */
declare const chrome: { runtime: { reload(): void } };

const pages = loadManifest();
const listing = must(
  pages.find((p) => p.kind === 'listing'),
  'a listing page in the fixtures',
);
const article = must(
  pages.find((p) => p.kind === 'article'),
  'an article page in the fixtures',
);
let session: ExtensionSession;

beforeAll(async () => {
  session = await launchExtension();
});
afterAll(async () => {
  await session?.close();
});

it('open blog tabs stay quiet when the extension is reloaded under them', async () => {
  const listingPage = await session.open(listing.url);
  await listingPage.waitForSelector('[data-kx-entry][data-kx-state]');
  const articlePage = await session.open(article.url);
  await articlePage.waitForSelector('html[data-kx-state]');
  await articlePage.waitForSelector('[data-kx-strip]');

  const oldWorkerClosed = new Promise<'closed'>((resolve) => session.worker.once('close', () => resolve('closed')));
  await session.worker.evaluate(() => chrome.runtime.reload()).catch(() => undefined); // the worker dies answering
  const timeout = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 10_000));
  expect(await Promise.race([oldWorkerClosed, timeout])).toBe('closed');

  await articlePage.bringToFront();
  await articlePage.mouse.move(400, 300);
  for (let i = 0; i < 5; i++) await articlePage.mouse.wheel(0, 800);
  await articlePage.keyboard.press('End');
  // The old content script finds its context invalid at its next call (the progress report) and removes its strip.
  await articlePage.waitForSelector('[data-kx-strip]', { state: 'detached', timeout: 10_000 });

  await listingPage.bringToFront();
  const entry = must(listing.entries?.[0], 'an entry on the listing page').id;
  await listingPage.click(`[data-kx-entry="${entry}"] button.kx-toggle`);
  await listingPage.waitForTimeout(1500); // let any late rejection surface
  expect(session.errors).toEqual([]);
});
