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
import { emptyState, hasLocalChanges, localChanges, mergeStates, type LocalChanges, type SyncState } from './marks';

/** The part of `browser.storage.sync` sync uses (WXT's fakeBrowser.storage.sync fits, and so does a test stub). */
export interface SyncArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
  onChanged: {
    addListener(callback: (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>) => void): void;
    removeListener(callback: (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>) => void): void;
  };
}

/** The local database as sync sees it (see readerApiSyncLocal). */
export interface SyncLocal {
  /** The marks the database implies now, given the state at the last sync (for unfollows). */
  read(lastSynced: SyncState, nowMs: number): Promise<SyncState>;
  /** Writes remote winners into the database. */
  write(changes: LocalChanges): Promise<void>;
}

/** Where the engine keeps the state of its last sync (e.g. a storage.local key); device-only. */
export interface SyncMemory {
  load(): Promise<string | null>;
  save(value: string): Promise<void>;
}

export type SyncStatus =
  | { kind: 'off' }
  | { kind: 'syncing' }
  /**
   * In step; `bytes` used in storage.sync; `waiting` when a write is postponed by the rate limit. `notSynced` names
   * what this device could not write: remote items it cannot decode (kept untouched: a newer version may have
   * written them) and marks the format cannot carry. Absent when everything synced.
   */
  | { kind: 'ok'; at: number; bytes: number; waiting: boolean; notSynced?: string[] }
  /** The marks no longer fit the sync budget: remote changes still arrive, local ones stay local. */
  | { kind: 'full'; at: number; bytes: number; limit: number }
  | { kind: 'error'; at: number; message: string };

export interface SyncEngineOptions {
  area: SyncArea;
  local: SyncLocal;
  memory: SyncMemory;
  onStatus?: (status: SyncStatus) => void;
  now?: () => number;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  /** Quiet time after a change before syncing (default 5 s). */
  debounceMs?: number;
  /**
   * Least time between two writing syncs (default 10 s). A sync writes with at most one set and one remove, so
   * this keeps to 12 operations a minute and 720 an hour, inside storage.sync's 120/min and 1,800/hour.
   */
  minWriteIntervalMs?: number;
  /** Wait before retrying after a failed write (default 60 s). */
  retryMs?: number;
}

export interface SyncEngine {
  /** Listens to remote changes and syncs once soon. */
  start(): void;
  /** Stops listening and syncing; nothing local or remote is deleted. */
  stop(): void;
  /** A local change happened: sync after the debounce. */
  schedule(): void;
  /** Syncs now (after a sync in progress); resolves with the resulting status. */
  syncNow(): Promise<SyncStatus>;
  status(): SyncStatus;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/QUOTA_BYTES|quota/i.test(message) && !/WRITE_OPERATIONS/.test(message))
    return `Sync storage is full: ${message}`;
  if (/WRITE_OPERATIONS/.test(message)) return `Too many sync writes, retrying later: ${message}`;
  return `Sync failed: ${message}`;
}

