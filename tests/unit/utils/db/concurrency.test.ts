import { describe, expect, test } from 'vitest';
import { must } from '@/tests/must';
import type { ReaderService } from '@/utils/db/api';
import { ReaderDatabase } from '@/utils/db/database';
import type { ReadingEvent } from '@/utils/db/model';
import { createReaderService } from '@/utils/db/service';

const TABS = 10;
const TOGGLES = 100;
const SHARED = '1';
const ownArticle = (tab: number) => String(100 + tab);

/** Each tab toggles its own article and a shared one, awaiting each call as a tab's UI would; tabs interleave. */
async function runTabs(serviceOfTab: (tab: number) => ReaderService): Promise<void> {
  await Promise.all(
    Array.from({ length: TABS }, async (_, tab) => {
      const service = serviceOfTab(tab);
      for (let i = 0; i < TOGGLES; i++) {
        const state = i % 2 === 0 ? 'read' : 'unread';
        // Both calls are in flight together, like a click and a broadcast-driven update.
        await Promise.all([
          service.setState([ownArticle(tab)], state, 'manual'),
          service.setState([SHARED], tab % 2 === 0 ? state : i % 2 === 0 ? 'unread' : 'read', 'manual'),
          service.reportProgress(ownArticle(tab + TABS), (i + 1) / TOGGLES, 0.5),
        ]);
      }
    }),
  );
}

async function checkLog(service: ReaderService): Promise<void> {
  const events = (await service.recentEvents(100_000)).reverse();
  // The log is gap-free and ordered.
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));

  const byArticle = new Map<string, ReadingEvent[]>();
  for (const e of events) byArticle.set(e.articleId, [...(byArticle.get(e.articleId) ?? []), e]);

  const states = await service.getStates([SHARED, ...Array.from({ length: 2 * TABS }, (_, t) => ownArticle(t))]);
  for (let tab = 0; tab < TABS; tab++) {
    const own = must(byArticle.get(ownArticle(tab)), `the events of tab ${tab}'s article`);
    expect(own).toHaveLength(TOGGLES);
    expect(own.map((e) => e.to)).toEqual(Array.from({ length: TOGGLES }, (_, i) => (i % 2 === 0 ? 'read' : 'unread')));
    expect(new Set(own.map((e) => e.batch)).size).toBe(TOGGLES);
    expect(states[ownArticle(tab)]?.state).toBe('unread');
    // Progress only grows: the last report (1.0) wins whatever the interleaving.
    expect(states[ownArticle(tab + TABS)]).toMatchObject({ state: 'reading', progress: 1 });
    expect(byArticle.get(ownArticle(tab + TABS))).toHaveLength(1);
  }

  // The shared article's log is one unbroken chain: no change was computed from a stale state.
  const shared = must(byArticle.get(SHARED), 'the events of the shared article');
  expect(shared.length).toBeGreaterThan(0);
  let state = 'unread';
  for (const e of shared) {
    expect(e.from).toBe(state);
    expect(e.to).not.toBe(e.from);
    state = e.to;
  }
  expect(states[SHARED]?.state).toBe(state);
}

// 3,000 transactions per test: allow for a busy machine (this is a limit, not a timing assertion).
describe('concurrency: 10 tabs × 100 toggles', { timeout: 60_000 }, () => {
  test('interleaved calls against one service lose no write and log every change', async () => {
    const service = createReaderService(new ReaderDatabase(`tabs-${Math.random()}`), {
      now: Date.now,
      broadcast: () => {},
    });
    await runTabs(() => service);
    await checkLog(service);
  });

  test('two service instances (two connections) on the same database lose no write', async () => {
    const name = `tabs-two-${Math.random()}`;
    const open = () => createReaderService(new ReaderDatabase(name), { now: Date.now, broadcast: () => {} });
    const services = [open(), open()] as const;
    await runTabs((tab) => services[tab % 2 === 0 ? 0 : 1]);
    await checkLog(services[0]);
    await checkLog(services[1]);
  });
});
