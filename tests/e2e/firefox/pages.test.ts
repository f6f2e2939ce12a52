/**
 * The Firefox build (.output/firefox-mv2) in real Firefox ESR, every saved page served at its real URL: the same
 * checks as the Chromium suites (../checks.ts), plus what only Firefox reports: its MathML parser's complaints about
 * the hidden MathML screen readers read ("Invalid markup"), which count as errors here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOurMath, expectPageAsManifestSays, mathjaxNumbering } from '@/tests/e2e/checks';
import { setRenderer } from '@/tests/e2e/driver';
import { articleOf, loadManifest } from '@/tests/e2e/fixtures';
import { FIREFOX_EXTENSION_DIR, type FirefoxSession, launchFirefox } from './browser';

const pages = loadManifest();
const articles = pages.filter((page) => page.kind === 'article');
let session: FirefoxSession;

beforeAll(async () => {
  session = await launchFirefox();
});
afterAll(async () => {
  await session?.close();
});

describe('the Firefox build', () => {
  it('loads as an MV2 add-on with its gecko id, the blog hosts only, and a toolbar button', async () => {
    // The manifest as built (Firefox's runtime.getManifest() resolves paths to full URLs).
    const manifest = JSON.parse(readFileSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(2);
    expect(manifest.permissions).toEqual([
      'storage',
      'declarativeNetRequest',
      'contextMenus',
      'http://kexue.fm/*',
      'https://kexue.fm/*',
      'http://www.kexue.fm/*',
      'https://www.kexue.fm/*',
      'http://spaces.ac.cn/*',
      'https://spaces.ac.cn/*',
      'http://www.spaces.ac.cn/*',
      'https://www.spaces.ac.cn/*',
    ]);
    expect(manifest.browser_action.default_popup).toBe('popup.html');
    // None: the content script reads its fonts, messages and worker itself (see no-extension-url.test.ts).
    expect(manifest).not.toHaveProperty('web_accessible_resources');
    for (const size of ['16', '32', '48', '96', '128']) expect(manifest.icons[size]).toBe(`icon/${size}.png`);
    // What the running Firefox made of it.
    expect(await session.extensionEval((api) => api.runtime.getManifest().manifest_version, null)).toBe(2);
    expect(await session.extensionEval((api) => api.runtime.id, null)).toBe('kexue-reader@kexue-reader.github.io');
    expect(await session.extensionEval((api) => typeof api.browserAction?.setBadgeText, null)).toBe('function');
    expect(await session.extensionEval((api) => api.declarativeNetRequest.getEnabledRulesets(), null)).toEqual([
      'block_site_mathjax',
    ]);
  });
});

describe.each(pages.filter((page) => page.kind !== 'article').map((page) => [page.url, page] as const))(
  '%s',
  (_, expected) => {
    it('is understood and annotated as the manifest says', () => expectPageAsManifestSays(session, expected));
  },
);

describe('math with our renderer, on every saved article', () => {
  it.each(articles.map((a) => [a.url, a] as const))(
    '%s: understood, every formula ours, MathJax never requested',
    (_, expected) => expectOurMath(session, expected).then(() => undefined),
  );

  it('no page made Firefox report invalid MathML', () => {
    // Every report is an error above already; this names the one the MathML post-processing is for.
    expect(session.errors.filter((e) => /Invalid markup|attribute of <m/.test(e))).toEqual([]);
  });
});

describe('the renderer switch gives the site its MathJax back, and numbering matches it', () => {
  const numbered = articles.filter((a) => articleOf(a).labels.length > 0 && articleOf(a).eqrefs.length > 0).slice(0, 2);

  it.each(numbered.map((a) => [a.url, a] as const))('%s', async (_, expected) => {
    await setRenderer(session, false);
    const reference = await mathjaxNumbering(session, expected);
    expect(session.mathjaxRequests.length).toBeGreaterThan(0);
    await setRenderer(session, true);
    expect(await expectOurMath(session, expected)).toEqual(reference);
  });
});
