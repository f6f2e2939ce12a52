/**
 * Issue 10's boxes of our own UI and of numbered equations, in real Chromium at 1280 and 400 px: the `\eqref` hover
 * preview is wide enough that its number never covers the formula, the Alt+click TeX box shows a one-line formula on
 * one line from its start (sized to its longest line, not wrapped), and no numbered equation overflows its wrapper
 * (KaTeX's `margin-right: -2px` on the number gave a scrollbar under each).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionSession } from './browser';
import { openArticleWithEqrefs } from './eqref-article';

let session: ExtensionSession;
let page: Page;

beforeAll(async () => {
  ({ session, page } = await openArticleWithEqrefs());
});
afterAll(async () => {
  await session?.close();
});

describe.each([1280, 400])('at %i px', (width) => {
  beforeAll(async () => {
    await page.setViewportSize({ width, height: 900 });
    // Every formula laid out (content-visibility skips those off screen) and fitted to the new width: the fit
    // reacts in ResizeObserver callbacks, before the next paint.
    await page.addStyleTag({ content: '* { content-visibility: visible !important; }' });
    for (let i = 0; i < 3; i++)
      await page.evaluate(
        () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
      );
  });

  it('no numbered display equation is wider than its wrapper', async () => {
    const over = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-kx-math="display"]')]
        .filter((w) => w.querySelector('.tag'))
        .map((w) => ({ tex: (w.getAttribute('data-kx-tex') ?? '').slice(0, 60), over: w.scrollWidth - w.clientWidth }))
        .filter((e) => e.over > 0),
    );
    expect(over).toEqual([]);
  });

  it('the \\eqref preview shows its number beside the formula, inside the window', async () => {
    const link = page.locator('a[href^="#mjx-eqn-"]').first();
    await link.scrollIntoViewIfNeeded();
    await link.hover();
    const preview = page.locator('[data-kx-ui="eqref-preview"]');
    await preview.waitFor();
    const boxes = await preview.evaluate((p) => {
      const rect = (e: Element) => e.getBoundingClientRect();
      const tags = [...p.querySelectorAll('.katex-html > .tag')].map(rect);
      const glyphs = [...p.querySelectorAll('.katex-html > .base')].map(rect);
      return { tags, glyphs, preview: rect(p), viewport: document.documentElement.clientWidth };
    });
    expect(boxes.tags.length).toBeGreaterThan(0);
    for (const t of boxes.tags)
      for (const g of boxes.glyphs) {
        const overlap = Math.min(t.right, g.right) - Math.max(t.left, g.left);
        const vertical = Math.min(t.bottom, g.bottom) - Math.max(t.top, g.top);
        expect(overlap > 0.5 && vertical > 0.5, 'the number over the formula').toBe(false);
      }
    expect(boxes.preview.left).toBeGreaterThanOrEqual(0);
    expect(boxes.preview.right).toBeLessThanOrEqual(boxes.viewport);
    await page.mouse.move(0, 0);
    await preview.waitFor({ state: 'detached' });
  });

  it('Alt+click shows a one-line formula on one line, from its start', async () => {
    const longest = await page.evaluate(() => {
      const all = [...document.querySelectorAll('[data-kx-article] [data-kx-math="display"]')];
      const oneLine = all.filter((w) => !(w.getAttribute('data-kx-tex') ?? '').includes('\n'));
      const lengths = oneLine.map((w) => (w.getAttribute('data-kx-tex') ?? '').length);
      return all.indexOf(oneLine[lengths.indexOf(Math.max(...lengths))] ?? all[0] ?? document.body);
    });
    const display = page.locator('[data-kx-article] [data-kx-math="display"]').nth(longest);
    await display.scrollIntoViewIfNeeded();
    await display.click({ modifiers: ['Alt'] });
    const textarea = page.locator('[data-kx-ui="tex-popover"] textarea');
    await textarea.waitFor();
    const box = await textarea.evaluate((t: HTMLTextAreaElement) => {
      const style = getComputedStyle(t);
      const context = document.createElement('canvas').getContext('2d');
      if (context) context.font = `${style.fontSize} ${style.fontFamily}`;
      const widths = t.value.split('\n').map((line) => context?.measureText(line).width ?? 0);
      const lineHeight = parseFloat(style.lineHeight);
      return {
        longest: Math.max(...widths),
        lines: widths.length,
        scrollWidth: t.scrollWidth,
        clientWidth: t.clientWidth,
        shownLines: (t.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)) / lineHeight,
        scrollLeft: t.scrollLeft,
        room: window.innerWidth - 16 - 16 - 12,
      };
    });
    // Not wrapped: the longest line is one line of the box (scrolled sideways when wider than the window).
    expect(box.scrollWidth).toBeGreaterThanOrEqual(Math.floor(box.longest));
    // Sized to it: the whole line is shown when the window has room for it.
    if (box.longest < box.room) expect(box.clientWidth).toBeGreaterThanOrEqual(Math.floor(box.longest));
    expect(box.shownLines).toBeGreaterThanOrEqual(Math.min(box.lines, 12) - 0.1);
    expect(box.scrollLeft).toBe(0);
    await page.keyboard.press('Escape');
    await page.locator('[data-kx-ui="tex-popover"]').waitFor({ state: 'detached' });
  });
});
