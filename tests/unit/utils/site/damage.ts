/**
 * Ways to damage a saved page, for the robustness tests: the live site's class names, wrappers, date boxes and
 * bylines may differ from the reconstructed markup. The selectors the tests pass are the fixtures' markup, used only
 * to damage the pages; the extractors never rely on them.
 */
import { readPage } from '@/utils/site/extract';
import { commentElements, expectArchive, expectArticle, expectListing, relatedIdsShown } from './facts';
import { loadManifest, type ManifestPage, pageDocument } from './pages';

export const pages = loadManifest();
export const listings = pages.filter((p) => p.kind === 'listing').map((p) => [p.file, p] as const);
export const allPages = pages.map((p) => [p.file, p] as const);
// Parsing a page with happy-dom takes a few hundred ms: the part-by-part article damage runs on a sample (every
// fifth article, and every article at an end of the prev/next chain); the class-name tests run on every page.
export const articles = pages
  .filter((p) => p.kind === 'article')
  .filter((p, i) => i % 5 === 0 || !p.article?.prevId || !p.article?.nextId)
  .map((p) => [p.file, p] as const);

/** The elements a damage applies to; none means the page is not in the reconstructed markup the damage assumes. */
function targets(doc: Document, selector: string): Element[] {
  const elements = Array.from(doc.querySelectorAll(selector));
  if (elements.length === 0) {
    throw new Error(`damage test: nothing matches ${selector} (these tests assume the reconstructed Geekg markup)`);
  }
  return elements;
}

export function remove(doc: Document, selector: string) {
  for (const element of targets(doc, selector)) element.remove();
}

/** Removes what matches, if anything: for parts a page may already lack (a seed page shows no byline). */
export function removeAny(doc: Document, selector: string) {
  for (const element of doc.querySelectorAll(selector)) element.remove();
}

/** Replaces each matching element by its children. */
export function unwrap(doc: Document, selector: string) {
  for (const element of targets(doc, selector)) element.replaceWith(...Array.from(element.childNodes));
}

export function stripClassesAndIds(doc: Document) {
  for (const element of doc.querySelectorAll('[class], [id]')) {
    element.removeAttribute('class');
    element.removeAttribute('id');
  }
}

export function renameClassesAndIds(doc: Document) {
  let n = 0;
  for (const element of doc.querySelectorAll('[class], [id]')) {
    if (element.hasAttribute('class')) element.setAttribute('class', `c${n++}`);
    if (element.hasAttribute('id')) element.setAttribute('id', `i${n++}`);
  }
}

/** Reads the page after `damage`, with what the checks need captured from the intact page first. */
export function readDamaged(page: ManifestPage, damage: (doc: Document) => void, url = page.url) {
  const doc = pageDocument(page);
  const seen = { comments: commentElements(doc), related: relatedIdsShown(doc) };
  damage(doc);
  return { doc, seen, reading: readPage(doc, url) };
}

export function expectFacts(page: ManifestPage, damage: (doc: Document) => void) {
  const { seen, reading } = readDamaged(page, damage);
  if (page.kind === 'listing') expectListing(reading, page);
  else if (page.kind === 'archive') expectArchive(reading, page);
  else expectArticle(reading, page, seen);
}
