import type {
  ArticleRecord,
  FollowRecord,
  ImportPlan,
  ReadingEvent,
  ReadingRecord,
  ReadState,
  SeenOn,
  SeriesCorrection,
  Settings,
  Snapshot,
} from './model';
import type { PopupSummary } from './summary';

/** An article as a page shows it; recorded in the catalog even if never opened. */
export interface SeenArticle {
  id: string;
  title: string;
  date?: string;
  category?: string;
  tags?: string[];
}

export interface SeriesSummary {
  key: string;
  name: string;
  total: number;
  read: number;
  reading: number;
  followed: boolean;
  /** Parts of a followed series the user has not been shown yet. */
  newParts: number;
  /** The first unread part in part order, or null when all are read. */
  nextUnread: ArticleRecord | null;
}

export interface SeriesDetail extends SeriesSummary {
  articles: (ArticleRecord & { reading: ReadingRecord | null })[];
  /** Series the user merged into this one (directly or through a chain), each under its own name. */
  merged: { key: string; name: string }[];
}

/** One neighbouring part of a series, as the article page's strip and "next part" card link it. */
export interface SeriesPartLink {
  id: string;
  title: string;
  state: ReadingRecord['state'];
}

/**
 * Where an article stands in its series, for the strip on the article page: parts in series order (part number,
 * then date; a recurring column in date order), only the articles the catalog knows (nothing is invented).
 */
export interface SeriesNavigation {
  key: string;
  name: string;
  /** `column` when no part carries a number (a recurring column, ordered by date). */
  kind: 'numbered' | 'column';
  /** 1-based place of the article among the series' known parts. */
  position: number;
  total: number;
  read: number;
  followed: boolean;
  previous: SeriesPartLink | null;
  next: SeriesPartLink | null;
}

/**
 * What the background's database service offers. Content scripts, the popup and the options page call it through
 * messaging (utils/db/proxy.ts); the implementation lives in the extension origin only.
 * Every method rejects with an Error whose message is meant for the user when the database is unusable.
 */
export interface ReaderApi {
  /** Record articles shown by a page (catalog), then return the reading state of each, in one round trip. */
  seenAndStates(articles: SeenArticle[], on: SeenOn): Promise<Record<string, ReadingRecord>>;
  getStates(ids: string[]): Promise<Record<string, ReadingRecord>>;
  /** Manual or automatic state change of one or many articles; returns the batch id for undo. */
  setState(
    ids: string[],
    state: ReadState,
    source: ReadingEvent['source'],
  ): Promise<{ batch: string; records: ReadingRecord[] }>;
  /** Progress through the body; never lowers `read` to `reading`. */
  reportProgress(id: string, progress: number, position: number): Promise<ReadingRecord>;
  undo(batch: string): Promise<ReadingRecord[]>;

  getSettings(): Promise<Settings>;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;

  listSeries(): Promise<SeriesSummary[]>;
  /**
   * What the popup shows first, precomputed (utils/db/summary.ts): the popup reads the kept copy from storage.local
   * and asks here only when there is none (first run), which rebuilds it.
   */
  popupSummary(): Promise<PopupSummary>;
  getSeries(key: string): Promise<SeriesDetail | null>;
  /** The series an article is grouped in (progress and follow state), or null when it belongs to none. */
  seriesOfArticle(id: string): Promise<SeriesSummary | null>;
  /** The article's place in its series with the previous and next part (series order), or null outside a series. */
  seriesNavigation(id: string): Promise<SeriesNavigation | null>;
  searchArticles(query: string, limit?: number): Promise<ArticleRecord[]>;
  /** The article last in progress, for "continue reading". */
  continueReading(): Promise<(ArticleRecord & { reading: ReadingRecord }) | null>;
  follow(seriesKey: string): Promise<FollowRecord>;
  unfollow(seriesKey: string): Promise<void>;
  /** Marks the new parts of a followed series as seen (clears its badge count). */
  markSeriesSeen(seriesKey: string): Promise<void>;
  /**
   * Saves grouping corrections (see SeriesCorrection), several at once in one transaction (a split: the new series'
   * name and each article moved): each replaces the earlier one about the same article, series name or merged
   * series, and is applied at once and after every catalog refresh. Undo a merge with a merge of the series into
   * itself.
   */
  correctSeries(correction: SeriesCorrection | SeriesCorrection[]): Promise<void>;
  /**
   * "Reset grouping": deletes the corrections that shape the series (its renames, the merges of it and into it, the
   * articles moved into or out of it) so the parser's grouping returns; resolves to how many were deleted. A deletion
   * is not recorded: importing an older backup that still holds them brings them back.
   */
  resetSeries(seriesKey: string): Promise<number>;
  /** Replace the catalog's knowledge of the whole blog (from /content.html); user corrections still win. */
  importArchive(entries: SeenArticle[]): Promise<{ added: number; renamed: number }>;

  getSnapshot(): Promise<Snapshot>;
  applyImport(plan: ImportPlan): Promise<void>;
  clearAll(): Promise<void>;
  /** Events, newest first, for history and undo. */
  recentEvents(limit: number): Promise<ReadingEvent[]>;
  /** Diagnostics: pages not understood, newest first. */
  diagnostics(): Promise<{ at: number; url: string; message: string }[]>;
  reportDiagnostic(url: string, message: string): Promise<void>;
}

/** ReaderApi plus what the background needs for the toolbar badge (createReaderService in service.ts). */
export interface ReaderService extends ReaderApi {
  /** New parts over all followed series (the badge count). */
  newPartsCount(): Promise<number>;
  /** Resolves once the popup's summary reflects every change made so far. */
  summaryIdle(): Promise<void>;
}
