/** Scan + pipeline + render on every saved page: everything rendered or shown as source, no raw TeX left. */
import { describe, expect, it } from 'vitest';
import { renderMath } from '@/utils/tex/dom/render';
import { prepareTexPage } from '@/utils/tex/pipeline';
import { scanMath } from '@/utils/tex/scan';
import { loadPages, openPage } from './helpers';

const SKIPPED = /^(script|noscript|style|textarea|pre|code)$/i;
const RAW_TEX = /\$|\\\(|\\\[|\\begin\{|\\(eq)?ref\{/;

/** Text outside our wrappers and outside the tags MathJax skips, joined per text node. */
function textOutsideMath(root: Element): string[] {
  const out: string[] = [];
  const walk = (el: Element) => {
    for (const n of el.childNodes) {
      if (n.nodeType === 3) out.push(n.nodeValue ?? '');
      else if (n.nodeType === 1) {
        const child = n as Element;
        if (!SKIPPED.test(child.tagName) && !child.hasAttribute('data-kx-math')) walk(child);
      }
    }
  };
  walk(root);
  return out;
}

// happy-dom parses KaTeX's HTML slowly (a heavy article takes seconds): by default every listing page and one article
// in eight; all pages with KEXUE_FIXTURES (another set of pages) or KX_TEX_DOM_ALL=1.
const all = Boolean(process.env.KEXUE_FIXTURES || process.env.KX_TEX_DOM_ALL);
const pages = loadPages()
  .slice()
  .sort((a, b) => a.file.localeCompare(b.file))
  .filter(
    (p, _i, list) => all || p.kind !== 'article' || list.filter((q) => q.kind === 'article').indexOf(p) % 8 === 0,
  );

describe('rendering the saved pages', () => {
  it.each(pages.map((p) => [p.file, p] as const))(
    '%s',
    async (_, page) => {
      const { window, document } = openPage(page);
      try {
        const matches = scanMath(document.body);
        const prepared = prepareTexPage(matches.map((m) => ({ tex: m.tex, display: m.display })));
        const summary = await renderMath(document.body, prepared, matches, {
          schedule: (t) => t(),
          chunkBudgetMs: Infinity,
        }).done;

        expect(summary.rendered + summary.failed).toBe(matches.length);
        expect(summary.skipped).toBe(0);
        expect(document.querySelectorAll('[data-kx-pending]').length).toBe(0);
        expect(document.querySelectorAll('[data-kx-math]').length).toBe(matches.length);
        // Sidebars quote comments cut mid-formula ("…$(Q..."): MathJax leaves those as text too. Posts must be clean.
        for (const post of document.querySelectorAll('#PostContent, .PostContent')) {
          expect(textOutsideMath(post).filter((t) => RAW_TEX.test(t))).toEqual([]);
        }
        for (const target of prepared.labels.values()) {
          expect(document.getElementById(target.anchorId), target.anchorId).not.toBeNull();
        }
        const once = document.body.innerHTML;
        expect(scanMath(document.body)).toEqual([]);
        expect(document.body.innerHTML).toBe(once);
      } finally {
        void window.happyDOM.close();
      }
    },
    60_000,
  );
});
