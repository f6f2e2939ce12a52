/**
 * The reader's math tools in real Chromium on a saved article: copying a selection gives TeX, Alt+click shows one
 * formula's TeX, hovering an equation reference previews the equation.
 */

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
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

it('copying a paragraph with math puts its TeX on the clipboard', async () => {
  const { copied, tex } = await page.evaluate(() => {
    const math = document.querySelector('[data-kx-article] p [data-kx-math="inline"]');
    const paragraph = math?.closest('p');
    if (!math || !paragraph) throw new Error('no paragraph with inline math in the article');
    getSelection()?.selectAllChildren(paragraph);
    let copied = '';
    // Registered after the extension's handler, so it reads what that handler wrote.
    window.addEventListener(
      'copy',
      (e) => {
        copied = e.clipboardData?.getData('text/plain') ?? '';
      },
      { once: true },
    );
    document.execCommand('copy');
    return { copied, tex: math.getAttribute('data-kx-tex') ?? '' };
  });
  expect(copied).toContain(`$${tex}$`);
  expect(copied).not.toContain('katex');
});

it('Alt+click on a formula shows its TeX', async () => {
  const display = page.locator('[data-kx-article] [data-kx-math="display"]').first();
  const tex = await display.getAttribute('data-kx-tex');
  await display.scrollIntoViewIfNeeded();
  await display.click({ modifiers: ['Alt'] });
  const textarea = page.locator('[data-kx-ui="tex-popover"] textarea');
  await textarea.waitFor();
  expect(await textarea.inputValue()).toBe(tex);
  await page.keyboard.press('Escape');
  await page.locator('[data-kx-ui="tex-popover"]').waitFor({ state: 'detached' });
});

it('hovering an equation reference previews the equation', async () => {
  const link = page.locator('a[href^="#mjx-eqn-"]').first();
  await link.scrollIntoViewIfNeeded();
  await link.hover();
  const preview = page.locator('[data-kx-ui="eqref-preview"]');
  await preview.waitFor();
  expect(await preview.locator('.katex').count()).toBeGreaterThan(0);
  expect(await preview.locator('[id]').count()).toBe(0); // the copy never steals the anchors' ids
  await page.mouse.move(0, 0);
  await preview.waitFor({ state: 'detached' });
  expect(session.errors).toEqual([]);
});
