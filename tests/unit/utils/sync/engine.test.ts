import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { must } from '@/tests/must';
import type { ReaderApi } from '@/utils/db/api';
import { DEFAULT_SETTINGS, type ReadState, type Snapshot } from '@/utils/db/model';
import { applyPlan } from '@/utils/export/import';
import { SYNC_BUDGET_BYTES } from '@/utils/sync/codec';
import { createSyncEngine, type SyncArea, type SyncStatus } from '@/utils/sync/engine';
import { readerApiSyncLocal } from '@/utils/sync/local';
import { seededRandom } from './seeded';

/** Moves the (fake) clock without running timers: time passing between user actions. */
const tick = (ms = 60_000) => vi.setSystemTime(Date.now() + ms);

const emptySnapshot = (): Snapshot => ({
  articles: [],
  reading: [],
  follows: [],
  corrections: [],
  events: [],
  settings: DEFAULT_SETTINGS,
});

/** One browser profile: its database (the pure applyPlan stands in for Dexie), its memory and its engine. */
function device(area: SyncArea, options: { debounceMs?: number } = {}) {
  let db = emptySnapshot();
  const api: Pick<ReaderApi, 'getSnapshot' | 'applyImport' | 'unfollow'> = {
    getSnapshot: async () => structuredClone(db),
    applyImport: async (plan) => {
      db = applyPlan(db, plan);
    },
    unfollow: async (key) => {
      db = { ...db, follows: db.follows.filter((f) => f.seriesKey !== key) };
    },
  };
  let saved: string | null = null;
  const statuses: SyncStatus[] = [];
  const engine = createSyncEngine({
    area,
    local: readerApiSyncLocal(api),
    memory: {
      load: async () => saved,
      save: async (value) => {
        saved = value;
      },
    },
    onStatus: (status) => statuses.push(status),
    ...options,
  });
  return {
    engine,
    statuses,
    get db() {
      return db;
    },
    /** What the database does on a manual change: the record and an event. */
    set(ids: string[], state: ReadState) {
      for (const id of ids) {
        const existing = db.reading.find((r) => r.id === id);
        const record = {
          id,
          state,
          progress: state === 'read' ? 1 : 0,
          position: 0,
          readAt: state === 'read' ? Date.now() : null,
          updatedAt: Date.now(),
        };
        db.reading = [...db.reading.filter((r) => r.id !== id), record];
        db.events.push({
          seq: db.events.length + 1,
          at: Date.now(),
          articleId: id,
          from: existing?.state ?? 'unread',
          to: state,
          source: 'manual',
        });
      }
    },
    follow(seriesKey: string) {
      db.follows.push({ seriesKey, followedAt: Date.now(), seenIds: [] });
    },
    unfollow(seriesKey: string) {
      db.follows = db.follows.filter((f) => f.seriesKey !== seriesKey);
    },
    state(id: string) {
      return db.reading.find((r) => r.id === id)?.state ?? 'unread';
    },
    followed() {
      return db.follows.map((f) => f.seriesKey).sort();
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 8) }); // engines sync on their own only when a test runs the timers
  fakeBrowser.reset();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('two devices on one storage.sync', () => {
  it('exchange read marks, unmarks, follows and unfollows', async () => {
    const a = device(fakeBrowser.storage.sync);
    const b = device(fakeBrowser.storage.sync);
    a.engine.start();
    b.engine.start();

    a.set(['3534', '3552', '10122'], 'read');
    a.follow('熵');
    expect((await a.engine.syncNow()).kind).toBe('ok');
    tick();
    await b.engine.syncNow();
    expect(['3534', '3552', '10122'].map(b.state)).toEqual(['read', 'read', 'read']);
    expect(b.followed()).toEqual(['熵']);
    // Remote reads keep their time and are logged as sync events (history counts them).
    const readAt = (d: typeof a, id: string) => d.db.reading.find((r) => r.id === id)?.readAt;
    expect(readAt(b, '3534')).toBe(Math.floor(must(readAt(a, '3534'), "a's read time") / 1000) * 1000);
    expect(b.db.events.filter((e) => e.source === 'sync')).toHaveLength(3);

    tick();
    b.set(['3552'], 'unread');
    b.unfollow('熵');
    b.set(['999'], 'read');
    await b.engine.syncNow();
    tick();
    await a.engine.syncNow();
    expect(['3534', '3552', '999'].map(a.state)).toEqual(['read', 'unread', 'read']);
    expect(a.followed()).toEqual([]);

    // A later re-read wins over the earlier unmark.
    tick();
    a.set(['3552'], 'read');
    await a.engine.syncNow();
    tick();
    await b.engine.syncNow();
    expect(b.state('3552')).toBe('read');
  });

  it('converge after concurrent changes to the same articles (later change wins)', async () => {
    const a = device(fakeBrowser.storage.sync);
    const b = device(fakeBrowser.storage.sync);
    a.engine.start();
    b.engine.start();
    a.set(['1', '2'], 'read');
    await a.engine.syncNow();
    tick();
    await b.engine.syncNow();

    // Offline on both: a unmarks 1 then b marks 3 and re-touches nothing; b unmarks 2 later than a re-reads 2.
    tick();
    a.set(['1'], 'unread');
    a.set(['2'], 'unread');
    tick();
    b.set(['2'], 'read');
    b.set(['3'], 'read');
    tick();
    a.set(['2'], 'read');
    tick();
    b.set(['2'], 'unread');
    for (let round = 0; round < 2; round++) {
      tick();
      await a.engine.syncNow();
      tick();
      await b.engine.syncNow();
    }
    for (const d of [a, b]) expect(['1', '2', '3'].map(d.state)).toEqual(['unread', 'unread', 'read']);
  });

  it('a device that is cleared does not unmark the others, and gets the marks back', async () => {
    const a = device(fakeBrowser.storage.sync);
    const b = device(fakeBrowser.storage.sync);
    a.engine.start();
    b.engine.start();
    a.set(['5', '6'], 'read');
    await a.engine.syncNow();
    tick();
    b.db.reading = [];
    await b.engine.syncNow();
    expect(['5', '6'].map(b.state)).toEqual(['read', 'read']);
  });

  it('reacts to remote changes after the debounce, and ignores the echo of its own writes', async () => {
    const a = device(fakeBrowser.storage.sync, { debounceMs: 5_000 });
    const b = device(fakeBrowser.storage.sync, { debounceMs: 5_000 });
    const get = vi.spyOn(fakeBrowser.storage.sync, 'get');
    a.engine.start();
    b.engine.start();
    await vi.advanceTimersByTimeAsync(1); // the first sync of each
    expect(get).toHaveBeenCalledTimes(2);

    a.set(['77'], 'read');
    tick();
    a.engine.schedule();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(get).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1); // a writes; b hears it, a ignores its own echo
    expect(get).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(get).toHaveBeenCalledTimes(4);
    expect(b.state('77')).toBe('read');
  });
});

