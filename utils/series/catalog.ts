/**
 * The article catalog's series, purely: regrouping series over the whole catalog (the records themselves are kept by
 * utils/db/service.ts) and applying the user's corrections (assign, rename, merge: see SeriesCorrection), which win
 * over the parser and survive every refresh because they are re-applied each time.
 */
import type { ArticleRecord, SeriesCorrection } from '@/utils/db/model';
import { groupTitles } from './group';
import { mergeMap, resolveSeriesKey } from './merge';
import { parseSeriesTitle, titleNameCandidates } from './parse';
import { unnumberedNames } from './unnumbered';

export { mergeMap, resolveSeriesKey } from './merge';

function byNumericId(a: ArticleRecord, b: ArticleRecord): number {
  return Number(a.id) - Number(b.id) || a.id.localeCompare(b.id);
}

/** Corrections in the order the user made them, so a later one overrides an earlier one. */
function chronological(corrections: readonly SeriesCorrection[]): SeriesCorrection[] {
  return [...corrections].sort((a, b) => a.at - b.at);
}

/**
 * Recomputes series, part and sub-part of every article from the titles of the whole catalog, then applies the
 * user's corrections on top: merges move every article of a merged series (also parts that appear later) into the
 * series it was merged into; an `assign` of one article wins over them (split, remove from a series), though an
 * article assigned to a series that is itself merged follows that merge. Returns new records in the input's order
 * (the caller may compare them index by index); the input is not touched.
 */
export function regroupArticles(
  articles: readonly ArticleRecord[],
  corrections: readonly SeriesCorrection[],
): ArticleRecord[] {
  const groups = groupTitles(articles.map((a) => ({ id: a.id, title: a.title, date: a.date })));
  const merges = mergeMap(corrections);
  const out = articles.map((a): ArticleRecord => {
    const g = groups.get(a.id);
    const series = g?.series == null ? null : resolveSeriesKey(g.series, merges);
    return { ...a, series, part: g?.part ?? null, subpart: g?.subpart ?? null };
  });
  const byId = new Map(out.map((a) => [a.id, a]));
  for (const c of chronological(corrections)) {
    if (c.kind !== 'assign') continue;
    const a = byId.get(c.articleId);
    if (!a) continue; // kept in the corrections; applies once the article is in the catalog
    const target = c.seriesKey === null ? null : resolveSeriesKey(c.seriesKey, merges);
    const sameSeries = a.series === target;
    a.series = target;
    a.part = target === null ? null : c.part !== undefined ? c.part : sameSeries ? (a.part ?? null) : null;
    a.subpart = target !== null && sameSeries ? (a.subpart ?? null) : null;
  }
  return out;
}

function latestRename(key: string, corrections: readonly SeriesCorrection[]): string | null {
  let renamed: { name: string; at: number } | null = null;
  for (const c of corrections) {
    if (c.kind === 'rename' && c.seriesKey === key && c.name.trim() && (!renamed || c.at >= renamed.at))
      renamed = { name: c.name.trim(), at: c.at };
  }
  return renamed?.name ?? null;
}

/**
 * The user's rename of `key`, else its name as written in the newest of `members` whose title names it, else the key.
 */
function ownName(key: string, members: readonly ArticleRecord[], corrections: readonly SeriesCorrection[]): string {
  const renamed = latestRename(key, corrections);
  if (renamed) return renamed;
  for (const a of [...members].sort((x, y) => byNumericId(y, x))) {
    const p = parseSeriesTitle(a.title);
    if (p?.key === key) return p.name;
    const c =
      unnumberedNames(a.title).find((n) => n.key === key) ?? titleNameCandidates(a.title).find((n) => n.key === key);
    if (c) return c.name;
  }
  return key;
}

/**
 * The display name of a series (of the series it is merged into, when it is merged): the user's latest rename, else
 * the name as written in the newest member's title (so `费曼积分法——积分符号内取微分(1)` … `费曼积分法(8)：…`
 * shows 费曼积分法), else the key itself.
 */
export function seriesName(
  key: string,
  articles: readonly ArticleRecord[],
  corrections: readonly SeriesCorrection[],
): string {
  const shown = resolveSeriesKey(key, mergeMap(corrections));
  return ownName(
    shown,
    articles.filter((a) => a.series === shown),
    corrections,
  );
}

/**
 * The series merged into `key`, directly or through a chain, each with its own name (its rename, or as its
 * members' titles write it), so the user can see and undo each merge. `articles` may be just the series' members.
 */
export function mergedSeries(
  key: string,
  articles: readonly ArticleRecord[],
  corrections: readonly SeriesCorrection[],
): { key: string; name: string }[] {
  const merges = mergeMap(corrections);
  const members = articles.filter((a) => a.series === key);
  return [...merges.keys()]
    .filter((from) => resolveSeriesKey(from, merges) === key)
    .sort()
    .map((from) => ({ key: from, name: ownName(from, members, corrections) }));
}

/**
 * The corrections that shape series `key`, which "reset grouping" removes so the parser's grouping of it returns:
 * its renames, the merges of it and directly into it, and the assigns of articles moved into it or out of it (an
 * article counts as the series' when the parser, with the merges in effect, puts it there). `articles` must be the
 * whole catalog (the grouper needs every title).
 */
export function correctionsShaping(
  key: string,
  articles: readonly ArticleRecord[],
  corrections: readonly SeriesCorrection[],
): SeriesCorrection[] {
  const merges = mergeMap(corrections);
  const groups = groupTitles(articles.map((a) => ({ id: a.id, title: a.title, date: a.date })));
  const parsedHere = (id: string) => {
    const parsed = groups.get(id)?.series;
    return parsed != null && resolveSeriesKey(parsed, merges) === key;
  };
  const currentlyHere = new Set(articles.filter((a) => a.series === key).map((a) => a.id));
  return corrections.filter((c) => {
    switch (c.kind) {
      case 'rename':
        return c.seriesKey === key;
      case 'merge':
        return c.from === key || c.into === key;
      case 'assign':
        return (
          currentlyHere.has(c.articleId) ||
          parsedHere(c.articleId) ||
          (c.seriesKey !== null && resolveSeriesKey(c.seriesKey, merges) === key)
        );
      default:
        // A kind this version does not know concerns no series; TypeScript checks that every known kind is above.
        c satisfies never;
        return false;
    }
  });
}
