/**
 * The popup's precomputed summary (utils/db/summary.ts): after every kind of write the kept copy equals what a full
 * scan of the database gives, a reading-state change recomputes only its series (no catalog scan), and a missing or
 * outdated copy is rebuilt.
 */
import { describe, expect, test, vi } from 'vitest';
import { must } from '@/tests/must';
import { createReaderService } from '@/utils/db/service';
import { type PopupSummary, SUMMARY_VERSION, type SummaryStore } from '@/utils/db/summary';
import { freshDb, plan } from './helpers';

const VAE = ['5253', '5343', '5383', '5716'].map((id, i) => ({
  id,
  title: `变分自编码器（${'一二三四'[i]}）：第${i + 1}篇`,
  date: `2018-0${i + 1}-01`,
}));
const DYN = ['5655', '6261'].map((id, i) => ({
  id,
  title: `从动力学角度看优化算法（${'一二'[i]}）：第${i + 1}篇`,
  date: `2019-0${i + 1}-01`,
}));
const ALONE = { id: '1000', title: '一篇单独的文章', date: '2017-01-01' };

function setup() {
  const db = freshDb('summary');
  let kept: unknown = null;
  const saves: PopupSummary[] = [];
  const store: SummaryStore = {
    load: async () => kept,
    save: async (summary) => {
      kept = summary;
      saves.push(summary);
    },
  };
  let time = 1_700_000_000_000;
  const service = createReaderService(db, { now: () => (time += 1000), broadcast: () => {}, summaryStore: store });
  /** The kept summary once every change is in, and what a full scan says it should be. */
  const compare = async () => {
    await service.summaryIdle();
    const [series, continueReading] = await Promise.all([service.listSeries(), service.continueReading()]);
    const snapshot = await service.getSnapshot();
    const summary = kept as PopupSummary;
    expect(summary.version).toBe(SUMMARY_VERSION);
    expect(summary.series.map(({ newest: _newest, ...s }) => s)).toEqual(series);
    expect(summary.continueReading).toEqual(continueReading);
    expect(summary.hasReaderData).toBe(snapshot.reading.length + snapshot.follows.length > 0);
    return summary;
  };
  return { db, service, store, saves, compare, setKept: (value: unknown) => (kept = value) };
}

describe('popup summary', () => {
  test('follows every kind of write exactly', async () => {
    const { service, compare } = setup();
    await service.importArchive([...VAE, ...DYN, ALONE]);
    const imported = await compare();
    expect(imported.series).toHaveLength(2);
    const dynKey = must(
      imported.series.find((s) => s.total === 2),
      'the series of two parts',
    ).key;

    const { batch } = await service.setState(['5253', '5343'], 'read', 'manual');
    await compare();
    await service.reportProgress('5383', 0.4, 0.4);
    expect((await compare()).continueReading?.id).toBe('5383');
    await service.follow(dynKey);
    const followed = await compare();
    const [first, second] = followed.series.map((s) => s.key);
    const [followedKey, otherKey] = [must(first, 'the followed series'), must(second, 'the other series')];
    expect(followed.series[0]).toMatchObject({ key: dynKey, followed: true });
    await service.undo(batch);
    await compare();
    await service.seenAndStates([{ id: '9000', title: '变分自编码器（五）：新的一篇', date: '2020-01-01' }], 'listing');
    expect((await compare()).series.find((s) => s.total === 5)).toMatchObject({ key: '变分自编码器', total: 5 });
    await service.correctSeries({ kind: 'rename', seriesKey: otherKey, name: '我的名字', at: 1 });
    await compare();
    await service.correctSeries({ kind: 'merge', from: followedKey, into: otherKey, at: 2 });
    expect((await compare()).series).toHaveLength(1);
    await service.resetSeries(otherKey);
    expect((await compare()).series).toHaveLength(2);
    await service.markSeriesSeen(followedKey);
    await service.unfollow(followedKey);
    await compare();
    await service.applyImport(
      plan({
        mode: 'merge',
        reading: [{ id: '6261', state: 'read', progress: 1, position: 1, readAt: 5, updatedAt: 5 }],
      }),
    );
    await compare();
    await service.clearAll();
    expect(await compare()).toMatchObject({ series: [], continueReading: null, hasReaderData: false });
  });

  test('a reading-state change recomputes its series only, without reading the whole catalog', async () => {
    const { db, service, compare } = setup();
    await service.importArchive([...VAE, ...DYN, ALONE]);
    await compare();
    const scans = vi.spyOn(db.articles, 'toArray');
    const readingScans = vi.spyOn(db.reading, 'toArray');
    await service.setState(['5655'], 'read', 'manual');
    await service.summaryIdle();
    expect(scans).not.toHaveBeenCalled();
    expect(readingScans).not.toHaveBeenCalled();
    scans.mockRestore();
    readingScans.mockRestore();
    expect((await compare()).series.find((s) => s.read === 1)?.total).toBe(2);
  });

  test('a missing or outdated summary is rebuilt when the popup asks for it', async () => {
    const { service, setKept, saves } = setup();
    await service.importArchive([...VAE, ALONE]);
    await service.summaryIdle();
    setKept({ version: SUMMARY_VERSION - 1, series: [] });
    const rebuilt = await service.popupSummary();
    expect(rebuilt.series).toHaveLength(1);
    expect(saves.at(-1)).toEqual(rebuilt);
    setKept(null);
    expect((await service.popupSummary()).series).toHaveLength(1);
    // A kept, current summary is returned as it is.
    const count = saves.length;
    await service.popupSummary();
    expect(saves).toHaveLength(count);
  });
});
