/**
 * The article catalog, purely: merging what a page showed (the archive /content.html, a listing, an article's
 * prev/next and related links) into the stored records, regrouping series over the whole catalog, and applying the
 * user's corrections, which win over the parser and survive every refresh because they are re-applied each time.
 */
import type { ArticleRecord, SeenOn, SeriesCorrection } from '../db/model';
import { groupTitles } from './group';
import { parseSeriesTitle, titleNameCandidates } from './parse';

export interface IncomingArticle {
  id: string;
  title: string;
  /** `YYYY-MM-DD` when the page shows it. */
  date?: string;
}

export interface MergeResult {
  /** The whole catalog after the merge, ordered by archive id. */
  articles: ArticleRecord[];
  /** Ids seen for the first time. */
  added: string[];
  /** Ids whose title changed (the old title went to earlierTitles). */
  renamed: string[];
}

function byNumericId(a: ArticleRecord, b: ArticleRecord): number {
  return Number(a.id) - Number(b.id) || a.id.localeCompare(b.id);
}

/** Corrections in the order the user made them, so a later one overrides an earlier one. */
function chronological(corrections: readonly SeriesCorrection[]): SeriesCorrection[] {
  return [...corrections].sort((a, b) => a.at - b.at);
}

/**
 * Recomputes series, part and sub-part of every article from the titles of the whole catalog, then applies the
 * user's `assign` corrections (merge, split, remove from a series) on top. Returns new records in the input's order
 * (the caller may compare them index by index); the input is not touched.
 */
export function regroupArticles(articles: readonly ArticleRecord[], corrections: readonly SeriesCorrection[]): ArticleRecord[] {
  const groups = groupTitles(articles.map((a) => ({ id: a.id, title: a.title })));
  const out = articles.map((a): ArticleRecord => {
    const g = groups.get(a.id);
    return { ...a, series: g?.series ?? null, part: g?.part ?? null, subpart: g?.subpart ?? null };
  });
  const byId = new Map(out.map((a) => [a.id, a]));
  for (const c of chronological(corrections)) {
    if (c.kind !== 'assign') continue;
    const a = byId.get(c.articleId);
    if (!a) continue; // kept in the corrections; applies once the article is in the catalog
    const sameSeries = a.series === c.seriesKey;
    a.series = c.seriesKey;
    a.part = c.seriesKey === null ? null : c.part !== undefined ? c.part : sameSeries ? (a.part ?? null) : null;
    a.subpart = c.seriesKey !== null && sameSeries ? (a.subpart ?? null) : null;
  }
  return out;
}

/**
 * Merges the articles a page listed into the catalog. A known id keeps its identity: a changed title becomes the
 * current title and the old one is appended to earlierTitles. Articles not in `incoming` are kept (the catalog is
 * also completed from pages other than the archive). Series are regrouped over the whole catalog and the user's
 * corrections re-applied. `seenOn` says which kind of page listed them (default: the archive).
 */
export function mergeArchive(
  existing: readonly ArticleRecord[],
  incoming: readonly IncomingArticle[],
  corrections: readonly SeriesCorrection[],
  now: number,
  seenOn: SeenOn = 'archive',
): MergeResult {
  const byId = new Map(existing.map((a) => [a.id, { ...a, earlierTitles: [...a.earlierTitles], seenOn: [...a.seenOn] }]));
  const added: string[] = [];
  const renamed: string[] = [];
  for (const item of incoming) {
    const id = item.id.trim();
    const title = item.title.replace(/\s+/g, ' ').trim();
    if (!/^\d+$/.test(id) || !title) continue;
    const date = item.date && /^\d{4}-\d{2}-\d{2}$/.test(item.date) ? item.date : '';
    const rec = byId.get(id);
    if (!rec) {
      byId.set(id, { id, title, earlierTitles: [], date, series: null, part: null, subpart: null, firstSeen: now, lastSeen: now, seenOn: [seenOn] });
      added.push(id);
      continue;
    }
    if (rec.title !== title) {
      // A title that comes back leaves the earlier ones: no duplicates, no growth.
      rec.earlierTitles = rec.earlierTitles.filter((t) => t !== rec.title && t !== title);
      rec.earlierTitles.push(rec.title);
      rec.title = title;
      if (!renamed.includes(id)) renamed.push(id);
    }
    if (date) rec.date = date;
    rec.lastSeen = Math.max(rec.lastSeen, now);
    if (!rec.seenOn.includes(seenOn)) rec.seenOn.push(seenOn);
  }
  const articles = regroupArticles([...byId.values()], corrections).sort(byNumericId);
  return { articles, added, renamed };
}

/**
 * The display name of a series: the user's latest rename, else the name as written in the newest member's title
 * (so `费曼积分法——积分符号内取微分(1)` … `费曼积分法(8)：…` shows 费曼积分法), else the key itself.
 */
export function seriesName(key: string, articles: readonly ArticleRecord[], corrections: readonly SeriesCorrection[]): string {
  let renamed: { name: string; at: number } | null = null;
  for (const c of corrections) {
    if (c.kind === 'rename' && c.seriesKey === key && c.name.trim() && (!renamed || c.at >= renamed.at)) renamed = { name: c.name.trim(), at: c.at };
  }
  if (renamed) return renamed.name;
  const members = articles.filter((a) => a.series === key).sort((a, b) => byNumericId(b, a));
  for (const a of members) {
    const p = parseSeriesTitle(a.title);
    if (p?.key === key) return p.name;
    const c = titleNameCandidates(a.title).find((n) => n.key === key);
    if (c) return c.name;
  }
  return key;
}

/**
 * Titles cited as `《…》` in an article's text, in order of first appearance, without duplicates: the blog refers to
 * its own articles this way, so they complete the catalog (book titles among them simply match no article).
 */
export function extractCrossReferences(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/《([^《》\n]{1,120})》/g)) {
    const title = m[1].replace(/\s+/g, ' ').trim();
    if (title && !out.includes(title)) out.push(title);
  }
  return out;
}
