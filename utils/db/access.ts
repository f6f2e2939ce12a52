/**
 * Who may call what. The extension's own pages (popup, options) may call every method of the reader service. A blog
 * page's content script runs next to a page that anyone can change (the blog is also served over plain http, and its
 * comments are written by anyone), so it gets only the calls a page needs, with bounded sizes: CONTENT_SCRIPT_CALLS
 * is that list — add a method there (with its bounds) when a content feature needs one. Arguments are then checked by
 * the service itself (validate.ts) like every other caller's.
 */
import type { ReaderApi } from './api';

export type Caller = 'extension-page' | 'content-script';

export class AccessError extends Error {
  override name = 'AccessError';
}

/** Entries a listing or article page shows at most (a listing has ~10; the linked articles of one page a few dozen). */
export const MAX_PAGE_ENTRIES = 500;
/** Entries /content.html may list: ~1,300 today, about 100 more a year. */
export const MAX_ARCHIVE_ENTRIES = 5_000;
/** Text a content script may send in one call (a diagnostic, a search). */
const MAX_TEXT = 2_000;

function list(value: unknown, max: number, what: string): void {
  if (!Array.isArray(value)) throw new AccessError(`Expected a list of ${what}.`);
  if (value.length > max) throw new AccessError(`Too many ${what} from a page (${value.length}, at most ${max}).`);
}

function text(value: unknown, what: string): void {
  if (typeof value === 'string' && value.length > MAX_TEXT)
    throw new AccessError(`The ${what} from a page is too long.`);
}

type ArgumentCheck = (args: unknown[]) => void;
const none: ArgumentCheck = () => undefined;

/** What a content script may call, each with the bounds of its arguments. Everything else is refused. */
export const CONTENT_SCRIPT_CALLS: { readonly [K in keyof ReaderApi]?: ArgumentCheck } = {
  // The archive page (/content.html) lists every article; other pages a few dozen.
  seenAndStates: ([articles, on]) =>
    list(articles, on === 'archive' ? MAX_ARCHIVE_ENTRIES : MAX_PAGE_ENTRIES, 'articles'),
  getStates: ([ids]) => list(ids, MAX_ARCHIVE_ENTRIES, 'article ids'),
  // A page toggles one article at a time, by hand or by the auto-read rule; imports and sync are not a page's.
  setState: ([ids, , source]) => {
    list(ids, 1, 'article ids');
    if (source !== 'manual' && source !== 'auto')
      throw new AccessError('A page may only change a state by hand or by reading.');
  },
  reportProgress: none,
  getSettings: none,
  seriesOfArticle: none,
  getSeries: none,
  // The article page's series strip: part k of n, previous / next part.
  seriesNavigation: none,
  follow: none,
  unfollow: none,
  markSeriesSeen: none,
  importArchive: ([entries]) => list(entries, MAX_ARCHIVE_ENTRIES, 'archive entries'),
  reportDiagnostic: ([url, message]) => {
    text(url, 'address');
    text(message, 'diagnostic');
  },
};

/**
 * The caller behind a runtime message: the extension's own pages have its origin; a content script is in a tab of
 * another origin. A message from another extension (a different id) has no caller.
 */
export function callerOf(
  sender: { id?: string; url?: string },
  extension: { id: string; origin: string },
): Caller | null {
  if (sender.id !== extension.id) return null;
  return sender.url?.startsWith(extension.origin) ? 'extension-page' : 'content-script';
}

/** Throws AccessError unless `caller` may call `method` with `args`. */
export function checkCall(caller: Caller | null, method: string, args: unknown[]): asserts method is keyof ReaderApi {
  if (caller === null) throw new AccessError('Calls from outside the extension are refused.');
  if (caller === 'extension-page') return;
  const check = Object.hasOwn(CONTENT_SCRIPT_CALLS, method)
    ? CONTENT_SCRIPT_CALLS[method as keyof ReaderApi]
    : undefined;
  if (!check) throw new AccessError(`A page may not call "${method.slice(0, 40)}".`);
  check(args);
}
