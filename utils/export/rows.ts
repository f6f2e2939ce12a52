import type { ArticleRecord, ReadingRecord, ReadState, SeriesCorrection, Snapshot } from '@/utils/db/model';
import { mergeMap, resolveSeriesKey } from '@/utils/series/merge';
import { articleUrl } from '@/utils/site/canonical';

/** Which articles an export contains. `reading` means "in progress". */
export type ExportScope = 'all' | 'read' | 'unread' | 'reading' | 'followed' | { series: string };

/** One article as every export format sees it: catalog data, user corrections and reading state combined. */
export interface ExportRow {
  id: string;
  /** The catalog title, or '' when only a reading record exists for the id. */
  title: string;
  url: string;
  /** `YYYY-MM-DD` or ''. */
  date: string;
  seriesKey: string | null;
  /** The series' display name (a user's rename wins over the key). */
  seriesName: string | null;
  part: number | null;
  subpart: '上' | '中' | '下' | null;
  state: ReadState;
  progress: number;
  readAt: number | null;
  /** When the article entered the catalog (or its reading record was last updated, without a catalog entry). */
  firstSeen: number;
}

/** A series and its rows in part order; `key` null is the final group of articles in no series. */
export interface ExportGroup {
  key: string | null;
  name: string | null;
  rows: ExportRow[];
}

/** Latest correction wins, per article, per series name and per merged series (ties: the later one in the list). */
function latestCorrections(corrections: SeriesCorrection[]) {
  const assign = new Map<string, Extract<SeriesCorrection, { kind: 'assign' }>>();
  const rename = new Map<string, string>();
  const renameAt = new Map<string, number>();
  for (const c of corrections) {
    if (c.kind === 'assign') {
      const prev = assign.get(c.articleId);
      if (!prev || c.at >= prev.at) assign.set(c.articleId, c);
    } else if (c.kind === 'rename' && c.at >= (renameAt.get(c.seriesKey) ?? -Infinity)) {
      rename.set(c.seriesKey, c.name);
      renameAt.set(c.seriesKey, c.at);
    }
  }
  return { assign, rename, merges: mergeMap(corrections) };
}

function numericIdOrder(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

const SUBPART_ORDER = { 上: 0, 中: 1, 下: 2 } as const;

/** Part order: part number (unnumbered last), 上/中/下, date, id. */
function partOrder(a: ExportRow, b: ExportRow): number {
  const pa = a.part ?? Infinity;
  const pb = b.part ?? Infinity;
  if (pa !== pb) return pa < pb ? -1 : 1;
  const sa = a.subpart ? SUBPART_ORDER[a.subpart] : -1;
  const sb = b.subpart ? SUBPART_ORDER[b.subpart] : -1;
  if (sa !== sb) return sa - sb;
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return numericIdOrder(a.id, b.id);
}

function dateOrder(a: ExportRow, b: ExportRow): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return numericIdOrder(a.id, b.id);
}

function inScope(row: ExportRow, scope: ExportScope, followed: Set<string>): boolean {
  if (typeof scope === 'object') return row.seriesKey === scope.series;
  switch (scope) {
    case 'all':
      return true;
    case 'read':
    case 'unread':
    case 'reading':
      return row.state === scope;
    case 'followed':
      return row.seriesKey !== null && followed.has(row.seriesKey);
  }
}

/** The rows of a scope, in id order. Articles known only by a reading record are included with an empty title. */
export function selectRows(snapshot: Snapshot, scope: ExportScope = 'all'): ExportRow[] {
  const { assign, rename, merges } = latestCorrections(snapshot.corrections);
  const reading = new Map<string, ReadingRecord>(snapshot.reading.map((r) => [r.id, r]));
  const articles = new Map<string, ArticleRecord>(snapshot.articles.map((a) => [a.id, a]));
  const followed = new Set(snapshot.follows.map((f) => f.seriesKey));
  const ids = [...new Set([...articles.keys(), ...reading.keys()])].sort(numericIdOrder);
  const rows: ExportRow[] = [];
  for (const id of ids) {
    const article = articles.get(id);
    const record = reading.get(id);
    const correction = assign.get(id);
    const placed = correction ? correction.seriesKey : (article?.series ?? null);
    // A merged series is exported as the series it was merged into.
    const seriesKey = placed === null ? null : resolveSeriesKey(placed, merges);
    const part = correction && correction.part !== undefined ? correction.part : (article?.part ?? null);
    const row: ExportRow = {
      id,
      title: article?.title ?? '',
      url: articleUrl(id),
      date: article?.date ?? '',
      seriesKey,
      seriesName: seriesKey === null ? null : (rename.get(seriesKey) ?? seriesKey),
      part: part ?? null,
      // A corrected part number replaces the parsed part and its 上/中/下.
      subpart: correction && correction.part !== undefined ? null : (article?.subpart ?? null),
      state: record?.state ?? 'unread',
      progress: record?.progress ?? 0,
      readAt: record?.readAt ?? null,
      firstSeen: article?.firstSeen ?? record?.updatedAt ?? 0,
    };
    if (inScope(row, scope, followed)) rows.push(row);
  }
  return rows;
}

/**
 * Rows grouped by series: series ordered by the date of their earliest part (then key), parts in order, and the
 * articles in no series last, by date.
 */
export function groupRows(rows: ExportRow[]): ExportGroup[] {
  const bySeries = new Map<string, ExportRow[]>();
  const loose: ExportRow[] = [];
  for (const row of rows) {
    if (row.seriesKey === null) loose.push(row);
    else bySeries.set(row.seriesKey, [...(bySeries.get(row.seriesKey) ?? []), row]);
  }
  const series = [...bySeries].map(([key, members]) => ({
    key,
    // Each list holds at least the row that made it.
    name: members[0]?.seriesName ?? null,
    rows: members.sort(partOrder),
  }));
  const earliest = (g: ExportGroup) => g.rows.reduce((min, r) => (r.date && r.date < min ? r.date : min), '9999');
  series.sort((a, b) => {
    const ea = earliest(a);
    const eb = earliest(b);
    if (ea !== eb) return ea < eb ? -1 : 1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  const groups: ExportGroup[] = series;
  if (loose.length > 0) groups.push({ key: null, name: null, rows: loose.sort(dateOrder) });
  return groups;
}
