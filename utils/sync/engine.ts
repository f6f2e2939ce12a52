import { SYNC_BUDGET_BYTES, SYNC_PREFIX } from './codec';
import type { LocalChanges, SyncState } from './marks';
import { budgetOf, describeSyncError, type MergedItems, mergeItems, type SyncWrites, writesOf } from './round';

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

/** The clock-driven part of sync: when to run, one run at a time, and the rate of writes. */
interface SyncTiming {
  now: () => number;
  timers: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  debounceMs: number;
  minWriteIntervalMs: number;
  retryMs: number;
}

function timingOf(options: SyncEngineOptions): SyncTiming {
  return {
    now: options.now ?? (() => Date.now()),
    timers: options.timers ?? {
      setTimeout: (fn: () => void, ms: number) => globalThis.setTimeout(fn, ms),
      clearTimeout: (handle: unknown) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    debounceMs: options.debounceMs ?? 5_000,
    minWriteIntervalMs: options.minWriteIntervalMs ?? 10_000,
    retryMs: options.retryMs ?? 60_000,
  };
}

/** Runs `run` one call at a time; a call while one waits to start joins the waiting one. */
function serialized<T>(run: () => Promise<T>): () => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  let queued: Promise<T> | null = null;
  return () => {
    if (queued) return queued;
    const next = tail.then(() => {
      queued = null;
      return run();
    });
    queued = next;
    tail = next.catch(() => undefined);
    return next;
  };
}

function okStatus(at: number, bytes: number, notSynced: string[], waiting: boolean): SyncStatus {
  return { kind: 'ok', at, bytes, waiting, ...(notSynced.length > 0 && { notSynced }) };
}

/** The engine's state between runs; createSyncEngine hands out its methods. */
class Engine {
  current: SyncStatus = { kind: 'off' };
  private running = false;
  private timer: unknown = null;
  private lastWriteAt = -Infinity;
  /** JSON of the values this device wrote last, to ignore the echo of its own writes. */
  private readonly written = new Map<string, string>();
  private readonly timing: SyncTiming;
  readonly syncNow = serialized(() => this.run());
  private readonly onRemoteChange = (changes: Record<string, { newValue?: unknown }>) => {
    const ours = Object.entries(changes).filter(([key]) => key.startsWith(SYNC_PREFIX));
    const echo = ours.every(([key, change]) => this.written.get(key) === JSON.stringify(change.newValue ?? null));
    if (ours.length > 0 && !echo) this.schedule();
  };

  constructor(private readonly options: SyncEngineOptions) {
    this.timing = timingOf(options);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.options.area.onChanged.addListener(this.onRemoteChange);
    this.setStatus({ kind: 'syncing' });
    this.schedule(0);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.options.area.onChanged.removeListener(this.onRemoteChange);
    if (this.timer !== null) this.timing.timers.clearTimeout(this.timer);
    this.timer = null;
    this.setStatus({ kind: 'off' });
  }

  schedule(delay = this.timing.debounceMs): void {
    if (!this.running) return;
    const { timers } = this.timing;
    if (this.timer !== null) timers.clearTimeout(this.timer);
    this.timer = timers.setTimeout(() => {
      this.timer = null;
      void this.syncNow();
    }, delay);
  }

  private setStatus(status: SyncStatus): SyncStatus {
    this.current = status;
    this.options.onStatus?.(status);
    return status;
  }

  private failed(error: unknown, at: number): SyncStatus {
    this.schedule(this.timing.retryMs);
    return this.setStatus({ kind: 'error', at, message: describeSyncError(error) });
  }

  private async run(): Promise<SyncStatus> {
    if (!this.running) return this.current;
    this.setStatus({ kind: 'syncing' });
    const { now, minWriteIntervalMs } = this.timing;
    const startedAt = now();
    let merged: MergedItems;
    try {
      merged = await mergeItems(this.options, startedAt);
    } catch (error) {
      return this.failed(error, startedAt);
    }
    const { bytes, over } = budgetOf(merged.items);
    if (over) return this.setStatus({ kind: 'full', at: startedAt, bytes, limit: SYNC_BUDGET_BYTES });
    const ok = (waiting: boolean) => okStatus(startedAt, bytes, merged.notSynced, waiting);
    const writes = writesOf(merged);
    if (writes.changed.length === 0 && writes.stale.length === 0) return this.setStatus(ok(false));
    const wait = this.lastWriteAt + minWriteIntervalMs - now();
    if (wait > 0) {
      this.schedule(wait);
      return this.setStatus(ok(true));
    }
    if (!this.running) return this.current;
    try {
      this.lastWriteAt = now();
      await this.write(writes);
    } catch (error) {
      return this.failed(error, startedAt);
    }
    return this.setStatus(ok(false));
  }

  /** At most one set and one remove; what was set is remembered to ignore its echo (forgotten on a failure). */
  private async write({ changed, stale }: SyncWrites): Promise<void> {
    const { area } = this.options;
    for (const [key, value] of changed) this.written.set(key, JSON.stringify(value));
    try {
      if (changed.length > 0) await area.set(Object.fromEntries(changed));
      if (stale.length > 0) await area.remove(stale);
    } catch (error) {
      this.written.clear();
      throw error;
    }
  }
}

/** Opt-in sync of read marks and follows through storage.sync; the rules are in ./marks.ts. */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const engine = new Engine(options);
  return {
    start: () => engine.start(),
    stop: () => engine.stop(),
    schedule: () => engine.schedule(),
    syncNow: engine.syncNow,
    status: () => engine.current,
  };
}
