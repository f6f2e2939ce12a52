/**
 * Visual differential test: every saved page with math, loaded with the site's MathJax 2.7.9 (our renderer off) and
 * with ours, at 1280 and 400 px. Every formula, in document order, must be within TOLERANCE (tests/e2e/visual.ts) of
 * MathJax's: size of its ink box, no equation number over it, no display formula out of the column or scrolling,
 * numbers where MathJax puts them, the same colours. The only exceptions are named below with their reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionSession } from './browser';
import { loadManifest } from './fixtures';
import { compareRenderers, medians, summaryLine, type Comparison } from './visual';

/** Formulas allowed outside tolerance, each with why: page URL, index in the page (0-based), the widths concerned. */
const TOLERATED: { page: string; i: number; widths: number[]; reason: string }[] = [];

const tolerated = (c: Comparison) => TOLERATED.some((t) => t.page === c.page && t.i === c.i && t.widths.includes(c.width));

const pages = loadManifest().filter((page) => page.kind === 'article' || page.kind === 'listing');

let session: ExtensionSession;
let comparisons: Comparison[] = [];
const problems: string[] = [];

beforeAll(async () => {
  session = await launchExtension();
  comparisons = await compareRenderers(session, pages, (line) => problems.push(line));
  console.log(summaryLine(comparisons));
  console.log(JSON.stringify(medians(comparisons)));
}, 20 * 60_000);
afterAll(async () => {
  await session?.close();
});

describe('our math looks like MathJax 2.7.9', () => {
  it('every page was measured with both renderers', () => {
    expect(problems).toEqual([]);
  });

  it.each(pages.map((p) => [p.url] as const))('%s: every formula within tolerance at 1280 and 400 px', (url) => {
    const outside = comparisons
      .filter((c) => c.page === url && c.outside.length > 0 && !tolerated(c))
      .map((c) => `${c.width}px #${c.i} ${c.display ? 'display' : 'inline'} ${c.outside.join('; ')}: ${c.tex.slice(0, 80)}`);
    expect(outside).toEqual([]);
  });

  it('every tolerated formula is still outside tolerance (the list holds nothing stale)', () => {
    const stale = TOLERATED.filter((t) => !comparisons.some((c) => c.page === t.page && c.i === t.i && t.widths.includes(c.width) && c.outside.length > 0));
    expect(stale).toEqual([]);
  });

  it('display formulas are, in the median, MathJax’s size (0.95–1.05) at both widths', () => {
    for (const [key, m] of Object.entries(medians(comparisons))) {
      if (!key.endsWith('display') || m.n === 0) continue;
      expect.soft(m.w, `${key} median width ratio`).toBeGreaterThanOrEqual(0.95);
      expect.soft(m.w, `${key} median width ratio`).toBeLessThanOrEqual(1.05);
      expect.soft(m.h, `${key} median height ratio`).toBeGreaterThanOrEqual(0.95);
      expect.soft(m.h, `${key} median height ratio`).toBeLessThanOrEqual(1.05);
    }
  });
});
