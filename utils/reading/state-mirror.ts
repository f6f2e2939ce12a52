/**
 * A compact copy of every article's reading state that the background keeps in storage.local, so a listing page can
 * show its marks the moment it is parsed, before the database (in the background) answers. The database stays the
 * source of truth: the page's one request to it confirms or corrects these marks a moment later.
 */
import type { ReadingRecord, ReadState } from '@/utils/db/model';

/** id → 'r' (read) or the progress of an article in progress; unread articles are absent. */
export type StateMirror = Record<string, 'r' | number>;

function entryOf(record: ReadingRecord): 'r' | number | null {
  if (record.state === 'read') return 'r';
  if (record.state === 'reading') return Math.round(record.progress * 100) / 100;
  return null;
}

export function mirrorOf(records: Iterable<ReadingRecord>): StateMirror {
  return patchMirror({}, records);
}

/** The mirror after these records changed; the input is not modified. */
export function patchMirror(mirror: StateMirror, records: Iterable<ReadingRecord>): StateMirror {
  const next = { ...mirror };
  for (const record of records) {
    const entry = entryOf(record);
    if (entry === null) delete next[record.id];
    else next[record.id] = entry;
  }
  return next;
}

/** What the mirror says of one article, as much of a ReadingRecord as a mark needs. */
export function mirroredState(mirror: StateMirror, id: string): { id: string; state: ReadState; progress: number } {
  const entry = Object.hasOwn(mirror, id) ? mirror[id] : undefined;
  if (entry === 'r') return { id, state: 'read', progress: 1 };
  if (typeof entry === 'number') return { id, state: 'reading', progress: entry };
  return { id, state: 'unread', progress: 0 };
}
