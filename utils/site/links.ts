/**
 * Links inside a blog page, read from the raw `href` attribute: relative (`/archives/9119`), protocol-relative or
 * absolute on any of the four blog hosts over http or https. Reading the attribute with a regular expression keeps a
 * scan of a few hundred links far below a millisecond.
 */
import { group } from '@/utils/regex';
import { isBlogHost } from './hosts';

export interface ArchiveLink {
  id: string;
  /** N of `/archives/ID/comment-page-N`, else null. */
  commentPage: number | null;
  /** The fragment without '#', '' when none. */
  hash: string;
}

const ARCHIVE_HREF =
  /^\s*(?:(?:https?:)?\/\/([^/?#\s]+))?\/archives\/(\d+)(?:\/comment-page-(\d+))?\/?(?:\?[^#]*)?(?:#(.*))?$/i;

/** The article an href points to, or null when it is not a link to /archives/ID on the blog. */
export function archiveLinkOf(href: string | null): ArchiveLink | null {
  if (!href) return null;
  const m = ARCHIVE_HREF.exec(href);
  if (!m || (m[1] !== undefined && !isBlogHost(m[1]))) return null;
  return { id: group(m, 2), commentPage: m[3] === undefined ? null : Number(m[3]), hash: m[4] ?? '' };
}

/** A link to a comment, a comment page or the comment form rather than to the article itself. */
export function isCommentLink(link: ArchiveLink): boolean {
  return link.commentPage !== null || /^(?:comment|respond|PostComment)/i.test(link.hash);
}

/** A plain link to an article: not to its comments (an in-page anchor such as `#more` or a heading is fine). */
export function plainArchiveIdOf(anchor: Element): string | null {
  const link = archiveLinkOf(anchor.getAttribute('href'));
  return link && !isCommentLink(link) ? link.id : null;
}

/** `/category/SLUG`, `/category/SLUG/N/` on the blog → SLUG (decoded), else null. Same for tags with `tagSlugOf`. */
export function categorySlugOf(href: string | null): string | null {
  return slugOf(href, 'category');
}

export function tagSlugOf(href: string | null): string | null {
  return slugOf(href, 'tag');
}

const SLUG_HREF = /^\s*(?:(?:https?:)?\/\/([^/?#\s]+))?\/(category|tag)\/([^/?#]+)/i;

function slugOf(href: string | null, kind: 'category' | 'tag'): string | null {
  if (!href) return null;
  const m = SLUG_HREF.exec(href);
  if (!m || group(m, 2).toLowerCase() !== kind || (m[1] !== undefined && !isBlogHost(m[1]))) return null;
  const slug = group(m, 3);
  try {
    return decodeURIComponent(slug);
  } catch {
    return slug;
  }
}
