/** Small helpers shared by the bench scripts. */

/** Page loads per page and setting; the tables show medians. */
export const REPEATS = 3;

export const median = (xs: readonly (number | null | undefined)[]): number | null => {
  const known = xs.filter((x): x is number => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  return known[Math.floor(known.length / 2)] ?? null;
};

export const round = (x: number | null | undefined): number | null =>
  x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 100) / 100;
