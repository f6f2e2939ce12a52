/**
 * The popup's data, precomputed: every series' progress in list order, the article to continue and whether there is
 * anything to export. The service keeps it up to date after each write that changes it (summary-keeper.ts: only the
 * series a write touched are recomputed; a regrouping or an import rebuilds it whole) and hands it to a store —
 * storage.local in the extension — so opening the popup is one storage read, not a scan of the catalog and not a
 * wake-up of the background. This module is the shape only: the popup imports it without the database code.
 */
import type { SeriesSummary } from './api';
import type { ArticleRecord, ReadingRecord } from './model';

/** Bumped when the shape changes: a stored summary of another version is rebuilt, never read. */
export const SUMMARY_VERSION = 1;

/** A series as the list shows it; `newest` (its newest article's date) orders the list. */
export type ListedSeries = SeriesSummary & { newest: string };

export type InProgress = ArticleRecord & { reading: ReadingRecord };

export interface PopupSummary {
  version: typeof SUMMARY_VERSION;
  /** Followed first, then by newest article (compareSeriesForList). */
  series: ListedSeries[];
  continueReading: InProgress | null;
  /** Something a reader made is stored (a reading state or a follow): the popup offers exports only then. */
  hasReaderData: boolean;
}

/** Where the kept summary lives (storage.local in the extension, memory in tests). */
export interface SummaryStore {
  load(): Promise<unknown>;
  save(summary: PopupSummary): Promise<void>;
}

/** A stored value is a summary this version can show (anything else is rebuilt). */
export function isPopupSummary(value: unknown): value is PopupSummary {
  const s = value as PopupSummary | null;
  return !!s && s.version === SUMMARY_VERSION && Array.isArray(s.series) && typeof s.hasReaderData === 'boolean';
}
