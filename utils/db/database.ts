/**
 * The reading database. It lives in the extension origin only (background, popup, options page): a content script
 * opening it would create a database in the blog's origin, so content scripts go through utils/db/proxy.ts.
 */
import { Dexie, type DexieOptions, type EntityTable, type Table } from 'dexie';
import { declareSchema } from './migrations';
import type { ArticleRecord, FollowRecord, ReadingEvent, ReadingRecord, SeriesCorrection, Settings } from './model';

export const DATABASE_NAME = 'kexue-reader';

export interface DiagnosticRow {
  seq?: number;
  at: number;
  url: string;
  message: string;
}

/** The only row key of the settings table. */
export const SETTINGS_KEY = 'settings';

export class ReaderDatabase extends Dexie {
  articles!: EntityTable<ArticleRecord, 'id'>;
  reading!: EntityTable<ReadingRecord, 'id'>;
  events!: EntityTable<ReadingEvent, 'seq'>;
  follows!: EntityTable<FollowRecord, 'seriesKey'>;
  /** Keyed by correctionKey(): a later correction of the same thing replaces the earlier one. */
  corrections!: Table<SeriesCorrection, string>;
  /** One row, under SETTINGS_KEY; may hold only part of the settings (defaults fill the rest). */
  settings!: Table<Partial<Settings>, string>;
  diagnostics!: EntityTable<DiagnosticRow, 'seq'>;

  constructor(name: string = DATABASE_NAME, options?: DexieOptions) {
    super(name, options);
    declareSchema(this);
  }
}

export { correctionKey } from './model';
