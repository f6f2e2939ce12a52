/**
 * Seeded mutation fuzzing over the blog's real formulas: whatever the TeX, the pipeline never throws, every
 * formula comes back rendered or as ok:false with a message, and nothing that could act on the page gets through.
 */
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { prepareTexPage } from '@/utils/tex/pipeline';
import type { FormulaInput, RenderedFormula } from '@/utils/tex/types';
import { CORPUS, loadFormulas } from './corpus-data';
import { prng } from './prng';

const MUTATIONS = 10_500;
const PAGE_SIZE = 50;

/** Fragments chosen to hit the pipeline's own handling (numbering, macros, compatibility, security). */
const FRAGMENTS = [
  '{',
  '}',
  '\\\\',
  '&',
  '$',
  '%',
  '#',
  '#1',
  '^',
  '_',
  '\\',
  ' ',
  '\n',
  '[',
  ']',
  '\\begin{align}',
  '\\end{align}',
  '\\begin{equation}',
  '\\end{equation}',
  '\\begin{aligned}',
  '\\end{aligned}',
  '\\begin{multline}',
  '\\end{multline}',
  '\\begin{eqnarray}',
  '\\end{eqnarray}',
  '\\begin{gather*}',
  '\\label{x}',
  '\\label{eq:a}',
  '\\label{}',
  '\\eqref{x}',
  '\\ref{eq:a}',
  '\\eqref{',
  '\\tag{1}',
  '\\tag*{a}',
  '\\tag',
  '\\notag',
  '\\nonumber',
  '\\newcommand{\\a}{\\a}',
  '\\newcommand{b}[2][x]{#1#2}',
  '\\def\\c#1{#1#1}',
  '\\renewcommand',
  '\\newcommand{',
  '\\color{red}',
  '\\color',
  '\\style{position:fixed}',
  '\\style{color:red}{',
  '\\bbox[red,5px]',
  '\\href{javascript:alert(1)}',
  '\\url{',
  '\\htmlId{x}',
  '\\htmlStyle{top:0}',
  '\\class{x}',
  '\\require{cancel}',
  '\\text{a_b$',
  '\\mbox{',
  '\\uproot{',
  '\\setCounter{1}',
  '\\a',
  '\\b{',
  '\\c',
  '中文',
  '\u0000',
  '\ud800',
  '\\frac',
  '\\sqrt[',
  '\\left(',
  '\\right.',
];

function mutate(tex: string, random: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const at = () => Math.floor(random() * (tex.length + 1));
  const steps = 1 + Math.floor(random() * 3);
  for (let s = 0; s < steps; s++) {
    const i = at();
    const j = Math.min(tex.length, i + Math.floor(random() * 12));
    switch (Math.floor(random() * 6)) {
      case 0:
        tex = tex.slice(0, i) + pick(FRAGMENTS) + tex.slice(i);
        break;
      case 1:
        tex = tex.slice(0, i) + tex.slice(j);
        break;
      case 2:
        tex = tex.slice(0, i) + tex.slice(i, j) + tex.slice(i);
        break;
      case 3:
        tex = tex.slice(0, i);
        break;
      case 4:
        tex = tex.slice(j) + tex.slice(0, i);
        break;
      default:
        tex = tex.slice(0, i) + pick(FRAGMENTS) + tex.slice(j);
        break;
    }
  }
  return tex;
}

function unsafe(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<a [^>]*>/g))
    if (!/^<a (?:class="[^"]*" )?href="#mjx-eqn-[^"]*">$/.test(m[0])) found.push(m[0]);
  for (const m of html.matchAll(/ id="([^"]*)"/g)) if (!must(m[1], 'm[1]').startsWith('mjx-eqn-')) found.push(m[0]);
  for (const m of html.matchAll(/ style="([^"]*)"/g))
    if (/position:\s*(?:fixed|absolute|sticky)|url\(|z-index|translate/i.test(must(m[1], 'm[1]'))) found.push(m[0]);
  if (/<img|<script|javascript:|data-/i.test(html.replace(/<annotation.*?<\/annotation>/gs, '')))
    found.push('img/script/data');
  return found;
}

describe('fuzzing with mutated real formulas', () => {
  it(`handles ${MUTATIONS} mutated formulas without throwing`, { timeout: 600_000 }, () => {
    const corpus = loadFormulas(CORPUS);
    const random = prng(20260523);
    let rendered = 0;
    let failed = 0;
    const problems: string[] = [];
    for (let start = 0; start < MUTATIONS; start += PAGE_SIZE) {
      const page: FormulaInput[] = [];
      for (let k = 0; k < PAGE_SIZE; k++) {
        const f = must(corpus[Math.floor(random() * corpus.length)], 'a corpus formula');
        page.push({ tex: mutate(f.tex, random), display: random() < 0.5 });
      }
      let prepared: ReturnType<typeof prepareTexPage>;
      try {
        prepared = prepareTexPage(page);
      } catch (e) {
        problems.push(`prepareTexPage threw ${String(e)}`);
        continue;
      }
      for (let k = 0; k < page.length; k++) {
        let r: RenderedFormula;
        try {
          r = prepared.render(k);
        } catch (e) {
          problems.push(`render threw ${String(e)} on ${JSON.stringify(must(page[k], 'page[k]').tex.slice(0, 120))}`);
          continue;
        }
        if (r.ok) {
          rendered++;
          if (r.error !== null || !r.html.includes('class="katex'))
            problems.push(`ok without html: ${must(page[k], 'page[k]').tex.slice(0, 80)}`);
        } else {
          failed++;
          if (typeof r.error !== 'string' || r.error === '' || r.html !== '')
            problems.push(`failure without message: ${must(page[k], 'page[k]').tex.slice(0, 80)}`);
          // The pipeline's own passes must not throw (that message means they did and the prepass caught it).
          else if (r.error.startsWith('Prepass failed'))
            problems.push(`${r.error} on ${JSON.stringify(must(page[k], 'page[k]').tex.slice(0, 120))}`);
        }
        for (const bit of unsafe(r.html))
          problems.push(`unsafe output ${bit} from ${JSON.stringify(must(page[k], 'page[k]').tex.slice(0, 120))}`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(rendered + failed).toBeGreaterThanOrEqual(10_000);
    // Mutations break about half of the formulas; many still render (the fuzzer exercises rendering, not just errors).
    expect(rendered).toBeGreaterThan(MUTATIONS * 0.3);
  });
});
