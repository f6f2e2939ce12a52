/** Sync against the real reader service (Dexie on fake-indexeddb): remote marks land in the database intact. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ReaderDatabase } from '@/utils/db/database';
import { createReaderService } from '@/utils/db/service';
import { createSyncEngine } from '@/utils/sync/engine';
import { readerApiSyncLocal } from '@/utils/sync/local';
import { marksFromSnapshot } from '@/utils/sync/marks';

let counter = 0;
function profile() {
  const db = new ReaderDatabase(`sync-test-${++counter}-${Math.random().toString(36).slice(2)}`);
  const service = createReaderService(db, { now: () => Date.now(), broadcast: () => undefined });
  let saved: string | null = null;
  const engine = createSyncEngine({
    area: fakeBrowser.storage.sync,
    local: readerApiSyncLocal(service),
    memory: {
      load: async () => saved,
      save: async (value) => {
        saved = value;
      },
    },
  });
  engine.start();
  return { service, engine };
}

const tick = (ms = 60_000) => vi.setSystemTime(Date.now() + ms);

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 8, 0, 0, 250), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  fakeBrowser.reset();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sync with the reader service', () => {
  it('carries marks and follows between two databases, keeping their times', async () => {
    const a = profile();
    const b = profile();
    await a.service.seenAndStates([{ id: '5253', title: '变分自编码器（一）', date: '2018-03-18' }], 'listing');
    await b.service.seenAndStates([{ id: '5253', title: '变分自编码器（一）', date: '2018-03-18' }], 'listing');
    await a.service.setState(['5253', '5343'], 'read', 'manual');
    await a.service.follow('变分自编码器');
    expect((await a.engine.syncNow()).kind).toBe('ok');
    tick();
    await b.service.reportProgress('5383', 0.5, 0.5);
    await b.engine.syncNow();

    const states = await b.service.getStates(['5253', '5343', '5383']);
    expect([states['5253']?.state, states['5343']?.state, states['5383']?.state]).toEqual(['read', 'read', 'reading']);
    expect(states['5253']?.readAt).toBe(Date.UTC(2026, 10, 22, 8)); // a's time, to the second
    expect((await b.service.getSnapshot()).follows.map((f) => f.seriesKey)).toEqual(['变分自编码器']);
    // b now implies exactly the marks a does, so neither has anything more to write.
    const marks = async (p: typeof a) => marksFromSnapshot(await p.service.getSnapshot()).reads;
    expect(await marks(b)).toEqual(await marks(a));

    tick();
    await b.service.setState(['5343'], 'unread', 'manual');
    await b.service.unfollow('变分自编码器');
    await b.engine.syncNow();
    tick();
    await a.engine.syncNow();
    expect((await a.service.getStates(['5343']))['5343']?.state).toBe('unread');
    expect((await a.service.getSnapshot()).follows).toEqual([]);
    // a logs b's unmark as a sync event at b's time (to the second).
    const last = (await a.service.recentEvents(1))[0];
    expect(last).toMatchObject({
      articleId: '5343',
      from: 'read',
      to: 'unread',
      source: 'sync',
      at: Date.UTC(2026, 10, 22, 8, 2),
    });
  });
});
