/**
 * Every saved page, served at its real URL, in real Chromium with the built extension: the page is understood,
 * the DOM hooks match the manifest, every entry shows a reading state, and nothing logs an error.
 */
/** The extension API inside callbacks evaluated in the service worker. */
declare const chrome: any;
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionSession } from './browser';
import { loadManifest } from './fixtures';

const pages = loadManifest();
let session: ExtensionSession;

beforeAll(async () => {
  session = await launchExtension();
});
afterAll(async () => {
  await session?.close();
});

describe('the built extension', () => {
  it('loads: a running service worker and a manifest with the blog hosts only', async () => {
    expect(session.extensionId).toMatch(/^[a-p]{32}$/);
    const manifest = await session.worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.host_permissions).toEqual([
      'http://kexue.fm/*', 'https://kexue.fm/*', 'http://www.kexue.fm/*', 'https://www.kexue.fm/*',
      'http://spaces.ac.cn/*', 'https://spaces.ac.cn/*', 'http://www.spaces.ac.cn/*', 'https://www.spaces.ac.cn/*',
    ]);
  });
});

describe.each(pages.map((page) => [page.url, page] as const))('%s', (url, expected) => {
  it('is understood and annotated as the manifest says', async () => {
    const errorsBefore = session.errors.length;
    const page = await session.open(url);
    try {
      const kind = expected.kind;
      await page.waitForSelector(`html[data-kx-page="${kind}"]`, { timeout: 15_000 });
      if (kind === 'article') {
        const articleIds = await page.$$eval('[data-kx-article]', (els) => els.map((el) => el.getAttribute('data-kx-article')));
        expect(articleIds).toEqual([expected.article!.id]);
      } else {
        const ids = await page.$$eval('[data-kx-entry]', (els) => els.map((el) => el.getAttribute('data-kx-entry')));
        expect(ids).toEqual(expected.entries!.map((entry) => entry.id));
        // Reading marks arrive through one round trip to the background.
        await page.waitForFunction(
          (count) => document.querySelectorAll('[data-kx-entry][data-kx-state]').length === count,
          ids.length,
          { timeout: 15_000 },
        );
        const states = await page.$$eval('[data-kx-entry]', (els) => [...new Set(els.map((el) => el.getAttribute('data-kx-state')))]);
        expect(states.every((state) => ['unread', 'reading', 'read'].includes(state!))).toBe(true);
      }
      expect(session.errors.slice(errorsBefore)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
