/**
 * The facts of an article page. The id comes from the URL; everything else is found by structure around two
 * anchors: the title heading (a heading linking to the article itself) and the body root. What follows the body and
 * precedes the comments is the article's own tail: the tools line (分类/标签 links), the prev/next navigation and the
 * related list. Menus and sidebars lie outside that span, so their many links are never mistaken for it.
 * Ids and classes of the theme (#PostContent, #comments, #similar) are tried first, as hints, and checked.
 */
import { bestDate, citationDate, findDates } from './dates';
import { blockOf, commonAncestor, firstIndexWhere, headingOf, isAfter, isBefore, listItemOf, squash } from './dom';
import { archiveLinkOf, categorySlugOf, plainArchiveIdOf, tagSlugOf } from './links';
import type { ArticleFacts } from './types';

const CONTENT_HINTS = ['#PostContent', '.PostContent', '[itemprop="articleBody"]', '.post-content', '.entry-content'];
const COMMENTS_HINTS = ['#comments', '#PostComment', '.comments'];
const RELATED_HINTS = ['#similar', '.similar', '.related'];
const SITE_NAME = /\s*[-–|]\s*科学空间\s*\|\s*Scientific Spaces\s*$/;

function titleFromDocument(doc: Document): string {
  const title = squash(doc.title);
  return SITE_NAME.test(title) ? squash(title.replace(SITE_NAME, '')) : '';
}

/** The hinted element if it sits where the part belongs (after `after`), else null. */
function hinted(doc: Document, selectors: string[], after: Element | null): Element | null {
  for (const selector of selectors) {
    const element = doc.querySelector(selector);
    if (element && (!after || isAfter(element, after))) return element;
  }
  return null;
}

/** The hinted body root, if it sits after the title and holds blocks of text. */
function hintedContent(doc: Document, heading: Element | null): Element | null {
  const hint = hinted(doc, CONTENT_HINTS, heading);
  return hint?.querySelector('p, pre, blockquote, div') ? hint : null;
}

/** The body root by structure: the element after the title holding the most paragraphs directly (comments, in
 * list items, aside). */
function contentRootOf(doc: Document, heading: Element | null): Element | null {
  const counts = new Map<Element, number>();
  for (const paragraph of doc.querySelectorAll('p')) {
    const parent = paragraph.parentElement;
    if (!parent) continue;
    const count = counts.get(parent);
    if (count !== undefined) counts.set(parent, count > 0 ? count + 1 : 0);
    else counts.set(parent, (!heading || isAfter(parent, heading)) && !listItemOf(parent) ? 1 : 0);
  }
  let best: Element | null = null;
  let bestCount = 0;
  for (const [parent, count] of counts) {
    if (count > bestCount) [best, bestCount] = [parent, count];
  }
  return best;
}

/**
 * The comment section: hinted, else the nearest element holding this article's comment links (`comment-page-N`,
 * `#comment-N`) that follow the body and the comment form. Other articles' comment links (a "recent comments"
 * sidebar) end the search.
 */
function commentsRootOf(doc: Document, content: Element, id: string, afterContent: Element[]): Element | null {
  const hint = hinted(doc, COMMENTS_HINTS, content);
  if (hint) return hint;
  const form = doc.querySelector(`form[action*="/archives/${id}/comment"]`);
  const parts: Element[] = form && isAfter(form, content) ? [form] : [];
  for (const anchor of afterContent) {
    const link = archiveLinkOf(anchor.getAttribute('href'));
    if (!link || (link.commentPage === null && !/^comment-\d+$/.test(link.hash))) continue;
    if (link.id !== id) break;
    parts.push(anchor);
  }
  // A link far down the page (a sidebar listing a recent comment here) would stretch the root over the body: drop it.
  let root = commonAncestor(parts);
  while (root?.contains(content) && parts.length > 1) {
    parts.pop();
    root = commonAncestor(parts);
  }
  return root && !root.contains(content) ? blockOf(root) : null;
}

type NavToken = { text: string } | { id: string };

function navTokens(node: Node, ownId: string, tokens: NavToken[] = []): NavToken[] {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3) tokens.push({ text: (child as Text).data });
    else if (child.nodeType === 1) {
      const id = (child as Element).tagName.toUpperCase() === 'A' ? plainArchiveIdOf(child as Element) : null;
      if (id && id !== ownId) tokens.push({ id });
      else navTokens(child, ownId, tokens);
    }
  }
  return tokens;
}

const SEPARATOR = /[|｜]/;
const PREV_MARK = /[<«‹←]|上一?篇/;
const NEXT_MARK = /[>»›→]|下一?篇/;

/** prev/next from `< PREV | NEXT >`: links before the separator are older, after it newer; else by the arrows. */
function prevNextOf(nav: Element, ownId: string): { prevId: string | null; nextId: string | null } {
  const tokens = navTokens(nav, ownId);
  const separator = tokens.findIndex((token) => 'text' in token && SEPARATOR.test(token.text));
  const idAt = (token: NavToken | undefined) => (token && 'id' in token ? token.id : null);
  if (separator >= 0) {
    const before = tokens
      .slice(0, separator)
      .reverse()
      .find((token) => 'id' in token);
    const after = tokens.slice(separator + 1).find((token) => 'id' in token);
    return { prevId: idAt(before), nextId: idAt(after) };
  }
  let prevId: string | null = null;
  let nextId: string | null = null;
  const links = tokens.flatMap((token, i) => ('id' in token ? [i] : []));
  const textBetween = (from: number, to: number) =>
    tokens
      .slice(from, to)
      .map((token) => ('text' in token ? token.text : ''))
      .join('');
  for (const [n, i] of links.entries()) {
    const previous = links[n - 1];
    if (PREV_MARK.test(textBetween(previous === undefined ? 0 : previous + 1, i))) prevId ??= idAt(tokens[i]);
    else if (NEXT_MARK.test(textBetween(i + 1, links[n + 1] ?? tokens.length))) nextId ??= idAt(tokens[i]);
  }
  if (prevId === null && nextId === null && links.length === 2) {
    const [older, newer] = links.map((i) => idAt(tokens[i]));
    [prevId, nextId] = [older ?? null, newer ?? null];
  }
  return { prevId, nextId };
}

