import type { ReaderService } from '@/utils/db/api';
import { ReaderDatabase } from '@/utils/db/database';
import type { ArticleRecord, ImportPlan, ReadingRecord } from '@/utils/db/model';
import { createReaderService } from '@/utils/db/service';
import { emptyPlan } from '@/utils/export/import';

let dbCounter = 0;

/** A database of its own for each test (fake-indexeddb is loaded by the unit setup file). */
export function freshDb(prefix = 'test'): ReaderDatabase {
  return new ReaderDatabase(`${prefix}-${++dbCounter}-${Math.random().toString(36).slice(2)}`);
}

export interface TestService {
  service: ReaderService;
  db: ReaderDatabase;
  broadcasts: ReadingRecord[][];
  /** Moves the fake clock forward. */
  tick(ms?: number): number;
}

export function makeService(db = freshDb()): TestService {
  let time = 1_700_000_000_000;
  const broadcasts: ReadingRecord[][] = [];
  const service = createReaderService(db, {
    now: () => time,
    broadcast: (records) => broadcasts.push(records),
  });
  return { service, db, broadcasts, tick: (ms = 1000) => (time += ms) };
}

/** Every row of every table, as stored (keys of out-of-line tables included), to prove nothing was written. */
export async function dumpTables(db: ReaderDatabase): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of db.tables) {
    const keys = await table.toCollection().primaryKeys();
    const rows = await table.toArray();
    dump[table.name] = rows.map((row, i) => ({ key: keys[i], row }));
  }
  return dump;
}

/** An import plan that writes nothing but what the overrides say. */
export function plan(overrides: Partial<ImportPlan>): ImportPlan {
  return { ...emptyPlan(), ...overrides };
}

/** A catalog row as an import plan or a backup holds it. */
export function article(
  id: string,
  title: string,
  series: string | null = null,
  part: number | null = null,
): ArticleRecord {
  return {
    id,
    title,
    earlierTitles: [],
    date: '2024-01-01',
    series,
    part,
    subpart: null,
    firstSeen: 1,
    lastSeen: 1,
    seenOn: ['archive'],
  };
}
/** A reading record as an import plan or a backup holds it. */
export function reading(id: string, state: ReadingRecord['state'], updatedAt = 10): ReadingRecord {
  return {
    id,
    state,
    progress: state === 'read' ? 1 : 0.5,
    position: 0.5,
    readAt: state === 'read' ? updatedAt : null,
    updatedAt,
  };
}
