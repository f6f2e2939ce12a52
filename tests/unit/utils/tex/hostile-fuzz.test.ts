/**
 * Fuzzing comment TeX for the page's thread (issue #15.1): hostile formulas, fixed and generated, go through what the
 * content script does on the page's thread (the prepass, then `render(i, { maxTokens: MAIN_THREAD_TOKENS })` for the
 * first chunk) and what the worker does with the rest (`render(i)`, under its time limit in the browser).
 * Asserted: every formula is rendered or shown as source with a reason, and what the page's thread renders is never
 * heavy (under the page thread's share of tokens and under the HTML bound). Printed, not asserted: the worst block
 * of the page's thread per formula, measured here in Node (the target is 50 ms).
 */
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { MAIN_THREAD_TOKENS, MAX_HTML_LENGTH, measureExpansion } from '@/utils/tex/bounds';
import { MATHJAX_MACROS } from '@/utils/tex/mathjax-macros';
import { prepareTexPage } from '@/utils/tex/pipeline';
import { clearRenderCache } from '@/utils/tex/render';
import type { FormulaInput } from '@/utils/tex/types';
import { BIG_MACRO_CALLED, MANY_FRACTIONS, NESTED_DEF_BOMB } from './hostile-tex';
import { prng } from './prng';

const REPEATS = 3;

const HOSTILE: string[] = [
  NESTED_DEF_BOMB,
  BIG_MACRO_CALLED,
  MANY_FRACTIONS,
  'x'.repeat(19_000),
  'x+'.repeat(9_000),
  '\\def\\a{\\a\\a}\\a',
  `\\def\\a#1{#1#1}${'\\a{'.repeat(30)}x${'}'.repeat(30)}`,
  `\\newcommand{\\d}[2][o]{#2#2#1}${'\\d{'.repeat(40)}x${'}'.repeat(40)}`,
  `\\def\\e#1{}\\def\\b{\\e{${'x'.repeat(5_000)}}\\b}\\b`,
  '\\let\\c\\frac\\def\\b{\\c{a}{b}\\c{a}{b}\\c{a}{b}\\c{a}{b}}\\def\\d{\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b}' +
    '\\d'.repeat(40),
  `\\gdef\\g{${'y'.repeat(200)}}${'\\g'.repeat(200)}`,
  `${'\\sqrt{'.repeat(300)}x${'}'.repeat(300)}`,
  `${'{'.repeat(2_000)}x${'}'.repeat(2_000)}`,
  `${'\\frac{'.repeat(200)}x${'}{y}'.repeat(200)}`,
  `${'\\left('.repeat(500)}x${'\\right)'.repeat(500)}`,
  `\\begin{array}{${'c'.repeat(200)}}${(`${'a&'.repeat(199)}a\\\\`).repeat(40)}\\end{array}`,
  `\\begin{matrix}${'1&'.repeat(3_000)}1\\end{matrix}`,
  '\\color{red}{x}'.repeat(2_000),
  `\\text{${'ab '.repeat(6_000)}}`,
  `${'\\overbrace{'.repeat(100)}x${'}'.repeat(100)}`,
  `${'\\xrightarrow{'.repeat(100)}x${'}'.repeat(100)}`,
  `${'\\style{transform:scale(5)}{'.repeat(6)}x${'}'.repeat(6)}`,
  '\\rule{50em}{50em}'.repeat(200),
  '\\unicode{x41}'.repeat(2_000),
  `\\operatorname{${'x'.repeat(10_000)}}`,
  `\\mathbb{${'R'.repeat(10_000)}}`,
  '\\href{javascript:alert(1)}{x}'.repeat(500),
];

