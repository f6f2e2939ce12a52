/**
 * Dates as the blog prints them, and the one representation the extractors return:
 *   'YYYY-MM-DD'  a full date (from a byline `2022-06-13`, the archive's year/month/day, a citation line);
 *   '--MM-DD'     month and day only (ISO 8601 / XML Schema gMonthDay), from the year-less date box `13 Jun`;
 *   ''            no date on the page.
 * The strings sort correctly within each form; use isFullDate before storing one as ArticleRecord.date.
 */
import { group } from '@/utils/regex';
import { blockOf, squash, textNodesOf } from './dom';

const pad = (n: number) => String(n).padStart(2, '0');

export function fullDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function monthDay(month: number, day: number): string {
  return `--${pad(month)}-${pad(day)}`;
}

export const isFullDate = (date: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(date);
export const isMonthDay = (date: string): boolean => /^--\d{2}-\d{2}$/.test(date);

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function validMonthDay(month: number, day: number): boolean {
  const days = DAYS_IN_MONTH[month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'Jan(?:uary)?',
  'Feb(?:ruary)?',
  'Mar(?:ch)?',
  'Apr(?:il)?',
  'May',
  'June?',
  'July?',
  'Aug(?:ust)?',
  'Sep(?:t(?:ember)?)?',
  'Oct(?:ober)?',
  'Nov(?:ember)?',
  'Dec(?:ember)?',
];
const MONTH_NAME = `(?:${MONTH_NAMES.join('|')})\\.?`;
const MONTH_ONLY = new RegExp(`^${MONTH_NAME}$`, 'i');

/** 'Jun', 'June', 'Jun.' → 6; anything else → null. */
function monthOfName(name: string): number | null {
  const trimmed = name.trim();
  return MONTH_ONLY.test(trimmed) ? MONTHS.indexOf(trimmed.slice(0, 3).toLowerCase()) + 1 : null;
}

const BYLINE_DATE = /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/;
const DAY_ONLY = /^(\d{1,2})$/;
const DAY_MONTH = new RegExp(`^(\\d{1,2})\\s*(${MONTH_NAME})$`, 'i');
const MONTH_DAY = new RegExp(`^(${MONTH_NAME})\\s*(\\d{1,2})$`, 'i');
const CJK_MONTH_DAY = /^(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;
/** A byline is a short line; a longer block holding a date is prose (an excerpt quoting a date). */
const BYLINE_MAX_CHARS = 160;

export interface DatesFound {
  /** 'YYYY-MM-DD' from a byline, or null. */
  byline: string | null;
  /** '--MM-DD' from a year-less date box, or null. */
  dateBox: string | null;
}

/**
 * Reads the byline date and the date box from the text of `roots` in order, by the shape of the text alone
 * (class names vary): a `YYYY-MM-DD` in a short line, and a day number followed by a month name (`13` `Jun`,
 * also `13 Jun`, `Jun 13`, `6月13日`). Stops at `stopAt` (e.g. the article body) and once both are found.
 */
export function findDates(roots: Iterable<Element>, stopAt?: Element): DatesFound {
  const found: DatesFound = { byline: null, dateBox: null };
  let pendingDay: number | null = null;
  for (const root of roots) {
    for (const node of textNodesOf(root)) {
      if (stopAt?.contains(node)) return found;
      const text = squash(node.data);
      if (!text) continue;
      if (!found.byline) {
        const m = BYLINE_DATE.exec(text);
        const line = m && node.parentElement ? squash(blockOf(node.parentElement).textContent) : '';
        if (m && line.length <= BYLINE_MAX_CHARS && validMonthDay(Number(m[2]), Number(m[3]))) {
          found.byline = fullDate(Number(m[1]), Number(m[2]), Number(m[3]));
        }
      }
      if (!found.dateBox) found.dateBox = dateBoxOf(text, pendingDay);
      pendingDay = DAY_ONLY.test(text) ? Number(text) : null;
      if (found.byline && found.dateBox) return found;
    }
  }
  return found;
}

/** The date box from one text node, or from a day number in the text node just before it. */
function dateBoxOf(text: string, dayBefore: number | null): string | null {
  const date = dateBoxParts(text, dayBefore);
  return date?.month != null && validMonthDay(date.month, date.day) ? monthDay(date.month, date.day) : null;
}

/** The month (null: not a month name) and the day the text of a date box reads. */
function dateBoxParts(text: string, dayBefore: number | null): { month: number | null; day: number } | null {
  const month = dayBefore === null ? null : monthOfName(text);
  if (month !== null && dayBefore !== null) return { month, day: dayBefore };
  const dayFirst = DAY_MONTH.exec(text);
  if (dayFirst) return { month: monthOfName(group(dayFirst, 2)), day: Number(dayFirst[1]) };
  const monthFirst = MONTH_DAY.exec(text);
  if (monthFirst) return { month: monthOfName(group(monthFirst, 1)), day: Number(monthFirst[2]) };
  const cjk = CJK_MONTH_DAY.exec(text);
  return cjk ? { month: Number(cjk[1]), day: Number(cjk[2]) } : null;
}

/** The best date of an entry or article: the byline's full date, else the date box's month and day, else ''. */
export function bestDate(found: DatesFound): string {
  return found.byline ?? found.dateBox ?? '';
}

/**
 * The date in the article's own citation line, `苏剑林. (Aug. 03, 2022). 《TITLE》[Blog post]. Retrieved from
 * https://kexue.fm/archives/ID`: a full date for an article whose byline is missing.
 */
export function citationDate(text: string, id: string): string | null {
  const date = `\\((${MONTH_NAME})\\s*(\\d{1,2}),\\s*(\\d{4})\\)\\.?`;
  const source = `《[^》]*》\\s*\\[Blog post\\]\\.?\\s*Retrieved from\\s+\\S*/archives/${id}(?!\\d)`;
  const m = new RegExp(`${date}\\s*${source}`, 'i').exec(text);
  const month = m && monthOfName(group(m, 1));
  return m && month && validMonthDay(month, Number(m[2])) ? fullDate(Number(m[3]), month, Number(m[2])) : null;
}
