/**
 * The stable DOM hooks, a public contract (user styles, features and the e2e tests rely on them):
 *   <html data-kx-page="listing|article|archive|other">  once the page is understood;
 *   data-kx-entry="ID"    on each recognised listing or archive entry element;
 *   data-kx-article="ID"  on the article's body root.
 * A not-understood page gets none. Writing only what differs makes a second run change nothing.
 */
import type { PageReading } from './types';

export const PAGE_ATTR = 'data-kx-page';
export const ENTRY_ATTR = 'data-kx-entry';
export const ARTICLE_ATTR = 'data-kx-article';

function setAttr(element: Element, name: string, value: string): number {
  if (element.getAttribute(name) === value) return 0;
  element.setAttribute(name, value);
  return 1;
}

/** Sets the hooks for `reading` on `doc`; returns how many attributes it had to change (0 on a repeat run). */
export function applyDomHooks(doc: Document, reading: PageReading): number {
  if (reading.kind === 'not-understood') return 0;
  let changed = setAttr(doc.documentElement, PAGE_ATTR, reading.kind);
  if (reading.kind === 'listing' || reading.kind === 'archive') {
    for (const entry of reading.entries) changed += setAttr(entry.element, ENTRY_ATTR, entry.id);
  } else if (reading.kind === 'article') {
    changed += setAttr(reading.article.content, ARTICLE_ATTR, reading.article.id);
  }
  return changed;
}
