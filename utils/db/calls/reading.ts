/** Reading states: read, change (by hand, by reading, by sync), report progress, undo a change. */
import type { ReaderApi } from '@/utils/db/api';
import type { ReaderDatabase } from '@/utils/db/database';
import { InvalidInputError } from '@/utils/db/errors';
import type { ReadingEvent, ReadingRecord, ReadState } from '@/utils/db/model';
import { LIMITS } from '@/utils/db/schema';
import { checkArticleId, checkArticleIds, checkReadState, checkShare, checkSource } from '@/utils/db/validate';
import { type ServiceContext, statesOf, unreadRecord } from './context';

type ReadingCalls = Pick<ReaderApi, 'getStates' | 'setState' | 'reportProgress' | 'undo'>;

function prevOf(record: ReadingRecord): ReadingEvent['prev'] {
  return { progress: record.progress, position: record.position, readAt: record.readAt };
}

/** The record after a deliberate state change (manual, automatic read, sync). */
function withState(record: ReadingRecord, state: ReadState, at: number): ReadingRecord {
  switch (state) {
    case 'read':
      return { ...record, state, progress: 1, readAt: at, updatedAt: at };
    case 'reading':
      return { ...record, state, readAt: null, updatedAt: at };
    case 'unread':
      return { ...record, state, progress: 0, position: 0, readAt: null, updatedAt: at };
  }
}

interface EventContext {
  to: ReadState;
  at: number;
  source: ReadingEvent['source'];
  batch?: string;
}

/** The event that records a change of `before`, with what undo needs to restore it. */
function eventOf(before: ReadingRecord, { to, at, source, batch }: EventContext): ReadingEvent {
  return {
    at,
    articleId: before.id,
    from: before.state,
    to,
    ...(batch !== undefined && { batch }),
    source,
    prev: prevOf(before),
  };
}

/** The record an undo returns to: what the first event of the batch about this article saved. */
function restoredFrom(event: ReadingEvent, before: ReadingRecord, at: number): ReadingRecord {
  return event.prev
    ? { id: before.id, state: event.from, ...event.prev, updatedAt: at }
    : withState(before, event.from, at);
}

/** Writes the changed records and the events that record the changes (inside the transaction). */
async function writeChanges(db: ReaderDatabase, records: ReadingRecord[], events: ReadingEvent[]): Promise<void> {
  await db.reading.bulkPut(records);
  await db.events.bulkAdd(events);
}

/** Sets `ids` to `target` (inside the transaction): every id's record after, and those that changed. */
async function setStates(db: ReaderDatabase, ids: string[], target: ReadState, event: Omit<EventContext, 'to'>) {
  const current = await db.reading.bulkGet(ids);
  const changed: ReadingRecord[] = [];
  const events: ReadingEvent[] = [];
  const records = ids.map((id, i) => {
    const before = current[i] ?? unreadRecord(id);
    if (before.state === target) return before;
    const after = withState(before, target, event.at);
    changed.push(after);
    events.push(eventOf(before, { ...event, to: target }));
    return after;
  });
  await writeChanges(db, changed, events);
  return { records, changed };
}

/** Returns each article of `batch` to its state before the batch (inside the transaction); the records restored. */
async function undoBatch(db: ReaderDatabase, batch: string, undoneAs: string, at: number): Promise<ReadingRecord[]> {
  const batchEvents = await db.events.where('batch').equals(batch).sortBy('seq');
  // The first event of each article in the batch holds the state to return to.
  const firstById = new Map<string, ReadingEvent>();
  for (const event of batchEvents) if (!firstById.has(event.articleId)) firstById.set(event.articleId, event);
  const firsts = [...firstById.values()];
  const current = await db.reading.bulkGet(firsts.map((e) => e.articleId));
  const restored: ReadingRecord[] = [];
  const events: ReadingEvent[] = [];
  firsts.forEach((event, i) => {
    const before = current[i] ?? unreadRecord(event.articleId);
    if (before.state === event.from) return;
    restored.push(restoredFrom(event, before, at));
    events.push(eventOf(before, { to: event.from, at, source: 'undo', batch: undoneAs }));
  });
  await writeChanges(db, restored, events);
  return restored;
}

export function readingCalls({ db, now, guarded, broadcast }: ServiceContext): ReadingCalls {
  return {
    getStates(ids) {
      return guarded('Could not read the reading states', async () => {
        const valid = checkArticleIds(ids);
        if (valid.length === 0) return {};
        return db.transaction('r', db.reading, () => statesOf(db, valid));
      });
    },

    setState(ids, state, source) {
      return guarded('Could not change the reading state', async () => {
        const valid = checkArticleIds(ids);
        const target = checkReadState(state);
        const origin = checkSource(source);
        const batch = crypto.randomUUID();
        const { records, changed } = await db.transaction('rw', [db.reading, db.events], () =>
          setStates(db, valid, target, { at: now(), source: origin, batch }),
        );
        broadcast(changed);
        return { batch, records };
      });
    },

    reportProgress(id, progress, position) {
      return guarded('Could not save the reading progress', async () => {
        const articleId = checkArticleId(id);
        const share = checkShare(progress, 'progress');
        const where = checkShare(position, 'position');
        const record = await db.transaction('rw', [db.reading, db.events], async () => {
          const at = now();
          const before = (await db.reading.get(articleId)) ?? unreadRecord(articleId);
          const furthest = Math.max(before.progress, share);
          // Progress never lowers read; becoming read is the caller's decision (end seen plus dwell), not ours.
          const state: ReadState = before.state === 'read' ? 'read' : furthest > 0 ? 'reading' : before.state;
          const after: ReadingRecord = { ...before, state, progress: furthest, position: where, updatedAt: at };
          await db.reading.put(after);
          if (state !== before.state) await db.events.add(eventOf(before, { to: state, at, source: 'auto' }));
          return after;
        });
        broadcast([record]);
        return record;
      });
    },

    undo(batch) {
      return guarded('Could not undo', async () => {
        if (typeof batch !== 'string' || batch === '') throw new InvalidInputError('Nothing to undo: no action given.');
        // Undoing an undo again and again must not grow the batch id past what a backup accepts.
        const undoneAs = batch.length + 5 <= LIMITS.shortText ? `${batch}:undo` : `${crypto.randomUUID()}:undo`;
        const changed = await db.transaction('rw', [db.reading, db.events], () =>
          undoBatch(db, batch, undoneAs, now()),
        );
        broadcast(changed);
        return changed;
      });
    },
  };
}
