import { describe, expect, test } from 'vitest';
import { must } from '@/tests/must';
import { correctionKey } from '@/utils/db/database';
import type { SeriesCorrection } from '@/utils/db/model';
import { VAE as ALL_VAE, DYN_KEY, DYNAMICS, VAE_KEY } from './fixtures';
import { dumpTables, makeService, plan } from './helpers';

const VAE = ALL_VAE.slice(0, 2);
const DYN_3 = { id: '6500', title: '从动力学角度看优化算法（三）：一个更整体的视角', date: '2019-02-03' };

const merge = (from: string, into: string, at: number): SeriesCorrection => ({ kind: 'merge', from, into, at });

async function withTwoSeries() {
  const t = makeService();
  await t.service.importArchive([...VAE, ...DYNAMICS]);
  return t;
}

describe('merging series in the database', () => {
  test('the keys the tests assume are the parser keys', async () => {
    const { service } = await withTwoSeries();
    expect((await service.listSeries()).map((s) => s.key).sort()).toEqual([DYN_KEY, VAE_KEY].sort());
  });

  test('a merge shows the merged series as part of the other one, with its parts and under its name', async () => {
    const { service, db } = await withTwoSeries();
    await service.correctSeries(merge(DYN_KEY, VAE_KEY, 1));
    expect((await service.listSeries()).map((s) => [s.key, s.name, s.total])).toEqual([[VAE_KEY, VAE_KEY, 4]]);
    const detail = must(await service.getSeries(VAE_KEY), 'the VAE series');
    expect(detail.articles.map((a) => [a.id, a.part])).toEqual([
      ['5253', 1],
      ['5655', 1],
      ['5343', 2],
      ['6261', 2],
    ]);
    expect(detail.merged).toEqual([{ key: DYN_KEY, name: DYN_KEY }]);
    expect(await service.getSeries(DYN_KEY)).toBeNull();
    expect(await db.corrections.get(`merge:${DYN_KEY}`)).toEqual(merge(DYN_KEY, VAE_KEY, 1));
  });

  test(
    'new parts of the merged series that arrive with a later archive refresh ' + 'land in the merged series',
    async () => {
      const { service, db } = await withTwoSeries();
      await service.correctSeries(merge(DYN_KEY, VAE_KEY, 1));
      expect(await service.importArchive([...VAE, ...DYNAMICS, DYN_3])).toEqual({ added: 1, renamed: 0 });
      expect(await db.articles.get('6500')).toMatchObject({ series: VAE_KEY, part: 3 });
      // And from a listing page as well.
      await service.seenAndStates(
        [{ id: '6700', title: '从动力学角度看优化算法（四）：GAN的第三个阶段', date: '2019-05-03' }],
        'listing',
      );
      expect(await db.articles.get('6700')).toMatchObject({ series: VAE_KEY, part: 4 });
      expect(must(await service.getSeries(VAE_KEY), 'the VAE series').total).toBe(6);
    },
  );

  test('a merge of a series into itself undoes the merge and is kept as the one correction about it', async () => {
    const { service, db } = await withTwoSeries();
    await service.correctSeries(merge(DYN_KEY, VAE_KEY, 1));
    await service.correctSeries(merge(DYN_KEY, DYN_KEY, 2));
    expect((await service.listSeries()).map((s) => [s.key, s.total]).sort()).toEqual(
      [
        [DYN_KEY, 2],
        [VAE_KEY, 2],
      ].sort(),
    );
    expect(must(await service.getSeries(VAE_KEY), 'the VAE series').merged).toEqual([]);
    expect(await db.corrections.toArray()).toEqual([merge(DYN_KEY, DYN_KEY, 2)]);
  });

  test('an assign of one article still wins over the merge of its series', async () => {
    const { service, db } = await withTwoSeries();
    await service.correctSeries({ kind: 'assign', articleId: '6261', seriesKey: null, at: 1 });
    await service.correctSeries(merge(DYN_KEY, VAE_KEY, 2));
    expect(await db.articles.get('6261')).toMatchObject({ series: null, part: null });
    expect(await db.articles.get('5655')).toMatchObject({ series: VAE_KEY });
  });

  test('a follow of the merged series carries over, so its later parts still count on the badge', async () => {
    const { service } = await withTwoSeries();
    await service.follow(DYN_KEY);
    await service.correctSeries(merge(DYN_KEY, VAE_KEY, 1));
    const [vae] = await service.listSeries();
    expect(vae).toMatchObject({ key: VAE_KEY, followed: true, newParts: 0 });
    await service.importArchive([...VAE, ...DYNAMICS, DYN_3]);
    expect(await service.newPartsCount()).toBe(1);
  });

  test('several corrections are saved together, or none when one is invalid', async () => {
    const { service, db } = await withTwoSeries();
    const before = await dumpTables(db);
    await expect(
      service.correctSeries([
        merge(DYN_KEY, VAE_KEY, 1),
        { kind: 'assign', articleId: 'nope', seriesKey: null, at: 1 },
      ]),
    ).rejects.toThrow(/Invalid article id/);
    await expect(service.correctSeries([merge('', VAE_KEY, 1)])).rejects.toThrow(/Invalid series key/);
    expect(await dumpTables(db)).toEqual(before);
    // A split: the new series' name and its articles in one call.
    await service.correctSeries([
      { kind: 'rename', seriesKey: 'user:split', name: '拆出来的', at: 2 },
      { kind: 'assign', articleId: '5343', seriesKey: 'user:split', part: 2, at: 2 },
    ]);
    expect(await service.getSeries('user:split')).toMatchObject({ name: '拆出来的', total: 1 });
  });
});

