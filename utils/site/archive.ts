/**
 * The posts of /content.html. The page lists every post as `16日: <a href="/archives/ID">TITLE</a> (N)` inside a
 * month item `12月` under a year heading `2025年 (共60篇)`. Found by that text, not by class names: one pass over
 * the headings and list items in document order carries the current year and month down to each day item.
 */
import { fullDate, monthDay } from './dates';
import { HEADINGS, squash } from './dom';
import { plainArchiveIdOf } from './links';
import type { ArchiveEntry } from './types';

const YEAR = /(?<!\d)(\d{4})\s*年/;
const MONTH = /^(\d{1,2})\s*月$/;
const DAY = /^(\d{1,2})\s*日\s*[:：]?$/;
const FULL = /^(\d{4})-(\d{1,2})-(\d{1,2})\s*[:：]?$/;

/** The text of an item before its first link or nested list: `16日:` or `12月`. */
function leadOf(item: Element): { lead: string; link: Element | null } {
  let lead = '';
  for (let node = item.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 3) lead += (node as Text).data;
    else if (node.nodeType === 1) {
      const element = node as Element;
      const tag = element.tagName.toUpperCase();
      if (tag === 'A') return { lead: squash(lead), link: element };
      if (tag === 'UL' || tag === 'OL' || element.querySelector('a, ul, ol')) break;
      lead += element.textContent ?? '';
    }
    if (lead.length > 40) break;
  }
  return { lead: squash(lead), link: null };
}

/** A post's date: its own full date (`2025-12-16:`), else its day (`16日:`) in the year and month it is under. */
function itemDate(lead: string, year: number | null, month: number | null): string | null {
  const full = FULL.exec(lead);
  if (full) return fullDate(Number(full[1]), Number(full[2]), Number(full[3]));
  const day = DAY.exec(lead);
  if (!day || month === null) return null;
  return year !== null ? fullDate(year, month, Number(day[1])) : monthDay(month, Number(day[1]));
}

/** Every dated post of the archive page in page order, or a diagnostic naming what is missing. */
export function readArchiveEntries(doc: Document): ArchiveEntry[] | string {
  const entries: ArchiveEntry[] = [];
  let year: number | null = null;
  let month: number | null = null;
  for (const element of doc.querySelectorAll(`${HEADINGS},li`)) {
    if (element.tagName.toUpperCase() !== 'LI') {
      const m = YEAR.exec(element.textContent ?? '');
      if (m) [year, month] = [Number(m[1]), null];
      continue;
    }
    const { lead, link } = leadOf(element);
    if (!link) {
      const monthItem = MONTH.exec(lead);
      if (monthItem) month = Number(monthItem[1]);
      continue;
    }
    const id = plainArchiveIdOf(link);
    const date = id ? itemDate(lead, year, month) : null;
    if (!id || date === null) continue;
    entries.push({ id, title: squash(link.textContent), date, element });
  }
  return entries.length > 0
    ? entries
    : 'no archive items: no list item reading `DD日: <link to /archives/ID>` under a `MM月` item';
}