describe('two devices, random histories', () => {
  type Op = {
    device: 0 | 1;
    kind: 'read' | 'unread' | 'follow' | 'unfollow' | 'sync';
    id: string;
    key: string;
    wait: number;
  };
  const op: fc.Arbitrary<Op> = fc.record({
    device: fc.constantFrom(0 as const, 1 as const),
    kind: fc.constantFrom('read' as const, 'unread' as const, 'follow' as const, 'unfollow' as const, 'sync' as const),
    id: fc.constantFrom('1', '2', '3', '600'),
    key: fc.constantFrom('熵', 'moe'),
    wait: fc.integer({ min: 11, max: 200 }), // seconds; more than the write interval, so no write is postponed
  });

  it('converge, and every article ends in the state of its latest change on either device', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
        fakeBrowser.reset();
        const devices = [device(fakeBrowser.storage.sync), device(fakeBrowser.storage.sync)] as const;
        for (const d of devices) d.engine.start();
        const latest = new Map<string, ReadState>();
        for (const { device: index, kind, id, key, wait } of ops) {
          tick(wait * 1000);
          const d = devices[index];
          // Only real changes: a device can unmark only what it has as read, follow only what it does not follow.
          if (kind === 'read' && d.state(id) !== 'read') d.set([id], 'read');
          else if (kind === 'unread' && d.state(id) === 'read') d.set([id], 'unread');
          else if (kind === 'follow' && !d.followed().includes(key)) d.follow(key);
          else if (kind === 'unfollow' && d.followed().includes(key)) d.unfollow(key);
          else if (kind === 'sync') await d.engine.syncNow();
          else continue;
          if (kind === 'read' || kind === 'unread') latest.set(id, kind);
        }
        for (let round = 0; round < 2; round++) {
          for (const d of devices) {
            tick(30_000);
            expect((await d.engine.syncNow()).kind).toBe('ok');
          }
        }
        const [a, b] = devices;
        for (const [id, state] of latest) expect([id, a.state(id), b.state(id)]).toEqual([id, state, state]);
        expect(a.followed()).toEqual(b.followed());
      }),
      { numRuns: 150 },
    );
  });
});

