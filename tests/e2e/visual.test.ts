/**
 * Visual differential test: every saved page with math, loaded with the site's MathJax 2.7.9 (our renderer off) and
 * with ours, at 1280 and 400 px. Every formula, in document order, must be within TOLERANCE (tests/e2e/visual.ts) of
 * MathJax's: size of its ink box, no equation number over it, no display formula out of the column or scrolling,
 * numbers where MathJax puts them, the same colours. The only exceptions are named below with their reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchExtension } from './browser';
import { loadManifest } from './fixtures';
import { type Comparison, compareRenderers, medians, summaryLine } from './visual';

/**
 * Known differences not fixed yet, each a class of formulas by their TeX, the problems it excuses (the start of an
 * entry of Comparison.outside) and why. Anything else outside tolerance fails, and so does a class that no longer
 * excuses anything (the list holds nothing stale). Classes, not single formulas: the same cause shows on every page,
 * and on other saved pages (KEXUE_FIXTURES, tex:visual) too.
 */
const KNOWN_DIFFERENCES: { name: string; tex: RegExp; problems: string[]; reason: string }[] = [
  {
    name: 'CJK text in tables',
    tex: /(?:\\hline|\\begin\{array\}\{[^}]*[|:])[\s\S]*[\u3000-\u9fff\uff00-\uffef]/,
    problems: ['width', 'height'],
    reason:
      'ruled tables of Chinese text: CJK in math is ×1.27 as wide as MathJax’s (`\\text{这个黑心老板太可恶了}` alone, ' +
      'no table: ×1.27), a text-metrics difference, not the table’s layout; at 400 px both are shrunk to the column, ' +
      'so ours, wider, comes out ×0.80–0.84 as tall',
  },
  {
    name: 'CSS boxes',
    tex: /\\style\{[^}]*\b(?:width|padding)\s*:[^};]*\dex\b/,
    problems: ['width', 'height'],
    reason:
      'a \\style box sized in ex (10226: width 24ex, padding 10ex): MathJax resolves ex against its own font and ' +
      'its shrink hook scales the box with the formula; in ours the ex is the surrounding KaTeX font’s (×0.85 wide ' +
      'at 1280 px, ×1.24 tall at 400 px)',
  },
];

const excuses = (rule: (typeof KNOWN_DIFFERENCES)[number], c: Comparison, problem: string) =>
  rule.tex.test(c.tex) && rule.problems.some((p) => problem.startsWith(p) || problem.endsWith(p));
const unexplained = (c: Comparison) =>
  c.outside.filter((problem) => !KNOWN_DIFFERENCES.some((rule) => excuses(rule, c, problem)));

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
      .filter((c) => c.page === url && unexplained(c).length > 0)
      .map(
        (c) =>
          `${c.width}px #${c.i} ${c.display ? 'display' : 'inline'} ` +
          `${unexplained(c).join('; ')}: ${c.tex.slice(0, 80)}`,
      );
    expect(outside).toEqual([]);
  });

  it('every known difference still excuses some formula (the list holds nothing stale)', () => {
    const stale = KNOWN_DIFFERENCES.filter(
      (rule) => !comparisons.some((c) => c.outside.some((problem) => excuses(rule, c, problem))),
    );
    expect(stale.map((rule) => rule.name)).toEqual([]);
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
