/**
 * Arrays laid out with MathJax 2.7.9's row heights (utils/tex/array-layout.ts). The heights expected are MathJax's
 * own arithmetic (HTML-CSS mtable.js): rows of ordinary cells 0.8em + 0.2em, `rowspacing` between them (array and
 * matrices 0.4em, cases 0.2em, aligned 0.3em), 0.5ex more above and below a ruled array.
 */
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { dimensionEm, mathjaxArrays } from '@/utils/tex/array-layout';
import { prepareTexPage } from '@/utils/tex/pipeline';

function html(tex: string): string {
  const rendered = prepareTexPage([{ tex, display: true }]).render(0);
  expect(rendered.error).toBeNull();
  return rendered.html;
}

/** The formula's height + depth in em: its KaTeX strut. */
function height(tex: string): number {
  return Number(must(/class="strut" style="height:([\d.]+)em/.exec(html(tex))?.[1], `the strut of ${tex}`));
}

const FRAME = 2 * 0.5 * 0.430554;

describe('rows as tall as MathJax 2.7.9’s', () => {
  it('matrices and arrays: 1em rows 0.4em apart (KaTeX alone: 1.2em rows)', () => {
    expect(height('\\begin{matrix}1 & 2 \\\\ 3 & 4 \\\\ 5 & 6\\end{matrix}')).toBeCloseTo(3 + 2 * 0.4, 3);
    expect(height('\\begin{array}{cc}1 & 2 \\\\ 3 & 4 \\\\ 5 & 6 \\\\ 7 & 8\\end{array}')).toBeCloseTo(4 + 3 * 0.4, 3);
  });

  it('cases: 0.2em between rows (KaTeX alone: 1.44em rows), so its brace is MathJax’s size (Size3)', () => {
    const cases = html('f = \\begin{cases}1, & x > 0 \\\\ 0, & x \\le 0\\end{cases}');
    expect(cases).toContain('delimsizing size3');
    expect(cases).not.toContain('size4');
  });

  it('aligned: 3pt between rows, so a brace around two rows is MathJax’s size (Size3, not Size4)', () => {
    expect(height('\\begin{aligned}x &= a + b \\\\ y &= c\\end{aligned}')).toBeCloseTo(2 + 0.3, 3);
    const brace = html('\\left\\{\\begin{aligned}&x = 1 \\\\ &y = 2\\end{aligned}\\right.');
    expect(brace).toContain('delimsizing size3');
    expect(brace).not.toContain('size4');
  });

  it('`\\\\[x]` adds x to the row spacing; a final `\\\\` adds no row', () => {
    expect(height('\\begin{matrix}1 \\\\[5pt] 2\\end{matrix}')).toBeCloseTo(2 + 0.4 + 0.5, 3);
    expect(height('\\begin{matrix}1 \\\\ 2 \\\\\\end{matrix}')).toBeCloseTo(2 + 0.4, 3);
  });

  it('`\\\\[x]` adds x under a deep row too (KaTeX alone: the row is at least x deep)', () => {
    const rows = (cr: string) => `\\begin{aligned}x &= \\dfrac{1}{2} ${cr} y &= \\dfrac{1}{2}\\end{aligned}`;
    expect(height(rows('\\\\[10pt]')) - height(rows('\\\\'))).toBeCloseTo(1, 3);
  });

  it('\\vdots and \\ddots are as tall as in MathJax’s fonts (1.3em and 1.52em above the baseline)', () => {
    expect(height('\\ddots')).toBeCloseTo(1.52, 3);
    expect(height('\\vdots')).toBeCloseTo(1.3 + 0.03, 1);
    expect(height('⋱')).toBeCloseTo(1.52, 3);
  });

  it('a ruled array has 0.5ex more above and below, whether the rules are rows or columns', () => {
    expect(height('\\begin{array}{c|c}1 & 2 \\\\ 3 & 4\\end{array}')).toBeCloseTo(2.4 + FRAME, 3);
    // KaTeX's top \\hline adds its own thickness (0.04em) above.
    expect(height('\\begin{array}{cc}\\hline 1 & 2 \\\\ \\hline 3 & 4 \\\\ \\hline\\end{array}')).toBeCloseTo(
      2.4 + FRAME + 0.04,
      3,
    );
  });
});

describe('mathjaxArrays', () => {
  it('gives each array its row height, its rows MathJax’s spacing and its 1/6em margins', () => {
    expect(mathjaxArrays('x=\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}y')).toBe(
      'x=\\begingroup\\def\\arraystretch{0.8333333}\\left(\\kern0.1667em' +
        '\\begin{matrix}1 & 2 \\\\[0.4em] 3 & 4\\end{matrix}\\kern0.1667em\\right)\\endgroup y',
    );
  });

  it('draws a plain array as a matrix* (MathJax’s 1/6em margins, not KaTeX’s 0.5em \\arraycolsep outside)', () => {
    expect(mathjaxArrays('\\begin{array}{cc}a\\end{array}')).toBe(
      '\\begingroup\\def\\arraystretch{0.8333333}\\kern0.1667em\\begin{matrix*}[c]a\\end{matrix*}\\kern0.1667em' +
        '\\endgroup ',
    );
    // Mixed alignments stay an array; a ruled one keeps its sides too.
    expect(mathjaxArrays('\\begin{array}{rl}a\\end{array}')).toBe(
      '\\begingroup\\def\\arraystretch{0.8333333}\\begin{array}{rl}a\\end{array}\\endgroup ',
    );
    expect(mathjaxArrays('\\begin{array}{c|c}a\\end{array}')).toContain(
      '\\begingroup\\def\\arraystretch{0.8333333}\\begin{array}',
    );
  });

  it('rewrites nested environments, and cases as the matrix* it is in MathJax', () => {
    const out = mathjaxArrays('\\begin{cases}\\begin{bmatrix}a \\\\ b\\end{bmatrix} & x \\\\[5pt] 0 & y\\end{cases}');
    expect(out).toContain('\\left\\{\\kern0.1667em\\begin{matrix*}[l]\\begingroup');
    expect(out).toContain('a \\\\[0.4em] b');
    // 5pt more than MathJax's 0.2em: an empty row (1em) taken back to 0.5em.
    expect(out).toContain('& x \\\\[0.2em]\\\\[-0.5em] 0 & y\\end{matrix*}\\kern0.1667em\\right.\\endgroup ');
  });

  it('leaves what it cannot read as it is', () => {
    for (const tex of [
      'a + b',
      '\\begin{equation}a\\\\b\\end{equation}',
      '\\begin{pmatrix}1 \\\\ 2',
      '\\begin{array}[t]{c}a\\end{array}',
    ]) {
      expect(mathjaxArrays(tex)).toBe(tex);
    }
    expect(mathjaxArrays('\\begin{matrix}1 \\\\[a] 2 % \\\\ \n\\end{matrix}')).toContain('1 \\\\[a] 2 % \\\\ \n\\end');
  });

  it('reads dimensions as MathJax’s dimen2em does', () => {
    expect(dimensionEm('5pt')).toBeCloseTo(0.5);
    expect(dimensionEm(' 1.5em ')).toBe(1.5);
    expect(dimensionEm('-.5ex')).toBeCloseTo(-0.215, 3);
    expect(dimensionEm('18mu')).toBeCloseTo(1);
    expect(dimensionEm('1fil')).toBeNull();
    expect(dimensionEm('x')).toBeNull();
  });
});
