/**
 * Updating or reloading the extension while blog tabs are open: the old content script's context is invalidated
 * (WXT aborts its signal), and reading, scrolling and clicking in those tabs raise no uncaught error.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchExtension, type ExtensionSession } from './browser';
import { loadManifest } from './fixtures';

/** The extension API inside callbacks evaluated in the service worker. */
declare const chrome: any;

const pages = loadManifest();
const listing = pages.find((p) => p.kind === 'listing')!;
const article = pages.find((p) => p.kind === 'article')!;
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

  await session.worker.evaluate(() => chrome.runtime.reload()).catch(() => undefined); // the worker dies answering
  await listingPage.waitForTimeout(1000);

  await articlePage.bringToFront();
  await articlePage.mouse.move(400, 300);
  for (let i = 0; i < 5; i++) await articlePage.mouse.wheel(0, 800);
  await articlePage.keyboard.press('End');
  await listingPage.bringToFront();
  await listingPage.click(`[data-kx-entry="${listing.entries![0].id}"] button.kx-toggle`);
  await listingPage.waitForTimeout(1500); // let any late rejection surface
  expect(session.errors).toEqual([]);
});
