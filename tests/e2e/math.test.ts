/**
 * Math on every saved article in real Chromium. With our renderer off, the site's own MathJax 2.7.9 (the npm
 * package, served at /static/MathJax-2.7.9/) renders the page: that is the reference. With it on, MathJax never
 * loads, every formula is ours, and the equation numbers, label anchors and \eqref texts are MathJax's exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, setRenderer, type ExtensionSession } from './browser';
import { loadManifest } from './fixtures';

const articles = loadManifest().filter((page) => page.kind === 'article');

interface Numbering {
  /** [anchor id, text] of every equation number, in page order. */
  anchors: [string, string][];
  /** [href, text] of every equation reference link, in page order. */
  refs: [string, string][];
}

const readNumbering = (page: Page): Promise<Numbering> =>
  page.evaluate(() => ({
    anchors: [...document.querySelectorAll('[id^="mjx-eqn-"]')].map((el) => [el.id, el.textContent!.trim()] as [string, string]),
    refs: [...document.querySelectorAll('a[href^="#mjx-eqn-"]')].map(
      (el) => [el.getAttribute('href')!, el.textContent!.trim()] as [string, string],
    ),
  }));

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
    const page = await session.open(url);
    try {
      await page.waitForFunction(() => (window as { MathJax?: { isReady?: boolean } }).MathJax?.isReady, null, { timeout: 60_000 });
      await page.evaluate(() => new Promise((done) => (window as any).MathJax.Hub.Queue(done)));
      expect(await page.locator('[data-kx-math]').count()).toBe(0);
      const numbering = await readNumbering(page);
      // The reference holds what the manifest says the page labels (so the comparison below can fail).
      const anchorIds = numbering.anchors.map(([id]) => id);
      for (const label of expected.article!.labels) expect(anchorIds).toContain(`mjx-eqn-${label}`);
      reference.set(url, numbering);
    } finally {
      await page.close();
    }
  });
});

describe('with the renderer on', () => {
  beforeAll(async () => setRenderer(session, true));

  it.each(articles.map((a) => [a.url, a] as const))('%s: every formula ours, numbered and linked as MathJax does', async (url, expected) => {
    const errorsBefore = session.errors.length;
    const mathjaxBefore = session.mathjaxRequests.length;
    const page = await session.open(url);
    try {
      await page.waitForSelector('html[data-kx-math-state="done"]', { timeout: 60_000 });
      const facts = await page.evaluate(() => {
        const body = document.querySelector('[data-kx-article]')!;
        const outsideMath = (root: Element) => {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
            acceptNode: (node) =>
              node.parentElement?.closest('pre, code, script, style, textarea, [data-kx-math], [data-kx-ui]')
                ? NodeFilter.FILTER_REJECT
                : NodeFilter.FILTER_ACCEPT,
          });
          let text = '';
          while (walker.nextNode()) text += walker.currentNode.nodeValue + '\n';
          return text;
        };
        return {
          bodyFormulas: body.querySelectorAll('[data-kx-math]').length,
          allFormulas: document.querySelectorAll('[data-kx-math]').length,
          failed: [...document.querySelectorAll('[data-kx-math-error]')].map((el) => `${el.getAttribute('title')}: ${el.textContent}`),
          mathjaxOutput: document.querySelectorAll('.MathJax, .MathJax_Display, .MathJax_CHTML, #MathJax_Message, script[type^="math/tex"]').length,
          mathjaxLoaded: 'MathJax' in window,
          rawTex: outsideMath(document.body).match(/\$\$|\\\[|\\\(|\\begin\{|\\eqref\{|\$[^$\n]{1,80}\$/g) ?? [],
        };
      });
      const formulas = expected.article!.formulas;
      expect(facts.bodyFormulas).toBe(formulas.occurrences_body);
      expect(facts.allFormulas).toBeGreaterThanOrEqual(formulas.occurrences_body + formulas.occurrences_comments);
      expect(facts.failed).toEqual([]);
      expect(facts.rawTex).toEqual([]);
      expect(facts.mathjaxOutput).toBe(0);
      expect(facts.mathjaxLoaded).toBe(false);
      expect(session.mathjaxRequests.slice(mathjaxBefore)).toEqual([]);
      expect(await readNumbering(page)).toEqual(reference.get(url));
      expect(session.errors.slice(errorsBefore)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
