import { describe, expect, it } from 'vitest';
import { compareFormula, type FormulaFacts, pairFormulas, summaryLine } from '@/tests/e2e/visual';

const formula = (over: Partial<FormulaFacts> = {}): FormulaFacts => ({
  tex: 'x',
  display: true,
  error: false,
  w: 200,
  h: 40,
  lines: 1,
  shrunk: false,
  tags: [],
  tagOverlap: false,
  overflowPx: 0,
  tagGap: null,
  colors: [],
  ...over,
});

describe('the visual comparison of one formula', () => {
  it('is within tolerance when ours is MathJax’s size', () => {
    expect(compareFormula('p', 1280, 0, formula(), formula({ w: 204, h: 41 })).outside).toEqual([]);
  });

  it('catches a limit beside its operator instead of under it (wider, flatter)', () => {
    const c = compareFormula('p', 1280, 0, formula(), formula({ w: 250, h: 26 }));
    expect(c.w).toBe(1.25);
    expect(c.outside).toEqual(['width ×1.25', 'height ×0.65']);
  });

  it('forgives a few px on one-glyph formulas, not more', () => {
    expect(compareFormula('p', 1280, 0, formula({ w: 8, h: 9 }), formula({ w: 8, h: 12 })).outside).toEqual([]);
    expect(compareFormula('p', 1280, 0, formula({ w: 8, h: 9 }), formula({ w: 8, h: 15 })).outside).toEqual([
      'height ×1.67',
    ]);
  });

  it('catches a number over the formula, an overflow, a missing number and a lost colour', () => {
    const c = compareFormula(
      'p',
      400,
      3,
      formula({ tags: [{ left: 0, right: 1, top: 0, bottom: 1 }], tagGap: 0, colors: ['rgb(255, 0, 0)'] }),
      formula({ tagOverlap: true, overflowPx: 2 }),
    );
    expect(c.outside).toEqual([
      'number over the formula',
      '2 px out of the column',
      '0 numbers, MathJax 1',
      'colours none, MathJax rgb(255, 0, 0)',
    ]);
  });

  it('does not compare sizes where MathJax shrank an inline formula and ours broke it over lines', () => {
    const c = compareFormula(
      'p',
      400,
      0,
      formula({ display: false, shrunk: true, w: 300 }),
      formula({ display: false, lines: 2, w: 600, h: 40 }),
    );
    expect(c.outside).toEqual([]);
  });

  it('lets the tallest line of a formula ours broke be lower than MathJax’s whole, never taller', () => {
    const mj = formula({ display: false, w: 100, h: 30 });
    expect(compareFormula('p', 400, 0, mj, formula({ display: false, lines: 2, w: 100, h: 22 })).outside).toEqual([]);
    expect(compareFormula('p', 400, 0, mj, formula({ display: false, lines: 1, w: 100, h: 22 })).outside).toEqual([
      'height ×0.73',
    ]);
    expect(compareFormula('p', 400, 0, mj, formula({ display: false, lines: 2, w: 100, h: 40 })).outside).toEqual([
      'height ×1.33',
    ]);
  });
});

describe('pairing the two renderers’ formulas', () => {
  it('pairs by TeX in order and leaves a formula found by one side alone', () => {
    const mj = ['a', 'b', 'c'].map((tex) => formula({ tex }));
    const kx = ['a', 'x', 'b', 'c'].map((tex) => formula({ tex }));
    expect(pairFormulas(mj, kx).map(([m, k]) => `${m?.tex ?? '-'}${k?.tex ?? '-'}`)).toEqual(['aa', '-x', 'bb', 'cc']);
  });

  it('summarises in the documented line', () => {
    const cs = [
      compareFormula('p', 1280, 0, formula(), formula()),
      compareFormula('p', 1280, 1, formula({ display: false }), formula({ display: false, w: 400 })),
    ];
    expect(summaryLine(cs)).toBe(
      'visual: 2 formulas, 1 outside tolerance (display 0, inline 1); median w 1.500, median h 1.000',
    );
  });
});