/** Opt-in sync of read marks and follows through storage.sync; the rules are in ./marks.ts. */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { area, local, memory } = options;
  const now = options.now ?? (() => Date.now());
  const timers = options.timers ?? {
    setTimeout: (fn: () => void, ms: number) => globalThis.setTimeout(fn, ms),
    clearTimeout: (handle: unknown) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const debounceMs = options.debounceMs ?? 5_000;
  const minWriteIntervalMs = options.minWriteIntervalMs ?? 10_000;
  const retryMs = options.retryMs ?? 60_000;

  let current: SyncStatus = { kind: 'off' };
  let running = false;
  let timer: unknown = null;
  let lastWriteAt = -Infinity;
  /** JSON of the values this device wrote last, to ignore the echo of its own writes. */
  const written = new Map<string, string>();
  let tail: Promise<unknown> = Promise.resolve();
  let queued: Promise<SyncStatus> | null = null;

  function setStatus(status: SyncStatus): SyncStatus {
    current = status;
    options.onStatus?.(status);
    return status;
  }

  function schedule(delay = debounceMs): void {
    if (!running) return;
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void syncNow();
    }, delay);
  }

  function onRemoteChange(changes: Record<string, { newValue?: unknown }>): void {
    const ours = Object.entries(changes).filter(([key]) => key.startsWith(SYNC_PREFIX));
    const echo = ours.every(([key, change]) => written.get(key) === JSON.stringify(change.newValue ?? null));
    if (ours.length > 0 && !echo) schedule();
  }

  async function loadMemory(): Promise<SyncState> {
    try {
      const text = await memory.load();
      return text ? decodeState(JSON.parse(text) as Record<string, unknown>).state : emptyState();
    } catch {
      return emptyState(); // A lost memory only means unfollows made while it was lost are not detected.
    }
  }

  async function run(): Promise<SyncStatus> {
    if (!running) return current;
    setStatus({ kind: 'syncing' });
    const startedAt = now();
    let remoteItems: Record<string, unknown>;
    let items: Record<string, unknown>;
    let broken: string[];
    let notSynced: string[];
    try {
      const lastSynced = await loadMemory();
      const mine = await local.read(lastSynced, startedAt);
      remoteItems = await area.get(null);
      const remote = decodeState(remoteItems);
      broken = remote.broken;
      const merged = mergeStates(mine, remote.state, lastSynced);
      const changes = localChanges(mine, merged);
      if (hasLocalChanges(changes)) await local.write(changes);
      items = encodeState(merged);
      // An item that does not decode is never deleted nor overwritten (its marks would be lost for every device).
      for (const key of broken) delete items[key];
      const tooBig = Object.keys(items).filter((key) => itemBytes(key, items[key]) > QUOTA_BYTES_PER_ITEM);
      for (const key of tooBig) delete items[key];
      notSynced = [
        ...broken.map((key) => `unreadable item ${key}`),
        ...tooBig.map((key) => `item ${key} over the item quota`),
        ...unencodable(merged),
      ];
      await memory.save(JSON.stringify(items));
    } catch (error) {
      schedule(retryMs);
      return setStatus({ kind: 'error', at: startedAt, message: describe(error) });
    }

    const bytes = totalBytes(items);
    if (bytes > SYNC_BUDGET_BYTES || Object.keys(items).length > SYNC_BUDGET_ITEMS) {
      return setStatus({ kind: 'full', at: startedAt, bytes, limit: SYNC_BUDGET_BYTES });
    }
    const changed = Object.entries(items).filter(
      ([key, value]) => JSON.stringify(remoteItems[key]) !== JSON.stringify(value),
    );
    const stale = Object.keys(remoteItems).filter(
      (key) => key.startsWith(SYNC_PREFIX) && !(key in items) && !broken.includes(key),
    );
    const ok = (waiting: boolean): SyncStatus => ({
      kind: 'ok',
      at: startedAt,
      bytes,
      waiting,
      ...(notSynced.length > 0 && { notSynced }),
    });
    if (changed.length === 0 && stale.length === 0) return setStatus(ok(false));

    const wait = lastWriteAt + minWriteIntervalMs - now();
    if (wait > 0) {
      schedule(wait);
      return setStatus(ok(true));
    }
    if (!running) return current;
    try {
      lastWriteAt = now();
      for (const [key, value] of changed) written.set(key, JSON.stringify(value));
      if (changed.length > 0) await area.set(Object.fromEntries(changed));
      if (stale.length > 0) await area.remove(stale);
    } catch (error) {
      written.clear();
      schedule(retryMs);
      return setStatus({ kind: 'error', at: startedAt, message: describe(error) });
    }
    return setStatus(ok(false));
  }

  function syncNow(): Promise<SyncStatus> {
    if (queued) return queued;
    const next = tail.then(() => {
      queued = null;
      return run();
    });
    queued = next;
    tail = next.catch(() => undefined);
    return next;
  }

  return {
    start() {
      if (running) return;
      running = true;
      area.onChanged.addListener(onRemoteChange);
      setStatus({ kind: 'syncing' });
      schedule(0);
    },
    stop() {
      if (!running) return;
      running = false;
      area.onChanged.removeListener(onRemoteChange);
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      setStatus({ kind: 'off' });
    },
    schedule: () => schedule(),
    syncNow,
    status: () => current,
  };
}
