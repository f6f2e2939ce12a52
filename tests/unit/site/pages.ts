/**
 * The saved pages the site tests run on: manifest.json of the directory in KEXUE_FIXTURES (default: the committed
 * tests/fixtures/kexue), each page parsed with happy-dom's DOMParser (no script runs, nothing is fetched).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';

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
  labels: string[];
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

const window = new Window({
  settings: {
    disableJavaScriptEvaluation: true,
    disableJavaScriptFileLoading: true,
    disableCSSFileLoading: true,
    disableIframePageLoading: true,
    disableComputedStyleRendering: true,
  },
});
const parser = new window.DOMParser();

export function parseHtml(html: string): Document {
  return parser.parseFromString(html, 'text/html') as unknown as Document;
}

const htmlCache = new Map<string, string>();

export function pageHtml(page: ManifestPage, dir = FIXTURES_DIR): string {
  let html = htmlCache.get(page.file);
  if (html === undefined) {
    html = readFileSync(resolve(dir, page.file), 'utf8');
    htmlCache.set(page.file, html);
  }
  return html;
}

/** A fresh Document of the page (tests mutate it freely). */
export function pageDocument(page: ManifestPage, dir = FIXTURES_DIR): Document {
  return parseHtml(pageHtml(page, dir));
}

/** The same page on another host and/or scheme. */
export function withOrigin(url: string, origin: string): string {
  const u = new URL(url);
  return `${origin}${u.pathname}${u.search}${u.hash}`;
}
