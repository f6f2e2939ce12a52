/**
 * Math on every saved article in real Chromium. With our renderer off, the site's own MathJax 2.7.9 (the npm
 * package, served at /static/MathJax-2.7.9/) renders the page: that is the reference. With it on, MathJax never
 * loads, every formula is ours, and the equation numbers, label anchors and \eqref texts are MathJax's exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchExtension, setRenderer, testSession } from './browser';
import { expectOurMath, mathjaxNumbering, type Numbering } from './checks';
import { loadManifest } from './fixtures';

const articles = loadManifest().filter((page) => page.kind === 'article');

let session: ExtensionSession;
const reference = new Map<string, Numbering>();

beforeAll(async () => {
  session = await launchExtension();
});
afterAll(async () => {
  await session?.close();
});

describe('with the renderer off, the site works exactly as before', () => {
  beforeAll(async () => setRenderer(session, false));

  it.each(articles.map((a) => [a.url, a] as const))('MathJax renders %s', async (url, expected) => {
    reference.set(url, await mathjaxNumbering(testSession(session), expected));
  });
});

describe('with the renderer on', () => {
  beforeAll(async () => setRenderer(session, true));

  it.each(articles.map((a) => [a.url, a] as const))(
    '%s: every formula ours, numbered and linked as MathJax does',
    async (url, expected) => {
      expect(await expectOurMath(testSession(session), expected)).toEqual(reference.get(url));
    },
  );
});