function idsIn(root: Element, ownId: string): string[] {
  const ids: string[] = [];
  for (const anchor of root.querySelectorAll('a[href]')) {
    const id = plainArchiveIdOf(anchor);
    if (id && id !== ownId && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

interface Tail {
  /** Links after the body and before the comments (to the end of the page when there are none). */
  anchors: Element[];
  bounded: boolean;
}

function relatedIdsOf(doc: Document, content: Element, tail: Tail, ownId: string): string[] {
  const hint = hinted(doc, RELATED_HINTS, content);
  if (hint) return idsIn(hint, ownId);
  // Without the hint, only a list inside the article's own tail: past it, a sidebar list would pass for related.
  if (!tail.bounded) return [];
  const first = tail.anchors.find((anchor) => listItemOf(anchor) && otherArticle(anchor, ownId));
  const list = first && listItemOf(first)?.parentElement;
  return list ? idsIn(list, ownId) : [];
}

const otherArticle = (anchor: Element, ownId: string) => {
  const id = plainArchiveIdOf(anchor);
  return id !== null && id !== ownId;
};

function categoryFromBreadcrumb(anchors: Element[], heading: Element | null): Element | null {
  if (!heading) return null;
  let found: Element | null = null;
  for (const anchor of anchors) {
    if (!isBefore(anchor, heading)) break;
    if (categorySlugOf(anchor.getAttribute('href')) !== null && /[»›>]/.test(blockOf(anchor).textContent ?? '')) {
      found = anchor;
    }
  }
  return found;
}

/** The facts of the article `id`, or a diagnostic naming what is missing. */
export function readArticleFacts(doc: Document, id: string): ArticleFacts | string {
  const anchors = Array.from(doc.querySelectorAll('a[href]'));
  const titleLink = anchors.find((anchor) => plainArchiveIdOf(anchor) === id && headingOf(anchor));
  const heading = (titleLink && headingOf(titleLink)) ?? doc.querySelector('h1');
  const title = squash(titleLink?.textContent) || squash(heading?.textContent) || titleFromDocument(doc);
  const hint = hintedContent(doc, heading);
  // A page that is not the blog's article layout must not pass for one: it needs the self-linking title or the body
  // hint.
  if (!titleLink && !hint) return `no title heading linking to /archives/${id} and no #PostContent`;
  const content = hint ?? contentRootOf(doc, heading);
  if (!content) return 'no body (no #PostContent and no block of paragraphs after the title)';
  if (!title) return `no title (no heading linking to /archives/${id}, no <h1>, no page title)`;

  // `anchors` is in document order: the tail is a slice of it, found by bisection.
  const afterContent = anchors.slice(firstIndexWhere(anchors, (anchor) => isAfter(anchor, content)));
  const comments = commentsRootOf(doc, content, id, afterContent);
  const tail: Tail = {
    anchors: comments
      ? afterContent.slice(
          0,
          firstIndexWhere(afterContent, (anchor) => !isBefore(anchor, comments)),
        )
      : afterContent,
    bounded: comments !== null,
  };

  const navLink = tail.anchors.find((anchor) => !listItemOf(anchor) && otherArticle(anchor, id));
  const { prevId, nextId } = navLink ? prevNextOf(blockOf(navLink), id) : { prevId: null, nextId: null };
  const relatedIds = relatedIdsOf(doc, content, tail, id);

  // The tools line (分类：… 标签：…) comes before the navigation.
  const toolsLink = tail.anchors.find(
    (anchor) =>
      (!navLink || isBefore(anchor, navLink)) &&
      (categorySlugOf(anchor.getAttribute('href')) !== null || tagSlugOf(anchor.getAttribute('href')) !== null),
  );
  const tools = toolsLink ? Array.from(blockOf(toolsLink).querySelectorAll('a[href]')) : [];
  const categoryLink =
    tools.find((anchor) => categorySlugOf(anchor.getAttribute('href')) !== null) ??
    categoryFromBreadcrumb(anchors, heading);
  const tags = tools
    .filter((anchor) => tagSlugOf(anchor.getAttribute('href')) !== null)
    .map((a) => squash(a.textContent));

  const region = heading ? commonAncestor([heading, content]) : content.parentElement;
  const found = region ? findDates([region], content) : { byline: null, dateBox: null };
  const date = found.byline ?? citationDate(content.textContent ?? '', id) ?? bestDate(found);

  return {
    id,
    title,
    date,
    category: categoryLink ? categorySlugOf(categoryLink.getAttribute('href')) : null,
    categoryName: categoryLink ? squash(categoryLink.textContent) : null,
    tags,
    prevId,
    nextId,
    relatedIds,
    content,
    comments,
  };
}
