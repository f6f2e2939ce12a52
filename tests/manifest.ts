/**
 * The saved pages every suite runs on: manifest.json of the directory in KEXUE_FIXTURES (default: the committed copy
 * in tests/fixtures/kexue), in the format tests/fixtures/kexue/README.md describes.
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
  category_name: string;
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
  listing?: 'home' | 'category' | 'tag' | 'search';
  page?: number;
  category?: string;
  tag?: string;
  keywords?: string;
  seed?: string;
  seed_titles_missing?: string[];
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

/** The article facts of a page the manifest lists as an article. */
export function articleOf(page: ManifestPage): ManifestArticle {
  if (!page.article) throw new Error(`${page.url}: the manifest gives no article facts for it`);
  return page.article;
}

/** The entries of a listing or archive page, in page order. */
export function entriesOf(page: ManifestPage): ManifestEntry[] {
  if (!page.entries) throw new Error(`${page.url}: the manifest lists no entries for it`);
  return page.entries;
}