describe('writes', () => {
  it('stay far below 120 a minute under a stream of changes, and only changed items are written', async () => {
    const a = device(fakeBrowser.storage.sync, { debounceMs: 2_000 });
    const set = vi.spyOn(fakeBrowser.storage.sync, 'set');
    a.engine.start();
    await vi.advanceTimersByTimeAsync(1);
    for (let second = 0; second < 120; second++) {
      a.set([String(1000 + second)], 'read');
      a.engine.schedule();
      await vi.advanceTimersByTimeAsync(1_000);
    }
    await vi.advanceTimersByTimeAsync(60_000);
    expect(set.mock.calls.length).toBeGreaterThan(0);
    // 3 minutes with at least 10 s between writing syncs: at most 19 writes, where 120 changes came in.
    expect(set.mock.calls.length).toBeLessThanOrEqual(19);
    // Everything arrived in the end.
    const b = device(fakeBrowser.storage.sync);
    b.engine.start();
    await b.engine.syncNow();
    expect(b.db.reading.filter((r) => r.state === 'read')).toHaveLength(120);
    // A change in one bucket rewrites that item only.
    set.mockClear();
    tick();
    a.set(['5000'], 'read');
    await a.engine.syncNow();
    expect(set).toHaveBeenCalledTimes(1);
    expect(Object.keys(must(set.mock.calls[0], 'the first write')[0])).toEqual(['kx1.r.9']);
  });

  it('never deletes nor overwrites an item it cannot decode, and names it in the status', async () => {
    const a = device(fakeBrowser.storage.sync);
    a.engine.start();
    a.set(['10'], 'read');
    await a.engine.syncNow();
    await fakeBrowser.storage.sync.set({ 'kx1.r.0': 'garbage', 'kx1.f.0': { evil: true } });
    tick();
    const b = device(fakeBrowser.storage.sync);
    b.engine.start();
    b.set(['11'], 'read');
    await b.engine.syncNow();
    tick();
    await a.engine.syncNow();
    expect(await fakeBrowser.storage.sync.get(['kx1.r.0', 'kx1.f.0'])).toEqual({
      'kx1.r.0': 'garbage',
      'kx1.f.0': { evil: true },
    });
    for (const d of [a, b]) {
      expect(d.statuses.at(-1)).toMatchObject({
        kind: 'ok',
        notSynced: ['unreadable item kx1.r.0', 'unreadable item kx1.f.0'],
      });
    }
    expect(a.state('10')).toBe('read'); // local data untouched
  });
});

