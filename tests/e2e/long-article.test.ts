/**
 * The longest saved article in real Chromium: paragraphs with math far down the page are left for the browser to
 * lay out when the reader gets there (content-visibility), yet the page ends up exactly as tall as without that,
 * links to an equation down there still land on it, printing shows them, and "return to where you left off" lands where
 * the reader left.
 */

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ExtensionSession, launchExtension } from './browser';
import { loadManifest } from './fixtures';

const formulas = (p: ReturnType<typeof loadManifest>[number]) => p.article!.formulas.occurrences_body;
const article = loadManifest()
  .filter((p) => p.kind === 'article')
  .sort((a, b) => formulas(b) - formulas(a))[0];
if (!article) throw new Error('The fixtures have no article');

let session: ExtensionSession;

beforeAll(async () => {
  session = await launchExtension();
});
afterAll(async () => {
  await session?.close();
});

async function openRendered(url: string): Promise<Page> {
  const page = await session.open(url);
  await page.waitForSelector('html[data-kx-math-state="done"]', { timeout: 60_000 });
  // Two frames: the browser has decided which paragraphs are near the screen.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return page;
}

it('leaves the layout of far paragraphs with math until the reader scrolls to them', async () => {
  const page = await openRendered(article.url);
  try {
    const before = await page.evaluate(() => {
      const paragraphs = [...document.querySelectorAll('[data-kx-article] p[data-kx-math-block]')];
      const last = paragraphs.at(-1)!.querySelector('[data-kx-math]:not([data-kx-pending])')!;
      last.setAttribute('data-test-far', '');
      return {
        switchedOn: document.documentElement.hasAttribute('data-kx-skip-offscreen'),
        paragraphs: paragraphs.length,
        farLaidOut: last.checkVisibility({ contentVisibilityAuto: true }),
        farRendered: last.querySelector('.katex') !== null,
      };
    });
    expect(before).toEqual({ switchedOn: true, paragraphs: expect.any(Number), farLaidOut: false, farRendered: true });
    expect(before.paragraphs).toBeGreaterThan(5);

    await page.evaluate(() => document.querySelector('[data-test-far]')!.scrollIntoView({ block: 'center' }));
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const after = await page.evaluate(() => {
      const far = document.querySelector('[data-test-far]')!;
      const box = far.querySelector('.katex')!.getBoundingClientRect();
      return {
        laidOut: far.checkVisibility({ contentVisibilityAuto: true }),
        hasSize: box.width > 0 && box.height > 0,
        onScreen: box.bottom > 0 && box.top < innerHeight,
      };
    });
    expect(after).toEqual({ laidOut: true, hasSize: true, onScreen: true });
  } finally {
    await page.close();
  }
});

it('once settled, the article is as tall as with every paragraph laid out', async () => {
  const page = await openRendered(article.url);
  try {
    await page.waitForFunction(() => performance.getEntriesByName('kx:math-settled').length > 0);
    const heights = await page.evaluate(() => {
      const body = document.querySelector('[data-kx-article]')!;
      const settled = body.getBoundingClientRect().height;
      document.documentElement.removeAttribute('data-kx-skip-offscreen');
      return { settled, laidOut: body.getBoundingClientRect().height };
    });
    // Within rounding (a few pixels of ~7,000; before settling the body measured 10–15% short).
    expect(Math.abs(heights.settled - heights.laidOut)).toBeLessThan(heights.laidOut * 0.002);
  } finally {
    await page.close();
  }
});

it('a link to an equation far down the page lands on that equation', async () => {
  const first = await openRendered(article.url);
  const lastAnchor = await first.evaluate(
    () => [...document.querySelectorAll('[data-kx-article] [id^="mjx-eqn-"]')].at(-1)?.id,
  );
  await first.close();
  expect(lastAnchor).toBeTruthy();

  const page = await openRendered(`${article.url}#${encodeURIComponent(lastAnchor!)}`);
  try {
    const where = () =>
      page.evaluate((id) => {
        const box = document.getElementById(id)!.getBoundingClientRect();
        return { scrolled: scrollY > innerHeight, onScreen: box.top >= 0 && box.bottom <= innerHeight };
      }, lastAnchor!);
    expect(await where()).toEqual({ scrolled: true, onScreen: true });
    // Still there once the paragraphs above have settled to their sizes with math.
    await page.waitForFunction(() => performance.getEntriesByName('kx:math-settled').length > 0);
    expect(await where()).toEqual({ scrolled: true, onScreen: true });
  } finally {
    await page.close();
  }
});

it('printing shows the paragraphs skipped on screen', async () => {
  const page = await openRendered(article.url);
  try {
    const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    const skipping = await page.pdf();
    await page.evaluate(() => document.documentElement.removeAttribute('data-kx-skip-offscreen'));
    const laidOut = await page.pdf();
    expect(pages(skipping)).toBeGreaterThan(1);
    expect(pages(skipping)).toBe(pages(laidOut));
    // The glyphs of every formula are in both (a skipped paragraph would leave a blank box, not its math).
    expect(skipping.length).toBeGreaterThan(laidOut.length * 0.95);
  } finally {
    await page.close();
  }
});

/** The index of the first body paragraph reaching below the top of the screen, and how far below it starts. */
const paragraphAtTop = (page: Page) =>
  page.evaluate(() => {
    const paragraphs = [...document.querySelectorAll('[data-kx-article] > p')];
    const index = paragraphs.findIndex((p) => p.getBoundingClientRect().bottom > 0);
    return { index, top: Math.round(paragraphs[index].getBoundingClientRect().top) };
  });

it('"return to where you left off" lands on the paragraph the reader left, even while the layout settles', async () => {
  const first = await openRendered(article.url);
  await first.waitForFunction(() => performance.getEntriesByName('kx:math-settled').length > 0);
  // Halfway down the body: the scroll reports the reading position, and the article becomes "reading".
  await first.evaluate(() => {
    const box = document.querySelector('[data-kx-article]')!.getBoundingClientRect();
    scrollTo(0, scrollY + box.top + box.height / 2);
  });
  await first.waitForSelector('html[data-kx-state="reading"]');
  const left = await paragraphAtTop(first);
  await first.close();

  const page = await session.open(article.url);
  try {
    const resume = page.locator('button.kx-resume');
    await resume.waitFor();
    await resume.click();
    await page.waitForFunction(() => performance.getEntriesByName('kx:math-settled').length > 0);
    await page.waitForFunction(() => !document.documentElement.hasAttribute('data-kx-math-settling'));
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const landed = await paragraphAtTop(page);
    expect(landed.index).toBe(left.index);
    expect(Math.abs(landed.top - left.top)).toBeLessThan(20);
  } finally {
    await page.close();
  }
});
