import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS, type ImportPlan } from '@/utils/db/model';
import { article, dumpTables, makeService, plan, reading } from './helpers';

async function seed(service: ReturnType<typeof makeService>['service']): Promise<void> {
  await service.seenAndStates(
    [
      { id: '1', title: 'local one' },
      { id: '2', title: 'local two' },
    ],
    'listing',
  );
  await service.setState(['1', '2'], 'read', 'manual');
  await service.updateSettings({ theme: 'dark' });
  await service.reportDiagnostic('https://kexue.fm/x', 'kept');
}

describe('applyImport', () => {
  test('merge puts the plan rows and appends its events after the local log', async () => {
    const { service, broadcasts } = makeService();
    await seed(service);
    broadcasts.length = 0;
    await service.applyImport(
      plan({
        articles: [article('3', 'imported', 'S', 1)],
        reading: [reading('2', 'reading', 99), reading('3', 'read')],
        follows: [{ seriesKey: 'S', followedAt: 5, seenIds: ['3'] }],
        corrections: [{ kind: 'rename', seriesKey: 'S', name: '系列', at: 3 }],
        events: [{ seq: 1, at: 7, articleId: '3', from: 'unread', to: 'read', source: 'manual' }],
        settings: { ...DEFAULT_SETTINGS, language: 'en' },
      }),
    );
    const snap = await service.getSnapshot();
    expect(snap.articles.map((a) => a.id)).toEqual(['1', '2', '3']);
    expect(Object.fromEntries(snap.reading.map((r) => [r.id, r.state]))).toEqual({
      '1': 'read',
      '2': 'reading',
      '3': 'read',
    });
    expect(snap.events.map((e) => [e.seq, e.articleId])).toEqual([
      [1, '1'],
      [2, '2'],
      [3, '3'],
    ]);
    expect(snap.settings.language).toBe('en');
    expect((await service.listSeries())[0]).toMatchObject({ key: 'S', name: '系列', followed: true, read: 1 });
    expect(
      broadcasts
        .flat()
        .map((r) => r.id)
        .sort(),
    ).toEqual(['2', '3']);
  });

  test(
    'replace clears everything first, keeps event numbers, ' + 'and broadcasts states that disappeared as unread',
    async () => {
      const { service, broadcasts } = makeService();
      await seed(service);
      broadcasts.length = 0;
      await service.applyImport(
        plan({
          mode: 'replace',
          articles: [article('3', 'imported')],
          reading: [reading('3', 'read')],
          events: [{ seq: 40, at: 7, articleId: '3', from: 'unread', to: 'read', source: 'manual' }],
        }),
      );
      const snap = await service.getSnapshot();
      expect(snap.articles.map((a) => a.id)).toEqual(['3']);
      expect(snap.reading.map((r) => r.id)).toEqual(['3']);
      expect(snap.events.map((e) => e.seq)).toEqual([40]);
      expect(snap.settings).toEqual(DEFAULT_SETTINGS);
      // Diagnostics are not user data: a restore keeps them.
      expect(await service.diagnostics()).toHaveLength(1);
      const broadcast = broadcasts.flat();
      expect(broadcast.find((r) => r.id === '1')).toMatchObject({ state: 'unread' });
      expect(broadcast.find((r) => r.id === '3')).toMatchObject({ state: 'read' });
      await service.setState(['1'], 'read', 'manual');
      expect((await service.recentEvents(1))[0]?.seq).toBe(41);
    },
  );

  test('a replace plan that fails midway leaves the database exactly as it was', async () => {
    const { service, db, broadcasts } = makeService();
    await seed(service);
    const before = await dumpTables(db);
    broadcasts.length = 0;
    const bad = plan({
      mode: 'replace',
      articles: [article('3', 'imported'), article('4', 'imported')],
      reading: [reading('3', 'read'), reading('4', 'read')],
    });
    // The plan is valid; the database fails on its second table.
    (db.reading as { bulkPut: unknown }).bulkPut = () => Promise.reject(new Error('QuotaExceededError'));
    await expect(service.applyImport(bad)).rejects.toThrow(/^The import failed; nothing was changed/);
    expect(await dumpTables(db)).toEqual(before);
    expect(broadcasts).toEqual([]);
  });

  test('a merge plan that fails on its last table leaves the database unchanged', async () => {
    const { service, db } = makeService();
    await seed(service);
    const before = await dumpTables(db);
    const bad = plan({
      articles: [article('3', 'imported')],
      reading: [reading('3', 'read')],
      follows: [{ seriesKey: 'S', followedAt: 1, seenIds: [] }],
      corrections: [{ kind: 'rename', seriesKey: 'S', name: 'n', at: 1 }],
      events: [{ at: 1, articleId: '3', from: 'unread', to: 'read', source: 'manual', batch: 'x' }],
    });
    // The plan is valid; the database fails on the last table it writes.
    (db.events as { bulkAdd: unknown }).bulkAdd = () => Promise.reject(new Error('DataCloneError'));
    await expect(service.applyImport(bad)).rejects.toThrow(/nothing was changed/);
    expect(await dumpTables(db)).toEqual(before);
  });

  test('corrections: one per article or series, the latest by time wins whether local or imported', async () => {
    const { service } = makeService();
    await service.correctSeries({ kind: 'rename', seriesKey: 'S', name: 'local, newer', at: 20 });
    await service.correctSeries({ kind: 'rename', seriesKey: 'T', name: 'local, older', at: 5 });
    await service.applyImport(
      plan({
        corrections: [
          { kind: 'rename', seriesKey: 'S', name: 'imported, older', at: 10 },
          { kind: 'rename', seriesKey: 'T', name: 'imported, newest', at: 9 },
          { kind: 'rename', seriesKey: 'T', name: 'imported, newer', at: 8 },
        ],
      }),
    );
    const names = Object.fromEntries(
      (await service.getSnapshot()).corrections.map((c) => (c.kind === 'rename' ? [c.seriesKey, c.name] : [])),
    );
    expect(names).toEqual({ S: 'local, newer', T: 'imported, newest' });
  });

  test('a malformed plan is refused before anything is written', async () => {
    const { service, db } = makeService();
    await seed(service);
    const before = await dumpTables(db);
    await expect(service.applyImport({ ...plan({}), mode: 'overwrite' } as unknown as ImportPlan)).rejects.toThrow(
      /merge or replace/,
    );
    await expect(service.applyImport({ ...plan({}), reading: 'x' } as unknown as ImportPlan)).rejects.toThrow(
      /"reading" is not a list/,
    );
    await expect(
      service.applyImport(plan({ settings: { ...DEFAULT_SETTINGS, theme: 'neon' as 'dark' } })),
    ).rejects.toThrow(/theme/);
    expect(await dumpTables(db)).toEqual(before);
  });

  test('a snapshot restored with replace is identical', async () => {
    const { service } = makeService();
    await seed(service);
    await service.correctSeries({ kind: 'assign', articleId: '1', seriesKey: 'S', part: 2, at: 4 });
    await service.follow('S');
    const snap = await service.getSnapshot();
    const other = makeService();
    await other.service.applyImport(plan({ mode: 'replace', ...snap }));
    expect(await other.service.getSnapshot()).toEqual(snap);
  });
});