describe('failures never touch local data', () => {
  /** storage.sync that refuses writes the way Chrome does when the quota is exceeded. */
  function failingArea(message: string): SyncArea & { writes: number } {
    const area = {
      writes: 0,
      get: async () => ({}),
      set: async () => {
        area.writes++;
        throw new Error(message);
      },
      remove: async () => undefined,
      onChanged: { addListener: () => undefined, removeListener: () => undefined },
    };
    return area;
  }

  it.each([
    ['QUOTA_BYTES quota exceeded', /Sync storage is full/],
    ['QUOTA_BYTES_PER_ITEM quota exceeded', /Sync storage is full/],
    ['MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded', /Too many sync writes/],
    ['Network down', /Sync failed/],
  ])('%s → an error status, the database unchanged, a retry later', async (message, expected) => {
    const area = failingArea(message);
    const a = device(area);
    a.engine.start();
    a.set(['1', '2'], 'read');
    a.follow('熵');
    const before = structuredClone(a.db);
    const status = await a.engine.syncNow();
    expect(status).toMatchObject({ kind: 'error', message: expect.stringMatching(expected) });
    expect(a.db).toEqual(before);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(area.writes).toBe(2);
    expect(a.db).toEqual(before);
  });

  it('a failing read of storage.sync is reported too', async () => {
    const area = { ...failingArea('x'), get: async () => Promise.reject(new Error('storage.sync is disabled')) };
    const a = device(area);
    a.engine.start();
    a.set(['1'], 'read');
    const before = structuredClone(a.db);
    expect(await a.engine.syncNow()).toMatchObject({ kind: 'error', message: 'Sync failed: storage.sync is disabled' });
    expect(a.db).toEqual(before);
  });

  it('when the marks outgrow the budget: status full, nothing written, remote marks still arrive', async () => {
    const other = device(fakeBrowser.storage.sync);
    other.engine.start();
    other.set(['424242'], 'read');
    await other.engine.syncNow();

    const a = device(fakeBrowser.storage.sync);
    const set = vi.spyOn(fakeBrowser.storage.sync, 'set');
    a.engine.start();
    // 20,000 marks at random times over ten years (several bytes each), put straight into the database.
    const random = seededRandom(7);
    a.db.reading = Array.from({ length: 20_000 }, (_, i) => {
      const at = Date.now() - Math.floor(random() * 10 * 365 * 86_400_000);
      return { id: String(1 + i * 3), state: 'read' as const, progress: 1, position: 1, readAt: at, updatedAt: at };
    });
    const status = await a.engine.syncNow();
    expect(status).toMatchObject({ kind: 'full', limit: SYNC_BUDGET_BYTES });
    expect((status as { bytes: number }).bytes).toBeGreaterThan(SYNC_BUDGET_BYTES);
    expect(set).not.toHaveBeenCalled();
    expect(a.state('424242')).toBe('read');
    expect(a.db.reading.filter((r) => r.state === 'read')).toHaveLength(20_001);
  });

  it('stopping sync deletes nothing and writes nothing', async () => {
    const a = device(fakeBrowser.storage.sync);
    a.engine.start();
    a.set(['8'], 'read');
    await a.engine.syncNow();
    a.engine.stop();
    expect(a.engine.status()).toEqual({ kind: 'off' });
    const stored = await fakeBrowser.storage.sync.get(null);
    a.set(['9'], 'read');
    a.engine.schedule();
    await a.engine.syncNow();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual(stored);
    expect(['8', '9'].map(a.state)).toEqual(['read', 'read']);
  });
});

describe('changes made right after a sync', () => {
  it('win over what that sync brought, even in the same second or with a clock behind', async () => {
    const a = device(fakeBrowser.storage.sync);
    const b = device(fakeBrowser.storage.sync);
    a.engine.start();
    b.engine.start();
    a.set(['1'], 'read');
    await a.engine.syncNow();
    // b's clock is a minute behind a's: b's unmark is "older" than a's read by the clocks, but b saw the read first.
    tick(-60_000);
    await b.engine.syncNow();
    expect(b.state('1')).toBe('read');
    b.set(['1'], 'unread');
    await b.engine.syncNow();
    expect(b.state('1')).toBe('unread');
    tick(120_000);
    await a.engine.syncNow();
    expect(a.state('1')).toBe('unread');

    // The same second on one device: read, sync, unmark.
    a.set(['2'], 'read');
    await a.engine.syncNow();
    a.set(['2'], 'unread');
    tick(11_000);
    await a.engine.syncNow();
    expect(a.state('2')).toBe('unread');
    tick(11_000);
    await b.engine.syncNow();
    expect(b.state('2')).toBe('unread');
  });
});
