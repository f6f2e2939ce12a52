/**
 * The saved pages the site tests run on: manifest.json of the directory in KEXUE_FIXTURES (default: the committed
 * tests/fixtures/kexue), each page parsed with happy-dom's DOMParser (no script runs, nothing is fetched).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { FIXTURES_DIR, type ManifestPage } from '@/tests/manifest';

export {
  articleOf,
  entriesOf,
  FIXTURES_DIR,
  loadManifest,
  type ManifestArticle,
  type ManifestEntry,
  type ManifestPage,
} from '@/tests/manifest';

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
