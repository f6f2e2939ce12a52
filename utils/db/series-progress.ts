/** Pure series computations over catalog rows and reading records: part order and progress summaries. */
import type { SeriesNavigation, SeriesPartLink, SeriesSummary } from './api';
import type { ArticleRecord, FollowRecord, ReadingRecord } from './model';

const SUBPART_ORDER = { 上: 1, 中: 2, 下: 3 } as const;

/** Part order: part number (unnumbered last), then 上/中/下, then date, then archive id. */
export function comparePartOrder(a: ArticleRecord, b: ArticleRecord): number {
  const partA = a.part ?? Number.POSITIVE_INFINITY;
  const partB = b.part ?? Number.POSITIVE_INFINITY;
  if (partA !== partB) return partA < partB ? -1 : 1;
  const subA = a.subpart ? SUBPART_ORDER[a.subpart] : 0;
  const subB = b.subpart ? SUBPART_ORDER[b.subpart] : 0;
  if (subA !== subB) return subA - subB;
  if (a.date !== b.date) {
    // An unknown date ('') sorts after every known one.
    if (!a.date) return 1;
    if (!b.date) return -1;
    return a.date < b.date ? -1 : 1;
  }
  return Number(a.id) - Number(b.id);
}

/** Ids of a followed series' articles the user has not been shown yet. */
export function newPartIds(articleIds: readonly string[], follow: FollowRecord | undefined): string[] {
  if (!follow) return [];
  const seen = new Set(follow.seenIds);
  return articleIds.filter((id) => !seen.has(id));
}

/** Summary of one series; `ordered` must be the series' articles in part order. */
export function summarizeSeries(
  key: string,
  name: string,
  ordered: readonly ArticleRecord[],
  stateOf: (id: string) => ReadingRecord['state'],
  follow: FollowRecord | undefined,
): SeriesSummary {
  let read = 0;
  let reading = 0;
  let nextUnread: ArticleRecord | null = null;
  for (const article of ordered) {
    const state = stateOf(article.id);
    if (state === 'read') read++;
    else {
      if (state === 'reading') reading++;
      nextUnread ??= article;
    }
  }
  return {
    key,
    name,
    total: ordered.length,
    read,
    reading,
    followed: follow !== undefined,
    newParts: newPartIds(
      ordered.map((a) => a.id),
      follow,
    ).length,
    nextUnread,
  };
}

/** Followed series first, then the series with the newest article, then by key. */
export function compareSeriesForList(
  a: SeriesSummary & { newest: string },
  b: SeriesSummary & { newest: string },
): number {
  if (a.followed !== b.followed) return a.followed ? -1 : 1;
  if (a.newest !== b.newest) return a.newest > b.newest ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The article's place among `ordered` (the series in part order) and its neighbours; null when it is not there. */
export function navigationOf(
  summary: Pick<SeriesSummary, 'key' | 'name' | 'total' | 'read' | 'followed'>,
  ordered: readonly ArticleRecord[],
  id: string,
  stateOf: (id: string) => ReadingRecord['state'],
): SeriesNavigation | null {
  const index = ordered.findIndex((a) => a.id === id);
  const article = ordered[index];
  if (!article) return null;
  const link = (article: ArticleRecord | undefined): SeriesPartLink | null =>
    article ? { id: article.id, title: article.title, state: stateOf(article.id) } : null;
  // The blog's own numbers when every known part has one of its own (parts the catalog does not know yet leave no
  // gap in the count: part 5 of 6 even when only parts 4–6 are known); else the place in the list.
  const parts = ordered.map((a) => a.part);
  const numbered = parts.every((p) => p != null && Number.isInteger(p)) && new Set(parts).size === parts.length;
  return {
    key: summary.key,
    name: summary.name,
    kind: ordered.some((a) => a.part != null) ? 'numbered' : 'column',
    position: numbered && article.part != null ? article.part : index + 1,
    total: numbered ? Math.max(ordered.length, ...(parts as number[])) : ordered.length,
    read: summary.read,
    followed: summary.followed,
    previous: link(ordered[index - 1]),
    next: link(ordered[index + 1]),
  };
}
