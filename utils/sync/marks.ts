import type { Snapshot } from '@/utils/db/model';

/**
 * Merge rules of sync (copied to the README):
 *
 * - Every article id and every series key is a last-writer-wins register holding one bit and the time of its last
 *   change in whole seconds: for articles "read" (on) or "marked unread" (off, a tombstone), for series "followed" or
 *   "unfollowed". The later time wins; on a tie "on" wins (losing a read mark is worse than losing an unmark).
 * - Merging is commutative, associative and idempotent, so devices may merge in any order, any number of times, and
 *   any subset of the stored items (storage.sync delivers items one by one) is safe to merge.
 * - Tombstones are kept (they are tiny) so a stale device cannot resurrect a read mark or a follow.
 * - Only read marks and follows sync. Progress, positions, "in progress", the catalog, corrections, settings and the
 *   event log stay on the device; a backup file carries them.
 * - The local database stays the source of truth: remote winners are written into it as ordinary changes (source
 *   'sync'), and nothing local is deleted when sync is full, disabled or failing.
 * - A local article without a record never produces a tombstone (clearing local data does not unmark other devices);
 *   an article is unmarked only by an explicit change to unread (an event from 'read'). A series missing locally that
 *   was followed at the last sync was unfollowed here, and becomes a tombstone.
 * - A local change made after a sync always beats what that sync saw: if the clock says otherwise (same second,
 *   a clock behind another device's), the change is dated one second after the synced mark it overrides.
 */
export interface Mark {
  on: boolean;
  /** Seconds since the Unix epoch. */
  at: number;
}

export interface SyncState {
  /** Article id → read / marked unread. */
  reads: Map<string, Mark>;
  /** Series key → followed / unfollowed. */
  follows: Map<string, Mark>;
}

export const emptyState = (): SyncState => ({ reads: new Map(), follows: new Map() });

export const toSeconds = (ms: number) => Math.floor(ms / 1000);

/** The winning mark of two (later wins, "on" on a tie). */
export function winner(a: Mark | undefined, b: Mark): Mark {
  if (!a) return b;
  if (a.at !== b.at) return a.at > b.at ? a : b;
  return a.on ? a : b;
}

function mergeMaps(maps: Map<string, Mark>[]): Map<string, Mark> {
  const out = new Map<string, Mark>();
  for (const map of maps) for (const [key, mark] of map) out.set(key, winner(out.get(key), mark));
  return out;
}

export function mergeStates(...states: SyncState[]): SyncState {
  return { reads: mergeMaps(states.map((s) => s.reads)), follows: mergeMaps(states.map((s) => s.follows)) };
}

/**
 * The marks the local database implies. Read articles: on at readAt. Articles whose latest change left 'read': off at
 * that change. Followed series: on at followedAt. `lastSynced` (the state at the previous sync) turns a series that
 * disappeared locally into an unfollow at `nowMs`.
 */
export function marksFromSnapshot(
  snapshot: Snapshot,
  lastSynced: SyncState = emptyState(),
  nowMs = Date.now(),
): SyncState {
  const state = emptyState();
  const leftRead = new Map<string, number>();
  for (const event of snapshot.events) {
    if (event.from === 'read' && event.to !== 'read' && event.at > (leftRead.get(event.articleId) ?? -1)) {
      leftRead.set(event.articleId, event.at);
    }
  }
  for (const record of snapshot.reading) {
    if (record.state === 'read') {
      state.reads.set(record.id, { on: true, at: toSeconds(record.readAt ?? record.updatedAt) });
    } else {
      const unmarked = leftRead.get(record.id);
      if (unmarked !== undefined) state.reads.set(record.id, { on: false, at: toSeconds(unmarked) });
    }
  }
  for (const follow of snapshot.follows)
    state.follows.set(follow.seriesKey, { on: true, at: toSeconds(follow.followedAt) });
  for (const [key, mark] of lastSynced.follows) {
    // Unfollowed here since the last sync, at the time this sync notices it.
    if (mark.on && !state.follows.has(key)) state.follows.set(key, { on: false, at: toSeconds(nowMs) });
  }
  // A local mark that differs from the last synced one was made after that sync, whatever the clocks say (the same
  // second, or a device whose clock is behind): it must win over it, so it is dated at least one second later.
  for (const [marks, synced] of [
    [state.reads, lastSynced.reads],
    [state.follows, lastSynced.follows],
  ] as const) {
    for (const [key, mark] of marks) {
      const before = synced.get(key);
      if (before && before.on !== mark.on && mark.at <= before.at) marks.set(key, { on: mark.on, at: before.at + 1 });
    }
  }
  return state;
}

/** What the local database must do to reflect `merged`. */
export interface LocalChanges {
  read: { id: string; at: number }[];
  unread: { id: string; at: number }[];
  follow: { seriesKey: string; at: number }[];
  unfollow: { seriesKey: string; at: number }[];
}

export function localChanges(local: SyncState, merged: SyncState): LocalChanges {
  const changes: LocalChanges = { read: [], unread: [], follow: [], unfollow: [] };
  for (const [id, mark] of merged.reads) {
    const mine = local.reads.get(id);
    if (mark.on && !mine?.on) changes.read.push({ id, at: mark.at });
    else if (!mark.on && mine?.on) changes.unread.push({ id, at: mark.at });
  }
  for (const [seriesKey, mark] of merged.follows) {
    const mine = local.follows.get(seriesKey);
    if (mark.on && !mine?.on) changes.follow.push({ seriesKey, at: mark.at });
    else if (!mark.on && mine?.on) changes.unfollow.push({ seriesKey, at: mark.at });
  }
  return changes;
}

export function hasLocalChanges(changes: LocalChanges): boolean {
  return changes.read.length + changes.unread.length + changes.follow.length + changes.unfollow.length > 0;
}
