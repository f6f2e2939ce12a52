/**
 * Every schema version of the 'kexue-reader' database, and how data moves from one to the next.
 *
 * Rules: a released version is never edited; a change is a new version whose upgrade() transforms the rows of the
 * previous one. Dexie runs each pending upgrade in order, inside the versionchange transaction, so an upgrade that
 * throws leaves the database at its old version with its old data.
 */
import type { Dexie, Transaction } from 'dexie';
import { upgradeV2ToV3 } from './conform';
import type { ReadState } from './model';

/** Version 1, the minimal first release: the catalog, reading states and their log. */
export const SCHEMA_V1 = {
  articles: 'id',
  reading: 'id, state',
  events: '++seq, articleId',
} as const;

/** Rows as version 1 wrote them. */
export interface ArticleV1 {
  id: string;
  title: string;
  date: string;
  /** When the article was last shown by a page. */
  seenAt: number;
}

export interface ReadingV1 {
  id: string;
  state: ReadState;
  progress: number;
  updatedAt: number;
}

export interface EventV1 {
  seq?: number;
  at: number;
  articleId: string;
  from: ReadState;
  to: ReadState;
}

/**
 * Version 2: series, follows, corrections, settings, diagnostics; article identity history (earlier titles, first/last
 * seen, where seen); reading position and read time; event sources and batches for undo.
 * corrections and settings use out-of-line keys (see database.ts).
 */
export const SCHEMA_V2 = {
  articles: 'id, series',
  reading: 'id, [state+updatedAt]',
  events: '++seq, articleId, batch',
  follows: 'seriesKey',
  corrections: '',
  settings: '',
  diagnostics: '++seq',
} as const;

/** Backfills what version 1 did not record, from what it did. */
async function upgradeV1ToV2(tx: Transaction): Promise<void> {
  await tx
    .table('articles')
    .toCollection()
    .modify((row: Record<string, unknown>) => {
      const seenAt = typeof row.seenAt === 'number' ? row.seenAt : 0;
      row.earlierTitles = [];
      row.firstSeen = seenAt;
      row.lastSeen = seenAt;
      // Version 1 only recorded articles shown on listing pages.
      row.seenOn = ['listing'];
      row.series = null;
      row.part = null;
      row.subpart = null;
      delete row.seenAt;
    });
  await tx
    .table('reading')
    .toCollection()
    .modify((row: Record<string, unknown>) => {
      const progress = typeof row.progress === 'number' ? row.progress : 0;
      // Version 1 had no saved position: the furthest point read is the best place to return to.
      row.position = progress;
      row.readAt = row.state === 'read' ? row.updatedAt : null;
    });
  await tx
    .table('events')
    .toCollection()
    .modify((row: Record<string, unknown>) => {
      // Version 1 only had the manual toggle.
      row.source = 'manual';
    });
}

/**
 * Version 3: the same tables; rows an earlier service accepted but the one schema (schema.ts) refuses are brought
 * within it, so every stored reading list can be exported and imported again (conform.ts says how).
 */
export const SCHEMA_V3 = SCHEMA_V2;

/** Declares every version on a database; the last one is the current schema. */
export function declareSchema(db: Dexie): void {
  db.version(1).stores(SCHEMA_V1);
  db.version(2).stores(SCHEMA_V2).upgrade(upgradeV1ToV2);
  db.version(3).stores(SCHEMA_V3).upgrade(upgradeV2ToV3);
}

export const CURRENT_VERSION = 3;
