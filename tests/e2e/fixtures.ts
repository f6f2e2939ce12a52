/**
 * The saved pages the e2e suites run on: a directory with a manifest.json (default: the committed copy under
 * tests/fixtures/kexue, overridable with KEXUE_FIXTURES) whose pages are served at their real URLs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ManifestEntry {
  id: string;
  title: string;
  date: string;
}

export interface ManifestArticle {
  id: string;
  title: string;
  date: string;
  category: string;
  tags: string[];
  prevId: string | null;
  nextId: string | null;
  formulas: { inline: number; display: number; total: number; occurrences_body: number; occurrences_comments: number };
  labels: string[];
  eqrefs: string[];
  comments: { count: number; on_page: number; with_tex: number };
}

export interface ManifestPage {
  file: string;
  url: string;
  kind: 'listing' | 'article' | 'archive';
  listing?: string;
  page?: number;
  entries?: ManifestEntry[];
  article?: ManifestArticle;
}

export const FIXTURES_DIR = resolve(process.env.KEXUE_FIXTURES ?? 'tests/fixtures/kexue');

export function loadManifest(dir = FIXTURES_DIR): ManifestPage[] {
  const path = resolve(dir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`No manifest.json in ${dir} (set KEXUE_FIXTURES to a saved-pages directory)`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { pages?: ManifestPage[] };
  if (!Array.isArray(manifest.pages) || manifest.pages.length === 0) throw new Error(`${path} lists no pages`);
  return manifest.pages;
}

/** host + path without a trailing slash: the same page whatever the scheme or the final slash. */
export function pageKey(url: string): string {
  const { host, pathname } = new URL(url);
  return `${host}${pathname.replace(/\/+$/, '')}`.toLowerCase();
}

export function fileIndex(pages: ManifestPage[], dir = FIXTURES_DIR): Map<string, string> {
  return new Map(pages.map((page) => [pageKey(page.url), resolve(dir, page.file)]));
}

/** A listing page that lists an article the fixtures also hold: for flows that read an article and look back. */
export function listingWithSavedArticle(pages: ManifestPage[]): { listing: ManifestPage; article: ManifestPage } {
  const articles = new Map(pages.filter((p) => p.kind === 'article').map((p) => [p.article!.id, p]));
  for (const listing of pages.filter((p) => p.kind === 'listing')) {
    const entry = listing.entries!.find((e) => articles.has(e.id));
    if (entry) return { listing, article: articles.get(entry.id)! };
  }
  throw new Error('The fixtures have no listing page that lists one of their saved articles');
}