/** Macro towers: random depth, fan-out, body and arguments, split over the formulas of one page. */
function generatedPage(random: () => number): FormulaInput[] {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const depth = int(1, 5);
  const atoms = ['x', '\\frac{a}{b}', 'x+', '\\sqrt{x}', '{x}^{2}', '\\alpha ', '#1', '#1#1'];
  const formulas: FormulaInput[] = [];
  let previous = must(atoms[int(0, atoms.length - 1)], 'an atom')
    .repeat(int(1, 200))
    .replace(/#1/g, 'z');
  for (let level = 0; level < depth; level++) {
    const name = `\\m${'abcdefgh'[level]}`;
    const takesArg = random() < 0.3;
    const body = (level === 0 ? previous : `\\m${'abcdefgh'[level - 1]}${takesArg ? '{#1}' : ''}`).repeat(
      level === 0 ? 1 : int(2, 40),
    );
    const parameter = takesArg && level > 0 ? '#1' : '';
    formulas.push({
      tex: `\\def${name}${parameter}{${body.replace(/#1/g, parameter || 'z')}}`,
      display: false,
    });
    previous = name;
  }
  formulas.push({
    tex: `${previous}${previous.endsWith('a') ? '' : '{q}'}`.repeat(int(1, 20)),
    display: random() < 0.5,
  });
  return formulas;
}

describe('hostile comment TeX on the page’s thread', () => {
  it('renders each formula or shows it as source with a reason, and runs nothing heavy on the page’s thread', () => {
    const pages: FormulaInput[][] = [HOSTILE.map((tex) => ({ tex, display: false }))];
    const random = prng(0x15_1);
    for (let k = 0; k < 150; k++) pages.push(generatedPage(random));

    // Warm, as the page's KaTeX is after its first formulas (the first call of any code path is compiled then).
    prepareTexPage([{ tex: '\\frac{a}{b}+\\sqrt{x}', display: true }]).render(0);
    const blocks: { ms: number; tex: string }[] = [];
    let formulas = 0;
    let onPageThread = 0;
    let refused = 0;
    for (const inputs of pages) {
      // Each formula's block is the least of REPEATS runs (render cache cleared): the machine is shared, and a run
      // slowed by another process says nothing about the formula.
      let page = prepareTexPage(inputs);
      const bestBlock = inputs.map(() => Infinity);
      for (let run = 0; run < REPEATS; run++) {
        clearRenderCache();
        const prepassStart = performance.now();
        page = prepareTexPage(inputs);
        const prepassShare = (performance.now() - prepassStart) / inputs.length;
        inputs.forEach((_, i) => {
          const start = performance.now();
          page.render(i, { maxTokens: MAIN_THREAD_TOKENS });
          bestBlock[i] = Math.min(bestBlock[i] ?? Infinity, prepassShare + performance.now() - start);
        });
      }
      inputs.forEach((input, i) => {
        formulas++;
        blocks.push({ ms: bestBlock[i] ?? Infinity, tex: input.tex });
        const here = page.render(i, { maxTokens: MAIN_THREAD_TOKENS });
        if (!here.deferred) {
          // Rendered (or refused) on the page's thread: only what is cheap to render gets that far.
          if (here.ok) {
            onPageThread++;
            expect(here.html.length).toBeLessThanOrEqual(MAX_HTML_LENGTH);
            // A formula that defines nothing (and has no link, which the pipeline drops) reaches KaTeX nearly as
            // written: if it is heavy, it was not rendered here.
            if (!/\\(?:g?def|newcommand|let|href)/.test(input.tex)) {
              expect(measureExpansion(input.tex, MATHJAX_MACROS).tokens, input.tex.slice(0, 80)).toBeLessThanOrEqual(
                2 * MAIN_THREAD_TOKENS,
              );
            }
          } else {
            refused++;
            expect(here.error, input.tex.slice(0, 80)).toMatch(/\S/);
          }
          return;
        }
        // The worker's part: rendered, or shown as source with the reason.
        const there = page.render(i);
        expect(there.deferred).toBeUndefined();
        if (there.ok) expect(there.html.length).toBeLessThanOrEqual(MAX_HTML_LENGTH);
        else expect(there.error, input.tex.slice(0, 80)).toMatch(/\S/);
      });
    }
    // Every #15.1 finding is refused before KaTeX, wherever it runs.
    for (const tex of [NESTED_DEF_BOMB, BIG_MACRO_CALLED, MANY_FRACTIONS]) {
      const r = prepareTexPage([{ tex, display: false }]).render(0);
      expect(r.error).toMatch(/too large to render/);
    }
    blocks.sort((a, b) => b.ms - a.ms);
    const median = must(blocks[Math.floor(blocks.length / 2)], 'a median block').ms;
    console.info(
      `hostile TeX: ${formulas} formulas, ${onPageThread} rendered on the page's thread, ${refused} refused there; ` +
        `page-thread block per formula (prepass share + render): median ${median.toFixed(2)} ms, worst three ` +
        blocks
          .slice(0, 3)
          .map((b) => `${b.ms.toFixed(1)} ms ${JSON.stringify(b.tex.slice(0, 40))}`)
          .join(', ') +
        ' (target 50 ms; Node on this machine, shared with other work)',
    );
  }, 300_000);
});
