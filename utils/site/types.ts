/**
 * What readPage reports about a blog page. Dates are 'YYYY-MM-DD', '--MM-DD' (the year-less date box only) or ''
 * (see dates.ts). Ids are archive ids as strings of digits.
 */
import type { ListingUrlInfo, UrlInfo } from './url';

/** One entry of a listing page (home, category, tag, search, author, date archive). */
export interface ListingEntry {
  id: string;
  /** From the title link, else the `点击阅读全文...` link's title attribute; '' if the page shows neither. */
  title: string;
  /** The byline's 'YYYY-MM-DD'; else the year-less date box as '--MM-DD'; else ''. */
  date: string;
  /** The entry's box (the element wrapping date box, title, byline, excerpt and more-link); in a layout without
   * such a wrapper, the block holding the title (or the more-link). Carries `data-kx-entry`. */
  element: Element;
}

/** One post of /content.html: `16日: <a href="/archives/ID">TITLE</a>` under a month and a year heading. */
export interface ArchiveEntry {
  id: string;
  title: string;
  /** 'YYYY-MM-DD' from the year heading, month item and day prefix. */
  date: string;
  /** The post's list item. Carries `data-kx-entry`. */
  element: Element;
}

export interface ArticleFacts {
  id: string;
  /** From the heading linking to the article, else the first <h1>, else the page title. */
  title: string;
  /** The byline's 'YYYY-MM-DD', else the citation line's date, else the date box's '--MM-DD', else ''. */
  date: string;
  /** Category slug (`Big-Data`) and its display name (`信息时代`); null when the page shows no category. */
  category: string | null;
  categoryName: string | null;
  /** Tag names as shown, in page order. */
  tags: string[];
  /** The older / newer neighbour from the prev/next navigation; null at either end or when absent. */
  prevId: string | null;
  nextId: string | null;
  /** Ids of the "你也许还对下面的内容感兴趣" list, in page order. */
  relatedIds: string[];
  /** The root of the article body (text and TeX). Carries `data-kx-article`. */
  content: Element;
  /** The root of the comment section (list, pagination and form), or null when the page has none. */
  comments: Element | null;
}

export type PageReading =
  | { kind: 'listing'; url: ListingUrlInfo; entries: ListingEntry[] }
  | { kind: 'archive'; url: Extract<UrlInfo, { kind: 'archive' }>; entries: ArchiveEntry[] }
  | { kind: 'article'; url: Extract<UrlInfo, { kind: 'article' }>; article: ArticleFacts }
  | { kind: 'other' }
  /** The URL is a blog page kind but its structure was not found: the page must be left untouched. */
  | { kind: 'not-understood'; diagnostic: string };
