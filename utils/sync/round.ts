/**
 * One sync round's work, without the engine's timing: merge this device's marks with storage.sync's, write the
 * remote winners into the database, and work out what storage.sync should hold and which writes that takes.
 */
import {
  decodeState,
  encodeState,
  itemBytes,
  QUOTA_BYTES_PER_ITEM,
  SYNC_BUDGET_BYTES,
  SYNC_BUDGET_ITEMS,
  SYNC_PREFIX,
  totalBytes,
  unencodable,
} from './codec';
import type { SyncArea, SyncLocal, SyncMemory } from './engine';
import { emptyState, hasLocalChanges, localChanges, mergeStates, type SyncState } from './marks';

/** What a round found: the items storage.sync holds and those it should hold. */
export interface MergedItems {
  remoteItems: Record<string, unknown>;
  items: Record<string, unknown>;
  /** Remote items that do not decode: never deleted nor overwritten (a newer version may have written them). */
  broken: string[];
  /** What this device could not write, for the status. */
  notSynced: string[];
}

/** The writes that bring storage.sync to `items`: at most one set and one remove. */
export interface SyncWrites {
  changed: [string, unknown][];
  stale: string[];
}

export function describeSyncError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/QUOTA_BYTES|quota/i.test(message) && !/WRITE_OPERATIONS/.test(message))
    return `Sync storage is full: ${message}`;
  if (/WRITE_OPERATIONS/.test(message)) return `Too many sync writes, retrying later: ${message}`;
  return `Sync failed: ${message}`;
}

async function loadMemory(memory: SyncMemory): Promise<SyncState> {
  try {
    const text = await memory.load();
    return text ? decodeState(JSON.parse(text) as Record<string, unknown>).state : emptyState();
  } catch {
    return emptyState(); // A lost memory only means unfollows made while it was lost are not detected.
  }
}

/**
 * Merges local and remote marks, writes the remote winners locally and remembers the merged items as the state of
 * this sync. Throws when the database or storage.sync fails.
 */
export async function mergeItems(
  { area, local, memory }: { area: SyncArea; local: SyncLocal; memory: SyncMemory },
  startedAt: number,
): Promise<MergedItems> {
  const lastSynced = await loadMemory(memory);
  const mine = await local.read(lastSynced, startedAt);
  const remoteItems = await area.get(null);
  const remote = decodeState(remoteItems);
  const broken = remote.broken;
  const merged = mergeStates(mine, remote.state, lastSynced);
  const changes = localChanges(mine, merged);
  if (hasLocalChanges(changes)) await local.write(changes);
  const items = encodeState(merged);
  // An item that does not decode is never deleted nor overwritten (its marks would be lost for every device).
  for (const key of broken) delete items[key];
  const tooBig = Object.keys(items).filter((key) => itemBytes(key, items[key]) > QUOTA_BYTES_PER_ITEM);
  for (const key of tooBig) delete items[key];
  const notSynced = [
    ...broken.map((key) => `unreadable item ${key}`),
    ...tooBig.map((key) => `item ${key} over the item quota`),
    ...unencodable(merged),
  ];
  await memory.save(JSON.stringify(items));
  return { remoteItems, items, broken, notSynced };
}

/** The bytes the items take, and whether they are over the sync budget (then local changes stay local). */
export function budgetOf(items: Record<string, unknown>): { bytes: number; over: boolean } {
  const bytes = totalBytes(items);
  return { bytes, over: bytes > SYNC_BUDGET_BYTES || Object.keys(items).length > SYNC_BUDGET_ITEMS };
}

export function writesOf({ remoteItems, items, broken }: MergedItems): SyncWrites {
  const changed = Object.entries(items).filter(
    ([key, value]) => JSON.stringify(remoteItems[key]) !== JSON.stringify(value),
  );
  const stale = Object.keys(remoteItems).filter(
    (key) => key.startsWith(SYNC_PREFIX) && !(key in items) && !broken.includes(key),
  );
  return { changed, stale };
}
