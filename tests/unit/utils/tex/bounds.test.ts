/**
 * Bounded rendering (issue #15.1): a formula's expanded size is measured before KaTeX sees it, its HTML after, and
 * both bounds sit above every real formula of the corpus. The hostile shapes here each held the page's thread for
 * seconds before the bound (their KaTeX time grows faster than their size).
 */
import { describe, expect, it } from 'vitest';
import { MAIN_THREAD_TOKENS, MAX_EXPANDED_TOKENS, MAX_HTML_LENGTH, measureExpansion } from '@/utils/tex/bounds';
import { MATHJAX_MACROS } from '@/utils/tex/mathjax-macros';
import { prepareTexPage } from '@/utils/tex/pipeline';
import { byArticle, CORPUS, KEXUE, loadFormulas } from './corpus-data';
import { BIG_MACRO_CALLED, MANY_FRACTIONS, NESTED_DEF_BOMB } from './hostile-tex';

const x100 = 'x'.repeat(100);

function renderAlone(tex: string, display = false) {
  return prepareTexPage([{ tex, display }]).render(0);
}

describe('measureExpansion', () => {
  it('counts the tokens of the formula and of every expansion', () => {
    expect(measureExpansion('a+b', {}).tokens).toBe(3);
    expect(measureExpansion('\\x\\x', { '\\x': 'abc' }).tokens).toBe(2 + 6);
    // #1 substituted twice: 5 (\d, {, a, b, }) + 4 (abab).
    expect(measureExpansion('\\d{ab}', { '\\d': '#1#1' }).tokens).toBe(9);
    // Definitions made inside the formula, as KaTeX runs them.
    expect(measureExpansion('\\def\\y{pq}\\y\\y', {}).tokens).toBe(8 + 4);
    expect(measureExpansion('\\let\\z\\y\\z', { '\\y': 'pq' }).tokens).toBe(4 + 2);
  });

  it('replays the pipeline’s function macros', () => {
    // \cases is a string macro with one argument; \skew a function macro keeping two of its three arguments.
    expect(measureExpansion('\\skew{1}{a}{b}', MATHJAX_MACROS).tokens).toBe(10 + 6);
  });

  it('stops as soon as the limit is passed, whatever the formula would expand to', () => {
    const size = measureExpansion(NESTED_DEF_BOMB, {}, 1000);
    expect(size).toMatchObject({ tokens: 1001, overLimit: true });
    expect(measureExpansion('\\def\\a{\\a\\a}\\a', {}).overLimit).toBe(true);
  });
});

describe('bounded rendering', () => {
  it.each([
    ['nested definitions (90,000 symbols)', NESTED_DEF_BOMB],
    ['a 19k-character macro called 20 times', BIG_MACRO_CALLED],
    ['page macros spread over formulas', `\\def\\p{${x100}}\\def\\q{${'\\p'.repeat(40)}}\\q\\q\\q\\q`],
  ])('refuses %s before KaTeX runs, with the reason', (_name, tex) => {
    const started = performance.now();
    const r = renderAlone(tex);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/^Formula too large to render: its macros expand to more than 12,000 symbols$/);
    // Not a timing assertion: a record of what was refused this quickly, printed for the report.
    console.info(`refused in ${(performance.now() - started).toFixed(1)} ms`);
  });

  it('refuses a formula whose HTML would be too large for the page', () => {
    const r = renderAlone(MANY_FRACTIONS);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/too large to render/);
  });

  it('leaves formulas over the page thread’s share to the caller, without caching that answer', () => {
    const tex = 'x'.repeat(MAIN_THREAD_TOKENS + 10);
    const page = prepareTexPage([{ tex, display: false }]);
    expect(page.render(0, { maxTokens: MAIN_THREAD_TOKENS })).toMatchObject({ ok: false, deferred: true, error: null });
    expect(page.render(0)).toMatchObject({ ok: true });
    // Rendered once, the formula is served from the cache even to a limited caller.
    expect(page.render(0, { maxTokens: MAIN_THREAD_TOKENS }).ok).toBe(true);
  });

  it('keeps every real formula under the bounds, and all but 1% under the page thread’s share', () => {
    let largest = 0;
    let largestHtml = 0;
    let overMainThread = 0;
    let total = 0;
    for (const file of [CORPUS, KEXUE]) {
      for (const [, formulas] of byArticle(loadFormulas(file))) {
        const page = prepareTexPage(formulas);
        total += formulas.length;
        formulas.forEach((_, i) => {
          const r = page.render(i, { maxTokens: MAIN_THREAD_TOKENS });
          if (r.deferred) overMainThread++;
          const full = r.deferred ? page.render(i) : r;
          expect(full.error).toBeNull();
          largestHtml = Math.max(largestHtml, full.html.length);
        });
        largest = Math.max(largest, ...formulas.map((f) => measureExpansion(f.tex, MATHJAX_MACROS).tokens));
      }
    }
    expect(largest).toBeLessThan(MAX_EXPANDED_TOKENS / 2);
    expect(largestHtml).toBeLessThan(MAX_HTML_LENGTH / 2);
    expect(overMainThread).toBeLessThanOrEqual(total / 100);
  }, 120_000);
});
