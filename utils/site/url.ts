/**
 * What kind of blog page a URL is, from the URL alone (Typecho's routes as the blog uses them).
 * Pure: every detector takes a URL (string or URL) and never looks at `location`, so the same function classifies
 * the current page and any link on it. Only the four blog hosts, over http or https on the default port, count;
 * anything else is 'other'. Beside each detector: the example paths the cross-matrix test runs on every host and
 * both schemes (tests/unit/utils/site/url.test.ts).
 */
import { group } from '@/utils/regex';
import { isBlogHost } from './hosts';

export type UrlLike = string | URL;

export type UrlKind = 'home' | 'category' | 'tag' | 'search' | 'author' | 'date' | 'archive' | 'article' | 'other';

/** The kinds that show a list of entries (date box, title, excerpt, 点击阅读全文...). */
export type ListingKind = 'home' | 'category' | 'tag' | 'search' | 'author' | 'date';

/** `page` is the listing page (1 when the URL has none); articles count comment pages separately. */
export type UrlInfo =
  | { kind: 'home'; page: number }
  | { kind: 'category'; page: number; slug: string }
  | { kind: 'tag'; page: number; slug: string }
  | { kind: 'search'; page: number; query: string }
  | { kind: 'author'; page: number; author: string }
  | { kind: 'date'; page: number; year: number; month: number | null; day: number | null }
  | { kind: 'archive'; page: 1; tag: string | null }
  | { kind: 'article'; page: 1; articleId: string; commentPage: number | null }
  | { kind: 'other'; page: 1 };

export type ListingUrlInfo = Extract<UrlInfo, { kind: ListingKind }>;

const OTHER: UrlInfo = { kind: 'other', page: 1 };

const HOME = /^\/(?:page\/(\d+)\/?)?$/;
const CATEGORY = /^\/category\/([^/]+)(?:\/(\d+))?\/?$/;
const TAG = /^\/tag\/([^/]+)(?:\/(\d+))?\/?$/;
const SEARCH = /^\/search\/([^/]+)(?:\/(\d+))?\/?$/;
const AUTHOR = /^\/author\/(\d+)(?:\/(\d+))?\/?$/;
const DATE = /^\/(\d{4})(?:\/(\d{2})(?:\/(\d{2}))?)?(?:\/page\/(\d+))?\/?$/;
const ARCHIVE = /^\/content\.html$/;
const ARTICLE = /^\/archives\/(\d+)(?:\/comment-page-(\d+))?\/?$/;

function toUrl(url: UrlLike): URL | null {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A page number from the URL: absent means 1; 0 or a number with leading zeros is not a page Typecho serves. */
function pageNumber(digits: string | undefined): number | null {
  if (digits === undefined) return 1;
  return /^[1-9]\d*$/.test(digits) ? Number(digits) : null;
}

/** A listing page's info, or 'other' for a page number Typecho does not serve. */
function listing(digits: string | undefined, info: (page: number) => UrlInfo): UrlInfo {
  const page = pageNumber(digits);
  return page === null ? OTHER : info(page);
}

function articleInfo(m: RegExpExecArray): UrlInfo {
  const commentPage = m[2] === undefined ? null : pageNumber(m[2]);
  if (m[2] !== undefined && commentPage === null) return OTHER;
  return { kind: 'article', page: 1, articleId: group(m, 1), commentPage };
}

function dateInfo(m: RegExpExecArray): UrlInfo {
  const page = pageNumber(m[4]);
  const month = m[2] === undefined ? null : Number(m[2]);
  const day = m[3] === undefined ? null : Number(m[3]);
  const validMonth = month === null || (month >= 1 && month <= 12);
  const validDay = day === null || (day >= 1 && day <= 31);
  if (page === null || !validMonth || !validDay) return OTHER;
  return { kind: 'date', page, year: Number(m[1]), month, day };
}

function classifyPath(path: string, search: URLSearchParams): UrlInfo {
  const home = HOME.exec(path);
  if (home) return listing(home[1], (page) => ({ kind: 'home', page }));
  const article = ARTICLE.exec(path);
  if (article) return articleInfo(article);
  if (ARCHIVE.test(path)) return { kind: 'archive', page: 1, tag: search.get('tag') || null };
  const category = CATEGORY.exec(path);
  if (category) return listing(category[2], (page) => ({ kind: 'category', page, slug: decode(group(category, 1)) }));
  const tag = TAG.exec(path);
  if (tag) return listing(tag[2], (page) => ({ kind: 'tag', page, slug: decode(group(tag, 1)) }));
  const query = SEARCH.exec(path);
  if (query) return listing(query[2], (page) => ({ kind: 'search', page, query: decode(group(query, 1)) }));
  const author = AUTHOR.exec(path);
  if (author) return listing(author[2], (page) => ({ kind: 'author', page, author: group(author, 1) }));
  const date = DATE.exec(path);
  return date ? dateInfo(date) : OTHER;
}

/** The page kind of a URL and what the URL says about it (page number, article id, slug, query…). */
export function classifyUrl(url: UrlLike): UrlInfo {
  const u = toUrl(url);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.port !== '' || !isBlogHost(u.hostname)) {
    return OTHER;
  }
  return classifyPath(u.pathname, u.searchParams);
}

