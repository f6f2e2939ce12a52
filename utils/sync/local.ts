import type { ReaderApi } from '@/utils/db/api';
import type { ImportPlan, ReadingEvent, ReadingRecord, Snapshot } from '@/utils/db/model';
import { selectRows } from '@/utils/export/rows';
import type { SyncLocal } from './engine';
import { type LocalChanges, type Mark, marksFromSnapshot, winner } from './marks';

/**
 * The database writes for remote winners, as a merge ImportPlan (one transaction) plus the series to unfollow
 * (a plan only puts rows). Marks keep their times, so the next read of the database yields the same marks; each
 * state change is logged as a 'sync' event at the mark's time, so history counts reads made on other devices.
 * `snapshot` is read just before writing: a change the user made since the sync decided is not overwritten by an
 * older remote mark (each change is checked again against the fresh marks).
 */
export function planSyncChanges(snapshot: Snapshot, changes: LocalChanges): { plan: ImportPlan; unfollow: string[] } {
  const fresh = marksFromSnapshot(snapshot);
  const stillWins = (mine: Mark | undefined, remote: Mark) => mine?.on !== remote.on && winner(mine, remote) === remote;
  const records = new Map(snapshot.reading.map((r) => [r.id, r]));
  const reading: ReadingRecord[] = [];
  const events: ReadingEvent[] = [];
  const put = (id: string, state: 'read' | 'unread', at: number) => {
    const ms = at * 1000;
    const existing = records.get(id);
    // As the database's own state changes do: read means the whole body, unread starts over.
    reading.push(
      state === 'read'
        ? {
            id,
            state,
            progress: 1,
            position: existing?.position ?? 0,
            readAt: ms,
            updatedAt: Math.max(existing?.updatedAt ?? 0, ms),
          }
        : { id, state, progress: 0, position: 0, readAt: null, updatedAt: Math.max(existing?.updatedAt ?? 0, ms) },
    );
    events.push({ at: ms, articleId: id, from: existing?.state ?? 'unread', to: state, source: 'sync' });
  };
  for (const { id, at } of changes.read) if (stillWins(fresh.reads.get(id), { on: true, at })) put(id, 'read', at);
  for (const { id, at } of changes.unread) if (stillWins(fresh.reads.get(id), { on: false, at })) put(id, 'unread', at);
  // A series followed elsewhere counts its current parts as seen here, so only later parts raise the badge.
  const follows = changes.follow
    .filter(({ seriesKey, at }) => stillWins(fresh.follows.get(seriesKey), { on: true, at }))
    .map(({ seriesKey, at }) => ({
      seriesKey,
      followedAt: at * 1000,
      seenIds: selectRows(snapshot, { series: seriesKey }).map((row) => row.id),
    }));
  const unfollow = changes.unfollow
    .filter(({ seriesKey, at }) => stillWins(fresh.follows.get(seriesKey), { on: false, at }))
    .map(({ seriesKey }) => seriesKey);
  const plan: ImportPlan = {
    mode: 'merge',
    articles: [],
    reading,
    follows,
    corrections: [],
    events,
    settings: null,
    summary: { articlesAdded: 0, statesChanged: reading.length, followsAdded: follows.length, correctionsAdded: 0 },
  };
  return { plan, unfollow };
}

/** Sync's view of the database through the reader service (in the background: the service itself). */
export function readerApiSyncLocal(api: Pick<ReaderApi, 'getSnapshot' | 'applyImport' | 'unfollow'>): SyncLocal {
  return {
    async read(lastSynced, nowMs) {
      return marksFromSnapshot(await api.getSnapshot(), lastSynced, nowMs);
    },
    async write(changes) {
      const { plan, unfollow } = planSyncChanges(await api.getSnapshot(), changes);
      if (plan.reading.length + plan.follows.length > 0) await api.applyImport(plan);
      for (const seriesKey of unfollow) await api.unfollow(seriesKey);
    },
  };
}
