/**
 * Articles an article page names with their titles, for the catalog: the 《title》 cross-references in its body and
 * the prev/next and related links around it. Only links whose own text is a title count (a cross-reference is
 * written `《<a href="/archives/ID">title</a>》` or with the brackets inside the link).
 */
import { group } from '@/utils/regex';
import { squash } from './dom';
import { plainArchiveIdOf } from './links';
import type { ArticleFacts } from './types';

export interface LinkedArticle {
  id: string;
  title: string;
}

const BRACKETED = /^《\s*(.+?)\s*》$/;

function crossReferenceTitle(anchor: Element): string | null {
  const text = squash(anchor.textContent);
  const inside = BRACKETED.exec(text);
  if (inside) return group(inside, 1);
  const before = anchor.previousSibling?.textContent ?? '';
  const after = anchor.nextSibling?.textContent ?? '';
  return text && /《\s*$/.test(before) && /^\s*》/.test(after) ? text : null;
}

function collect(anchors: Iterable<Element>, titleOf: (a: Element) => string | null, keep: (id: string) => boolean) {
  const found = new Map<string, string>();
  for (const anchor of anchors) {
    const id = plainArchiveIdOf(anchor);
    if (id === null || !keep(id) || found.has(id)) continue;
    const title = titleOf(anchor);
    if (title) found.set(id, title);
  }
  return [...found].map(([id, title]) => ({ id, title }));
}

/** Cross-references in the body (other articles only). */
export function crossReferences(article: ArticleFacts): LinkedArticle[] {
  return collect(article.content.querySelectorAll('a[href]'), crossReferenceTitle, (id) => id !== article.id);
}

/** A link's full title: its `title` attribute, else its text unless cut short (sidebars end long titles in "..."). */
function fullTitle(anchor: Element): string | null {
  const title = squash(anchor.getAttribute('title'));
  if (title) return title;
  const text = squash(anchor.textContent).replace(BRACKETED, '$1');
  return text && !/(?:\.\.\.|…)$/.test(text) ? text : null;
}

/** Prev/next and related articles with the titles their links show, outside the body and the comments. */
export function neighbours(doc: Document, article: ArticleFacts): LinkedArticle[] {
  const wanted = new Set(
    [article.prevId, article.nextId, ...article.relatedIds].filter((id): id is string => id !== null),
  );
  const outside = [...doc.querySelectorAll('a[href]')].filter(
    (a) => !article.content.contains(a) && !article.comments?.contains(a),
  );
  return collect(outside, fullTitle, (id) => wanted.has(id));
}
