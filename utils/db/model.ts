/**
 * The reading data model shared by the database, the service the background exposes, the exporters and the UI.
 * Articles are identified by their numeric archive id, kept as a string of digits ("10122"), never by title.
 */

export type ReadState = 'unread' | 'reading' | 'read';

/** Where an article was seen: a page kind of utils/site. */
export type SeenOn = 'listing' | 'archive' | 'article' | 'related' | 'reference';

export interface ArticleRecord {
  id: string;
  title: string;
  /** Titles this id carried before a rename, oldest first. */
  earlierTitles: string[];
  /** `YYYY-MM-DD`, or '' when not known yet. */
  date: string;
  category?: string;
  tags?: string[];
  /** Series key and part as parsed by utils/series (or set by a user correction). */
  series?: string | null;
  part?: number | null;
  subpart?: '上' | '中' | '下' | null;
  firstSeen: number;
  lastSeen: number;
  seenOn: SeenOn[];
}

export interface ReadingRecord {
  id: string;
  state: ReadState;
  /** Share of the article body scrolled through, 0–1. */
  progress: number;
  /** Scroll position in the body (0–1 of its height) to return to. */
  position: number;
  readAt: number | null;
  updatedAt: number;
}

export interface FollowRecord {
  seriesKey: string;
  followedAt: number;
  /** Article ids of the series the user has already been shown; new parts beyond these count on the badge. */
  seenIds: string[];
}

/**
 * A user's correction of series grouping; it wins over the parser and survives catalog refreshes.
 * - assign: one article goes to a series (or, with null, to none); it wins over every merge of its parsed series.
 * - rename: a series' display name.
 * - merge: series `from` is shown as part of `into`, its current parts and those that appear later; chains are
 *   followed, and in a loop the oldest merge is ignored (utils/series/merge.ts). A merge of a series into itself
 *   (`into === from`) undoes the merge of `from`: being the latest correction about `from`, it replaces the merge
 *   and, unlike a deletion, also wins over an older merge coming back with an imported backup.
 */
export type SeriesCorrection =
  | { kind: 'assign'; articleId: string; seriesKey: string | null; part?: number | null; at: number }
  | { kind: 'rename'; seriesKey: string; name: string; at: number }
  | { kind: 'merge'; from: string; into: string; at: number };

/**
 * What a correction is about — one article's placement, one series' display name, or where one series is merged —
 * so that one correction per thing is kept and the latest (by `at`) wins: in the database, in imports and backups.
 */
export function correctionKey(correction: SeriesCorrection): string {
  switch (correction.kind) {
    case 'assign':
      return `assign:${correction.articleId}`;
    case 'rename':
      return `rename:${correction.seriesKey}`;
    case 'merge':
      return `merge:${correction.from}`;
  }
}

export interface Settings {
  renderer: boolean;
  /** Share of the body end that must be seen, and the dwell in ms, before an article becomes read. */
  autoReadThreshold: number;
  autoReadDwellMs: number;
  language: 'browser' | 'zh-CN' | 'en';
  theme: 'auto' | 'light' | 'dark';
  sync: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  renderer: true,
  autoReadThreshold: 0.98,
  autoReadDwellMs: 3000,
  language: 'browser',
  theme: 'auto',
  sync: false,
};

/** One change of reading state; the log behind undo and the reading history. */
export interface ReadingEvent {
  seq?: number;
  at: number;
  articleId: string;
  from: ReadState;
  to: ReadState;
  /** Events of one bulk action share a batch id so they can be undone together. */
  batch?: string;
  source: 'manual' | 'auto' | 'import' | 'sync' | 'undo';
  /**
   * The rest of the record before the change, so undo restores progress and position too. Undo bookkeeping only:
   * snapshots (backups) leave it out, and events without it undo to the state alone.
   */
  prev?: { progress: number; position: number; readAt: number | null };
}

/** Everything the database holds: the unit of backup, import and export. */
export interface Snapshot {
  articles: ArticleRecord[];
  reading: ReadingRecord[];
  follows: FollowRecord[];
  corrections: SeriesCorrection[];
  settings: Settings;
  events: ReadingEvent[];
}

/** What an import will write, computed (purely) before anything is written, applied in one transaction. */
export interface ImportPlan {
  /** Replace clears every table first; merge only puts the rows below. */
  mode: 'merge' | 'replace';
  articles: ArticleRecord[];
  reading: ReadingRecord[];
  follows: FollowRecord[];
  corrections: SeriesCorrection[];
  events: ReadingEvent[];
  settings: Settings | null;
  /** Human-readable counts for the preview ("12 articles become read", …). */
  summary: { articlesAdded: number; statesChanged: number; followsAdded: number; correctionsAdded: number };
}
