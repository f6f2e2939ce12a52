/**
 * Every saved page, served at its real URL, in real Chromium with the built extension: the page is understood,
 * the DOM hooks match the manifest, every entry shows a reading state, and nothing logs an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchExtension, testSession } from './browser';
import { expectPageAsManifestSays } from './checks';
import type { WorkerChrome } from './chrome';
import { loadManifest } from './fixtures';

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

describe('the built extension', () => {
  it('loads: a running service worker and a manifest with the blog hosts only', async () => {
    expect(session.extensionId).toMatch(/^[a-p]{32}$/);
    const manifest = await session.worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.host_permissions).toEqual([
      'http://kexue.fm/*',
      'https://kexue.fm/*',
      'http://www.kexue.fm/*',
      'https://www.kexue.fm/*',
      'http://spaces.ac.cn/*',
      'https://spaces.ac.cn/*',
      'http://www.spaces.ac.cn/*',
      'https://www.spaces.ac.cn/*',
    ]);
    // What differs from the Firefox build (utils/browsers.ts; the Firefox suite checks its side).
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.web_accessible_resources).toEqual([
      { resources: ['_locales/*/messages.json'], matches: manifest.host_permissions },
    ]);
    expect(await session.worker.evaluate(() => typeof chrome.action.setBadgeText)).toBe('function');
    for (const size of [16, 32, 48, 96, 128]) expect(manifest.icons?.[size]).toBe(`icon/${size}.png`);
  });
});

describe.each(pages.map((page) => [page.url, page] as const))('%s', (_, expected) => {
  it('is understood and annotated as the manifest says', () =>
    expectPageAsManifestSays(testSession(session), expected));
});