/** The archive id of an article URL (`/archives/ID`, `/archives/ID/`, `/archives/ID/comment-page-N`), else null. */
export function articleIdOf(url: UrlLike): string | null {
  const info = classifyUrl(url);
  return info.kind === 'article' ? info.articleId : null;
}

const kindIs =
  (kind: UrlKind) =>
  (url: UrlLike): boolean =>
    classifyUrl(url).kind === kind;

// Each detector with its example paths (host-less; the tests prefix every blog host and both schemes).

export const isHome = kindIs('home');
const homeExamples = ['/', '/page/2/', '/page/162', '/?from=rss', '/#main', '/page/3/?utm_source=feed'];

export const isCategory = kindIs('category');
const categoryExamples = [
  '/category/Big-Data',
  '/category/Big-Data/',
  '/category/Big-Data/2/',
  '/category/Mathematics/8',
  '/category/Life-Feeling/?x=1',
];

export const isTag = kindIs('tag');
const tagExamples = ['/tag/muon/', '/tag/muon', '/tag/%E7%94%9F%E6%88%90%E6%A8%A1%E5%9E%8B/', '/tag/attention/3/'];

export const isSearch = kindIs('search');
const searchExamples = [
  '/search/%E7%94%9F%E6%88%90%E6%A8%A1%E5%9E%8B/',
  '/search/%E8%BF%91%E4%BC%BC',
  '/search/muon/2/',
  '/search/Naive%20Bayes/#top',
];

export const isAuthor = kindIs('author');
const authorExamples = ['/author/1/', '/author/1', '/author/1/5/'];

export const isDateArchive = kindIs('date');
const dateExamples = ['/2024/05/', '/2024/05', '/2024/05/01/', '/2024/05/page/2/', '/2024/05/01/page/3', '/2015/'];

export const isArchive = kindIs('archive');
const archiveExamples = [
  '/content.html',
  '/content.html?tag=muon',
  '/content.html#2015',
  '/content.html?tag=%E7%86%B5',
];

export const isArticle = kindIs('article');
const articleExamples = [
  '/archives/10122',
  '/archives/10122/',
  '/archives/9209/comment-page-7',
  '/archives/9209/comment-page-7/#comments',
  '/archives/9209#comment-27467',
  '/archives/12?replytocom=5',
  '/archives/6508#文章如何转载/引用',
];

const LISTING_KINDS: readonly UrlKind[] = ['home', 'category', 'tag', 'search', 'author', 'date'];

export function isListingKind(kind: UrlKind): kind is ListingKind {
  return LISTING_KINDS.includes(kind);
}

/** Any page that lists entries: home, category, tag, search, author or date archive (not /content.html). */
export const isListing = (url: UrlLike): boolean => isListingKind(classifyUrl(url).kind);

/** Paths on a blog host that are none of the above. */
const otherExamples = [
  '/latex.html',
  '/archives/',
  '/archives/abc',
  '/archives/10122.html',
  '/archives/10122/comment',
  '/archives/10122/comment-page-0',
  '/category/',
  '/tag/',
  '/search/',
  '/page/0/',
  '/page/x/',
  '/2024/13/',
  '/2024/05/32/',
  '/feed',
  '/usr/uploads/2022/06/2782509104.jpg',
  '/static/MathJax-2.7.9/MathJax.js',
  '/content.htm',
];

/** Example paths per kind; every one is that kind on every blog host over http and https. */
export const URL_EXAMPLES: Readonly<Record<UrlKind, readonly string[]>> = {
  home: homeExamples,
  category: categoryExamples,
  tag: tagExamples,
  search: searchExamples,
  author: authorExamples,
  date: dateExamples,
  archive: archiveExamples,
  article: articleExamples,
  other: otherExamples,
};

/** Full URLs that look like blog pages but are not on the blog (other host, scheme or port): always 'other'. */
export const OFF_SITE_EXAMPLES: readonly string[] = [
  'https://example.com/archives/10122',
  'https://kexue.fm.example.com/archives/10122',
  'https://blog.kexue.fm/archives/10122',
  'ftp://kexue.fm/archives/10122',
  'https://kexue.fm:8443/archives/10122',
  'https://papers.cool/archives/10122',
  'file:///work/kexue.fm/archives/10122.html',
  '/archives/10122',
  'not a url',
];

/** The detector of each kind, for callers that dispatch on a kind and for the cross-matrix test. */
export const DETECTORS: Readonly<Record<Exclude<UrlKind, 'other'>, (url: UrlLike) => boolean>> = {
  home: isHome,
  category: isCategory,
  tag: isTag,
  search: isSearch,
  author: isAuthor,
  date: isDateArchive,
  archive: isArchive,
  article: isArticle,
};
