/**
 * KaTeX's hidden MathML, read by screen readers, is valid for Firefox's parser on every real formula: no script
 * element with a surplus child, no empty attribute value (Firefox reports both as "Invalid markup" or a parse error).
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { mathmlProblems, validMathML } from '@/utils/tex/mathml';
import { prepareTexPage } from '@/utils/tex/pipeline';
import { byArticle, CORPUS, KEXUE, loadFormulas } from './corpus-data';

const katexMathML = (tex: string, displayMode = false) =>
  katex.renderToString(tex, { output: 'htmlAndMathml', displayMode, strict: 'ignore' });

describe('validMathML', () => {
  it.each([
    ['x_{\\min}', '<msub> with 3 children (needs 2)'],
    ['x_{\\max}^{n}', '<msubsup> with 4 children (needs 3)'],
    ['\\sum_{\\max}^{n} x', '<munderover> with 4 children (needs 3)'],
    ['\\begin{aligned}a=b\\\\c=d\\end{aligned}', '<mtable> with an empty columnspacing=""'],
  ])('fixes what KaTeX writes for %s', (tex, problem) => {
    const raw = katexMathML(tex, true);
    expect(mathmlProblems(raw)).toContain(problem); // the checker sees what Firefox reports
    const fixed = validMathML(raw);
    expect(mathmlProblems(fixed)).toEqual([]);
    // Only the MathML changes; KaTeX's HTML (what is seen) is untouched.
    expect(fixed.slice(fixed.indexOf('</math>'))).toBe(raw.slice(raw.indexOf('</math>')));
  });

  it(
    'joins an operator name with its U+2061 into one script: ' +
      'x_{\\min} reads as x sub min, x_{\\max}^n as x sub max sup n',
    () => {
      expect(validMathML(katexMathML('x_{\\min}'))).toContain(
        '<msub><mi>x</mi><mrow><mi>min</mi><mo>\u2061</mo></mrow></msub>',
      );
      expect(validMathML(katexMathML('x_{\\max}^{n}'))).toContain(
        '<msubsup><mi>x</mi><mrow><mi>max</mi><mo>\u2061</mo></mrow><mi>n</mi></msubsup>',
      );
    },
  );

  it('drops an empty attribute value and keeps the others', () => {
    const html =
      '<span class="katex"><math><semantics><mtable rowspacing="0.25em" columnspacing="">' +
      '<mtr><mtd><mi>a</mi></mtd></mtr></mtable></semantics></math></span>';
    expect(mathmlProblems(html)).toEqual(['<mtable> with an empty columnspacing=""']);
    expect(validMathML(html)).toBe(
      '<span class="katex"><math><semantics><mtable rowspacing="0.25em">' +
        '<mtr><mtd><mi>a</mi></mtd></mtr></mtable></semantics></math></span>',
    );
  });

  it('makes a negative row spacing 0 (arrays with MathJax rows: \\arraystretch 5/6)', () => {
    const raw = katexMathML('\\def\\arraystretch{0.8333333}\\begin{matrix}a\\\\b\\end{matrix}', true);
    expect(mathmlProblems(raw)).toEqual(['<mtable> with a negative rowspacing']);
    const fixed = validMathML(raw);
    expect(mathmlProblems(fixed)).toEqual([]);
    expect(fixed).toContain('rowspacing="0em"');
    expect(fixed.slice(fixed.indexOf('</math>'))).toBe(raw.slice(raw.indexOf('</math>')));
  });

  it('nests: a fixed script inside a fixed script', () => {
    const fixed = validMathML(katexMathML('a_{b_{\\min}\\max}'));
    expect(mathmlProblems(fixed)).toEqual([]);
  });
});

describe.each([
  ['the corpus', CORPUS],
  ['the saved pages', KEXUE],
])('every formula of %s through the pipeline', (_, file) => {
  it('has MathML Firefox accepts, and valid MathML is left byte for byte', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const page of byArticle(loadFormulas(file)).values()) {
      const prepared = prepareTexPage(page);
      page.forEach((formula, k) => {
        const { html, ok } = prepared.render(k);
        if (!ok) return;
        checked++;
        for (const problem of mathmlProblems(html))
          problems.push(`${formula.id} ${formula.tex.slice(0, 60)}: ${problem}`);
        expect(validMathML(html)).toBe(html); // idempotent
      });
    }
    expect(checked).toBeGreaterThan(1000);
    expect(problems).toEqual([]);
  }, 120_000);
});