describe('resetSeries', () => {
  test('removes the corrections that shape the series and brings back the parser grouping', async () => {
    const { service, db } = await withTwoSeries();
    const corrections: SeriesCorrection[] = [
      merge(DYN_KEY, VAE_KEY, 1),
      { kind: 'rename', seriesKey: VAE_KEY, name: 'VAE+', at: 2 },
      { kind: 'assign', articleId: '5343', seriesKey: 'user:x', at: 3 },
      { kind: 'rename', seriesKey: 'user:x', name: '另一个', at: 4 },
    ];
    await service.correctSeries(corrections);
    expect(must(await service.getSeries(VAE_KEY), 'the VAE series').total).toBe(3);
    expect(await service.resetSeries(VAE_KEY)).toBe(3);
    expect((await db.corrections.toArray()).map(correctionKey)).toEqual(['rename:user:x']);
    const series = await service.listSeries();
    expect(series.map((s) => [s.key, s.name, s.total]).sort()).toEqual(
      [
        [DYN_KEY, DYN_KEY, 2],
        [VAE_KEY, VAE_KEY, 2],
      ].sort(),
    );
    expect(await service.resetSeries(VAE_KEY)).toBe(0);
  });

  test('refuses a missing series key', async () => {
    const { service } = makeService();
    await expect(service.resetSeries('  ')).rejects.toThrow(/Invalid series key/);
  });
});

describe('merges in imports', () => {
  test('the latest merge per series wins, whether local or imported', async () => {
    const { service, db } = await withTwoSeries();
    await service.correctSeries(merge(DYN_KEY, DYN_KEY, 5));
    const snapshot = await service.getSnapshot();
    // An older merge from a backup does not override the local, newer undo; a newer one does.
    await service.applyImport(plan({ corrections: [merge(DYN_KEY, VAE_KEY, 3)] }));
    expect(await db.corrections.get(`merge:${DYN_KEY}`)).toEqual(merge(DYN_KEY, DYN_KEY, 5));
    await service.applyImport(plan({ corrections: [merge(DYN_KEY, VAE_KEY, 9)] }));
    expect(await db.corrections.get(`merge:${DYN_KEY}`)).toEqual(merge(DYN_KEY, VAE_KEY, 9));
    expect(snapshot.corrections).toEqual([merge(DYN_KEY, DYN_KEY, 5)]);
  });
});
