/**
 * The blog's real formulas (tests/fixtures/corpus): every formula renders, and equation numbers, anchors, labels
 * and references are exactly what MathJax 2.7.9 produced for the same articles (mathjax-ref/ID.json).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '@/tests/manifest';
import { must } from '@/tests/must';
import { prepareTexPage } from '@/utils/tex/pipeline';
import type { PreparedTexPage, RenderedFormula } from '@/utils/tex/types';
import { byArticle, CORPUS, type CorpusFormula, KEXUE, loadFormulas, MATHJAX_REF_DIR } from './corpus-data';

interface RefFormula {
  tex: string;
  error: string | null;
  tags: string[];
  refs: string[];
}

interface MathJaxReference {
  id: string;
  formulas: RefFormula[];
  labels: Record<string, string>;
  labelIds: Record<string, string>;
  anchors: string[];
}

/**
 * Formulas allowed to fail, keyed "articleId#indexInArticle", each with the reason. Empty: every formula of the
 * corpus renders. Kept explicit so that a new failure (or a fixed one) shows up as a diff.
 */
const TOLERATED_FAILURES: Record<string, string> = {};

/** Formulas allowed to show an unknown command in red (MathJax's noUndefined behaviour), with the reason. */
const TOLERATED_UNKNOWN_COMMANDS: Record<string, string> = {};

interface RenderedArticle {
  id: string;
  formulas: CorpusFormula[];
  page: PreparedTexPage;
  results: RenderedFormula[];
}

function renderArticles(file: string): RenderedArticle[] {
  return [...byArticle(loadFormulas(file))].map(([id, formulas]) => {
    const page = prepareTexPage(formulas);
    return { id, formulas, page, results: formulas.map((_, i) => page.render(i)) };
  });
}

/** The crawler marked some multi-line TeX as a quote; the reference kept the `> ` markers (see the README). */
const normalize = (tex: string) => tex.replace(/\n> ?/g, '\n');

/** Pairs our formulas with the reference's, in order, by TeX; reference formulas we don't have are skipped. */
function align(formulas: CorpusFormula[], reference: RefFormula[]): (RefFormula | undefined)[] {
  const paired: (RefFormula | undefined)[] = [];
  let k = 0;
  for (const f of formulas) {
    const tex = normalize(f.tex);
    let j = k;
    while (j < reference.length && normalize(must(reference[j], 'reference[j]').tex) !== tex) j++;
    if (j < reference.length) {
      paired.push(reference[j]);
      k = j + 1;
    } else {
      paired.push(undefined);
    }
  }
  return paired;
}

const idsIn = (html: string) => [...html.matchAll(/ id="([^"]*)"/g)].map((m) => m[1]);

const corpus = renderArticles(CORPUS);

describe('tests/fixtures/corpus/tex.jsonl', () => {
  const all = corpus.flatMap((a) =>
    a.results.map((r, i) => ({ key: `${a.id}#${i}`, r, tex: must(a.formulas[i], 'a.formulas[i]').tex })),
  );

  it('has the documented size', () => {
    expect(all.length).toBe(4968);
    expect(corpus.length).toBe(97);
  });

  it('renders every formula except the tolerated ones (≥ 99.9%)', () => {
    const failures = Object.fromEntries(
      all.filter((f) => !f.r.ok).map((f) => [f.key, `${f.r.error} in ${f.tex.slice(0, 80)}`]),
    );
    expect(Object.keys(failures)).toEqual(Object.keys(TOLERATED_FAILURES));
    expect(all.filter((f) => f.r.ok).length / all.length).toBeGreaterThanOrEqual(0.999);
  });

  it('knows every command the corpus uses', () => {
    const unknown = Object.fromEntries(
      all.filter((f) => f.r.unknownCommands?.length).map((f) => [f.key, f.r.unknownCommands]),
    );
    expect(Object.keys(unknown)).toEqual(Object.keys(TOLERATED_UNKNOWN_COMMANDS));
  });

  describe.each(corpus.map((a) => [a.id, a] as const))('article %s matches MathJax 2.7.9', (id, article) => {
    const reference = JSON.parse(readFileSync(join(MATHJAX_REF_DIR, `${id}.json`), 'utf8')) as MathJaxReference;
    const paired = align(article.formulas, reference.formulas);

    it('pairs every formula with the reference', () => {
      expect(paired.filter((p) => !p).length).toBe(0);
      expect(reference.formulas.length - article.formulas.length).toBeLessThanOrEqual(1);
    });

    it('shows the same equation numbers and reference texts', () => {
      const ours = article.results.map((r) => ({ tags: r.tags, refs: r.refs }));
      const theirs = paired.map((p) => ({ tags: p?.tags, refs: p?.refs }));
      expect(ours).toEqual(theirs);
    });

    it('gives the equations the same anchor ids, in the HTML', () => {
      expect(article.results.flatMap((r) => r.anchorIds ?? [])).toEqual(reference.anchors);
      expect(article.results.flatMap((r) => idsIn(r.html))).toEqual(reference.anchors);
    });

    it('maps the same labels to the same numbers and anchors', () => {
      const labels = Object.fromEntries([...article.page.labels].map(([label, t]) => [label, t.tag]));
      const anchors = Object.fromEntries([...article.page.labels].map(([label, t]) => [label, t.anchorId]));
      expect(labels).toEqual(Object.fromEntries(Object.entries(reference.labels).map(([l, n]) => [l, `(${n})`])));
      expect(anchors).toEqual(reference.labelIds);
    });

    it('links every resolved reference to its anchor', () => {
      const hrefs = article.results.flatMap((r) => [...r.html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]));
      const resolved = article.results.flatMap((r) => r.refs).filter((t) => !t.includes('???'));
      expect(hrefs.length).toBe(resolved.length);
      const known = new Set(reference.anchors.map((a) => `#${encodeURIComponent(a)}`));
      for (const href of hrefs) expect(known).toContain(href);
    });
  });
});

describe("tests/fixtures/kexue/tex.jsonl (the fixture pages' formulas)", () => {
  const kexue = renderArticles(KEXUE);
  const articles = new Map(
    loadManifest(dirname(KEXUE)).flatMap((p) => (p.article ? [[p.article.id, p.article] as const] : [])),
  );

  it('renders every formula and knows every command', () => {
    const results = kexue.flatMap((a) => a.results.map((r, i) => ({ key: `${a.id}#${i}`, r })));
    expect(results.length).toBe(2041);
    expect(results.filter((x) => !x.r.ok).map((x) => `${x.key}: ${x.r.error}`)).toEqual([]);
    expect(results.filter((x) => x.r.unknownCommands?.length).map((x) => x.key)).toEqual([]);
  });

  it('numbers every label of the manifest and resolves every \\eqref', () => {
    for (const a of kexue) {
      const meta = articles.get(a.id);
      if (!meta) continue;
      expect([...a.page.labels.keys()].sort(), a.id).toEqual([...meta.labels].sort());
      expect(
        a.results.flatMap((r) => r.refs).filter((t) => t.includes('???')),
        a.id,
      ).toEqual([]);
    }
  });
});
