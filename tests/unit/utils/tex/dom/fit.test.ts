import { describe, expect, it } from 'vitest';
import { changedEnough, FIT_VAR, fitCss, naturalWidthEm } from '@/utils/tex/dom/fit';

describe('fitting display equations to their column', () => {
  it('a formula without a number is as wide as its body', () => {
    expect(naturalWidthEm(200, 0, 20)).toBe(10);
  });

  it('a numbered formula keeps room for its number and MathJax’s label spacing on both sides', () => {
    // body 200 px, number 30 px, em 20 px: 200 + 2 × (30 + 0.8 × 20) = 292 px = 14.6 em
    expect(naturalWidthEm(200, 30, 20)).toBeCloseTo(14.6, 6);
  });

  it('shrinks only below the normal size, from the measured width, at any container width', () => {
    const css = fitCss('1.2em', 'round(down, 1.2em, 0.01em)');
    expect(css).toContain('container-type: inline-size');
    expect(css).toContain(`font-size: min(1.2em, calc((100cqw - 4px) / var(${FIT_VAR}, 0.001)));`);
    expect(css).toContain(`font-size: min(round(down, 1.2em, 0.01em), calc((100cqw - 4px) / var(${FIT_VAR}, 0.001)));`);
  });
});

describe('measuring again', () => {
  it('writes a new natural width when a late font changed it, not for the rounding of a refitted formula', () => {
    expect(changedEnough(Number.NaN, 33.5)).toBe(true); // never measured
    expect(changedEnough(33.539, 35.925)).toBe(true); // 10878 (129): measured before KaTeX_Size2 had loaded
    expect(changedEnough(35.925, 35.93)).toBe(false);
    expect(changedEnough(35.925, 35.8)).toBe(false);
  });
});
