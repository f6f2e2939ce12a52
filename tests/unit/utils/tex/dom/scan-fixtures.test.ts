import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { scanMath } from '@/utils/tex/scan';
import { dedupe, FIXTURES_DIR, loadPages, openPage, readJsonl, rowsById } from './helpers';

const pages = loadPages();
const articles = pages.filter((p) => p.kind === 'article' && p.article);
const listings = pages.filter((p) => p.kind === 'listing');
const fixtureRows = rowsById(readJsonl(resolve(FIXTURES_DIR, 'tex.jsonl')));
// Listing excerpts are the start of articles: check them against every article whose formulas we have.
const knownRows = rowsById([
  ...readJsonl(resolve(FIXTURES_DIR, 'tex.jsonl')),
  ...readJsonl(resolve('tests/fixtures/corpus/tex.jsonl')),
]);

const contains = (root: Element | null, node: Node) => root?.contains(node) ?? false;

describe('scanMath on the saved article pages (whole body scanned, as MathJax does)', () => {
  it('has articles to check', () => {
    expect(articles.length).toBeGreaterThan(0);
  });

  it.each(articles.map((p) => [p.file, p] as const))(
    '%s: formulas, their order and counts match the manifest',
    (_, page) => {
      const { window, document } = openPage(page);
      try {
        const article = must(page.article, 'the article manifest');
        const all = scanMath(document.body);
        const body = document.querySelector('#PostContent') ?? document.querySelector('.PostContent');
        const comments = document.querySelector('#comments');
        expect(body, 'article body').not.toBeNull();
        const inBody = all.filter((m) => contains(body, m.start.node));
        const inComments = all.filter((m) => contains(comments, m.start.node));

        const expected = (fixtureRows.get(article.id) ?? []).map((r) => ({
          display: r.display,
          tex: r.tex,
          delim: r.delim,
        }));
        const found = dedupe(inBody).map((m) => ({ display: m.display, tex: m.tex, delim: m.delim }));
        expect(found).toEqual(expected.map((r) => (r.delim === undefined ? { ...r, delim: expect.any(String) } : r)));
        expect(inBody.length).toBe(article.formulas.occurrences_body);
        expect(inComments.length).toBe(article.formulas.occurrences_comments);
      } finally {
        void window.happyDOM.close();
      }
    },
    60_000,
  );
});

describe('scanMath on the saved listing pages (excerpts)', () => {
  it.each(listings.map((p) => [p.file, p] as const))(
    '%s: each excerpt starts like its article',
    (_, page) => {
      const { window, document } = openPage(page);
      try {
        const all = scanMath(document.body);
        for (const post of document.querySelectorAll('.Post')) {
          const link = post.querySelector('a[href*="/archives/"]');
          const id = /\/archives\/(\d+)/.exec(link?.getAttribute('href') ?? '')?.[1];
          const rows = id ? knownRows.get(id) : undefined;
          const found = dedupe(all.filter((m) => post.contains(m.start.node)));
          if (!rows || found.length === 0) continue;
          expect(found.map((m) => [m.display, m.tex])).toEqual(
            rows.slice(0, found.length).map((r) => [r.display, r.tex]),
          );
        }
      } finally {
        void window.happyDOM.close();
      }
    },
    60_000,
  );

  it('compares at least a few excerpts with their articles', () => {
    let compared = 0;
    for (const page of listings) {
      const { window, document } = openPage(page);
      const all = scanMath(document.body);
      for (const post of document.querySelectorAll('.Post')) {
        const id = /\/archives\/(\d+)/.exec(
          post.querySelector('a[href*="/archives/"]')?.getAttribute('href') ?? '',
        )?.[1];
        if (id && knownRows.has(id) && all.some((m) => post.contains(m.start.node))) compared++;
      }
      void window.happyDOM.close();
    }
    if (!process.env.KEXUE_FIXTURES) expect(compared).toBeGreaterThanOrEqual(5);
  }, 60_000);
});
