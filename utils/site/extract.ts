/**
 * readPage: what a blog page is and what it holds, read from its URL first and its DOM second. Pure apart from
 * reading the DOM; applyDomHooks (hooks.ts) is the only part that writes. A page whose URL names a blog page kind
 * but whose structure is not found comes back 'not-understood' with a one-line diagnostic, and must be left alone.
 */
import { readArchiveEntries } from './archive';
import { readArticleFacts } from './article';
import { readListingEntries } from './listing';
import type { PageReading } from './types';
import { classifyUrl, type UrlLike } from './url';

export type { ArchiveEntry, ArticleFacts, ListingEntry, PageReading } from './types';

export function readPage(doc: Document, url: UrlLike): PageReading {
  const info = classifyUrl(url);
  const notUnderstood = (missing: string): PageReading => ({
    kind: 'not-understood',
    diagnostic: `${info.kind} page ${String(url)}: ${missing}`,
  });
  switch (info.kind) {
    case 'other':
      return { kind: 'other' };
    case 'article': {
      const article = readArticleFacts(doc, info.articleId);
      return typeof article === 'string' ? notUnderstood(article) : { kind: 'article', url: info, article };
    }
    case 'archive': {
      const entries = readArchiveEntries(doc);
      return typeof entries === 'string' ? notUnderstood(entries) : { kind: 'archive', url: info, entries };
    }
    default: {
      const entries = readListingEntries(doc);
      return typeof entries === 'string' ? notUnderstood(entries) : { kind: 'listing', url: info, entries };
    }
  }
}
