/**
 * The longest saved article in real Chromium: paragraphs with math far down the page are left for the browser to
 * lay out when the reader gets there (content-visibility), yet the page ends up exactly as tall as without that,
 * links to an equation down there still land on it, printing shows them, and "return to where you left off" lands where
 * the reader left.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DATABASE_NAME } from '@/utils/db/database';
import { type ExtensionSession, launchExtension } from './browser';
import { articleOf, loadManifest, type ManifestPage } from './fixtures';
import { until } from './wait';

const formulas = (p: ManifestPage) => articleOf(p).formulas.occurrences_body;
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
      const last = paragraphs.at(-1)?.querySelector('[data-kx-math]:not([data-kx-pending])');
      if (!last) throw new Error('no rendered formula in the last paragraph with math');
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

    await page.$eval('[data-test-far]', (far) => far.scrollIntoView({ block: 'center' }));
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const after = await page.$eval('[data-test-far]', (far) => {
      const box = far.querySelector('.katex')?.getBoundingClientRect() ?? new DOMRect();
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
    const heights = await page.$eval('[data-kx-article]', (body) => {
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
    () => [...document.querySelectorAll('[data-kx-article] [id^="mjx-eqn-"]')].at(-1)?.id ?? '',
  );
  await first.close();
  expect(lastAnchor).toMatch(/^mjx-eqn-./);

  const page = await openRendered(`${article.url}#${encodeURIComponent(lastAnchor)}`);
  try {
    const where = () =>
      page.evaluate((id) => {
        const box = document.getElementById(id)?.getBoundingClientRect();
        return { scrolled: scrollY > innerHeight, onScreen: !!box && box.top >= 0 && box.bottom <= innerHeight };
      }, lastAnchor);
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

/** The reading position saved for an article, read from the extension's database in its service worker. */
const savedPosition = (id: string) =>
  session.worker.evaluate(
    ({ name, id }) =>
      new Promise<number | null>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('reading').objectStore('reading').get(id);
          get.onsuccess = () => resolve(get.result?.position ?? null);
          get.onerror = () => reject(get.error);
          get.transaction?.addEventListener('complete', () => db.close());
        };
      }),
    { name: DATABASE_NAME, id },
  );

/** The index of the first body paragraph reaching below the top of the screen, and how far below it starts. */
const paragraphAtTop = (page: Page) =>
  page.evaluate(() => {
    const paragraphs = [...document.querySelectorAll('[data-kx-article] > p')];
    const index = paragraphs.findIndex((p) => p.getBoundingClientRect().bottom > 0);
    return { index, top: Math.round(paragraphs[index]?.getBoundingClientRect().top ?? Number.NaN) };
  });

it('"return to where you left off" lands on the paragraph the reader left, even while the layout settles', async () => {
  const first = await openRendered(article.url);
  await first.waitForFunction(() => performance.getEntriesByName('kx:math-settled').length > 0);
  // Halfway down the body: the scroll reports the reading position, which the extension saves. (The page was
  // "reading" as soon as it opened, and its progress figure is the furthest point reached by the tests above.)
  await first.$eval('[data-kx-article]', (body) => {
    const box = body.getBoundingClientRect();
    scrollTo(0, scrollY + box.top + box.height / 2);
  });
  const position = await first.$eval('[data-kx-article]', (body) => {
    const box = body.getBoundingClientRect();
    return -box.top / box.height;
  });
  await until(
    () => savedPosition(articleOf(article).id),
    (saved) => saved !== null && Math.abs(saved - position) < 0.005,
    { what: `the reading position ${position.toFixed(3)} to be saved` },
  );
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
