/**
 * What every group of the reader service's calls shares (service.ts composes the groups): the database, the clock,
 * the popup summary's keeper, and the two wrappers every call goes through — `guarded` for errors meant for the
 * user, `broadcast` for the open tabs after a commit.
 */
import type { ReaderDatabase } from '@/utils/db/database';
import { toUserError } from '@/utils/db/errors';
import type { ReadingRecord } from '@/utils/db/model';
import type { SummaryKeeper } from '@/utils/db/summary-keeper';

export interface ServiceContext {
  db: ReaderDatabase;
  now(): number;
  summary: SummaryKeeper;
  /** Runs a call, turning any failure into an Error meant for the user. */
  guarded<T>(context: string, body: () => Promise<T>): Promise<T>;
  /** After the commit: tells the summary and the open tabs which reading records changed. */
  broadcast(records: ReadingRecord[]): void;
}

export function createServiceContext(
  db: ReaderDatabase,
  summary: SummaryKeeper,
  deps: { now(): number; broadcast(records: ReadingRecord[]): void },
): ServiceContext {
  return {
    db,
    now: () => deps.now(),
    summary,
    async guarded(context, body) {
      try {
        return await body();
      } catch (error) {
        throw toUserError(error, context);
      }
    },
    broadcast(records) {
      if (records.length === 0) return;
      summary.articlesChanged(records.map((r) => r.id));
      // A failure to notify tabs must not turn a saved change into a reported failure.
      try {
        deps.broadcast(records);
      } catch (error) {
        console.error('[Kexue Reader] could not notify open tabs of a reading state change', error);
      }
    },
  };
}

export function unreadRecord(id: string): ReadingRecord {
  return { id, state: 'unread', progress: 0, position: 0, readAt: null, updatedAt: 0 };
}

/** The reading record of each id (unread when none is stored). */
export async function statesOf(db: ReaderDatabase, ids: string[]): Promise<Record<string, ReadingRecord>> {
  const rows = await db.reading.bulkGet(ids);
  const states: Record<string, ReadingRecord> = {};
  ids.forEach((id, i) => {
    states[id] = rows[i] ?? unreadRecord(id);
  });
  return states;
}

/** The ids of the articles the catalog groups in a series. */
export async function partIdsOf(db: ReaderDatabase, seriesKey: string): Promise<string[]> {
  return (await db.articles.where('series').equals(seriesKey).primaryKeys()) as string[];
}
