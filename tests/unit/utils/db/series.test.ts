import { describe, expect, test } from 'vitest';
import { must } from '@/tests/must';
import { DYNAMICS, VAE, VAE_KEY } from './fixtures';
import { makeService } from './helpers';

const TRANSFORMER = [
  { id: '8231', title: 'Transformer升级之路：1、Sinusoidal位置编码追根溯源', date: '2021-03-08' },
  { id: '8265', title: 'Transformer升级之路：2、博采众长的旋转式位置编码', date: '2021-03-23' },
] as const;
describe('series progress', () => {
  test('seenAndStates groups titles over the whole catalog, listing pages arrive in any order', async () => {
    const { service, db } = makeService();
    await service.seenAndStates([VAE[3], VAE[1]], 'listing');
    await service.seenAndStates([VAE[0], VAE[2], { id: '1', title: '无关文章' }], 'listing');
    const rows = await db.articles.toArray();
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.series, r.part]]))).toEqual({
      '5253': [VAE_KEY, 1],
      '5343': [VAE_KEY, 2],
      '5383': [VAE_KEY, 3],
      '5716': [VAE_KEY, 4],
      '1': [null, null],
    });
  });

  test(
    'listSeries and getSeries count read / reading / total ' + 'and point at the first unread part in part order',
    async () => {
      const { service } = makeService();
      // Listed newest first, as the blog does.
      await service.seenAndStates([...VAE].reverse(), 'listing');
      await service.setState(['5253', '5383'], 'read', 'manual');
      await service.reportProgress('5716', 0.5, 0.5);
      const summary = must((await service.listSeries())[0], 'the first series');
      expect(summary).toMatchObject({
        key: VAE_KEY,
        name: VAE_KEY,
        total: 4,
        read: 2,
        reading: 1,
        followed: false,
        newParts: 0,
      });
      expect(summary.nextUnread?.id).toBe('5343');
      const detail = must(await service.getSeries(VAE_KEY), 'the VAE series');
      expect(detail.articles.map((a) => [a.id, a.reading?.state ?? null])).toEqual([
        ['5253', 'read'],
        ['5343', null],
        ['5383', 'read'],
        ['5716', 'reading'],
      ]);
      expect(detail.nextUnread?.id).toBe('5343');
      await service.setState(['5343', '5716'], 'read', 'manual');
      expect(must(await service.getSeries(VAE_KEY), 'the VAE series').nextUnread).toBeNull();
      expect(await service.getSeries('没有这个系列')).toBeNull();
    },
  );

  test(
    'seriesNavigation gives part k of n, the read count ' + 'and the neighbours in series order, not date order',
    async () => {
      const { service } = makeService();
      // Part 3 published before part 2: series order still goes 1, 2, 3.
      await service.seenAndStates(
        [{ ...VAE[2], date: '2018-03-20' }, VAE[1], VAE[0], { id: '1', title: '无关文章' }],
        'listing',
      );
      await service.setState(['5253'], 'read', 'manual');
      expect(await service.seriesNavigation('5343')).toEqual({
        key: VAE_KEY,
        name: VAE_KEY,
        kind: 'numbered',
        position: 2,
        total: 3,
        read: 1,
        followed: false,
        previous: { id: '5253', title: VAE[0].title, state: 'read' },
        next: { id: '5383', title: VAE[2].title, state: 'unread' },
      });
      // Only parts 2 and 3 known: the blog's numbers still say where the article stands.
      const partial = makeService().service;
      await partial.seenAndStates([VAE[1], VAE[2]], 'listing');
      expect(await partial.seriesNavigation('5383')).toMatchObject({
        position: 3,
        total: 3,
        previous: { id: '5343' },
        next: null,
      });
      // The last known part has no next one: part 4 is not invented before the catalog knows it.
      expect(must(await service.seriesNavigation('5383'), 'the navigation of 5383').next).toBeNull();
      await service.seenAndStates([VAE[3]], 'archive');
      expect(must(await service.seriesNavigation('5383'), 'the navigation of 5383').next?.id).toBe('5716');
      expect(await service.seriesNavigation('1')).toBeNull();
      await expect(service.seriesNavigation('x')).rejects.toThrow(/id/i);
    },
  );

  test('seriesNavigation orders a recurring column by date', async () => {
    const { service } = makeService();
    const nasa = ['2014-01-03', '2014-01-01', '2014-01-02'].map((date, i) => ({
      id: String(100 + i),
      title: `【NASA每日一图】第${i}张`,
      date,
    }));
    await service.seenAndStates(nasa, 'listing');
    const nav = await service.seriesNavigation('102');
    expect(nav).toMatchObject({ kind: 'column', position: 2, total: 3, previous: { id: '101' }, next: { id: '100' } });
  });

  test('seriesOfArticle gives the series an article page offers to follow, or null', async () => {
    const { service } = makeService();
    await service.seenAndStates([...VAE, { id: '1', title: '无关文章' }], 'listing');
    await service.follow(VAE_KEY);
    expect(await service.seriesOfArticle('5343')).toMatchObject({ key: VAE_KEY, total: 4, followed: true });
    expect(await service.seriesOfArticle('1')).toBeNull();
    expect(await service.seriesOfArticle('404')).toBeNull();
    await expect(service.seriesOfArticle('not-an-id')).rejects.toThrow(/id/i);
  });

  test('part order: 上/中/下 continue a number, unnumbered parts last', async () => {
    const { service, db } = makeService();
    const base = { earlierTitles: [], firstSeen: 0, lastSeen: 0, seenOn: ['archive' as const], series: 's' };
    await db.articles.bulkPut([
      { ...base, id: '10', title: 'c', date: '2020-01-03', part: 14, subpart: '下' },
      { ...base, id: '11', title: 'a', date: '2020-01-01', part: 14, subpart: '上' },
      { ...base, id: '12', title: 'x', date: '2019-01-01', part: null, subpart: null },
      { ...base, id: '13', title: 'b', date: '2020-01-02', part: 14, subpart: '中' },
      { ...base, id: '14', title: 'd', date: '2020-02-01', part: 15, subpart: null },
      { ...base, id: '15', title: 'z', date: '2018-01-01', part: 2, subpart: null },
    ]);
    const detail = must(await service.getSeries('s'), 'series s');
    expect(detail.articles.map((a) => a.id)).toEqual(['15', '11', '13', '10', '14', '12']);
  });

  test('followed series come first; a rename correction names the series', async () => {
    const { service } = makeService();
    await service.seenAndStates([...DYNAMICS, ...TRANSFORMER], 'listing');
    const keys = (await service.listSeries()).map((s) => s.key);
    expect(keys).toEqual(['transformer升级之路', '从动力学角度看优化算法']);
    const [transformer, dynamics] = ['transformer升级之路', '从动力学角度看优化算法'];
    // The name as the titles write it, not the key.
    expect((await service.listSeries())[0]?.name).toBe('Transformer升级之路');
    await service.follow(dynamics);
    await service.correctSeries({ kind: 'rename', seriesKey: dynamics, name: '优化算法的动力学', at: 1 });
    const list = await service.listSeries();
    expect(list.map((s) => [s.key, s.name, s.followed])).toEqual([
      [dynamics, '优化算法的动力学', true],
      [transformer, 'Transformer升级之路', false],
    ]);
    expect(must(await service.getSeries(dynamics), 'the dynamics series').name).toBe('优化算法的动力学');
  });
});

describe('follows and new parts', () => {
  test('parts present when following are seen; a new part counts until markSeriesSeen', async () => {
    const { service } = makeService();
    await service.seenAndStates(VAE.slice(0, 2), 'listing');
    const follow = await service.follow(VAE_KEY);
    expect(follow.seenIds.sort()).toEqual(['5253', '5343']);
    expect(await service.follow(VAE_KEY)).toEqual(follow);
    expect((await service.listSeries())[0]?.newParts).toBe(0);
    await service.seenAndStates(VAE.slice(2), 'listing');
    expect((await service.listSeries())[0]?.newParts).toBe(2);
    expect(await service.newPartsCount()).toBe(2);
    await service.markSeriesSeen(VAE_KEY);
    expect((await service.listSeries())[0]?.newParts).toBe(0);
    expect(await service.newPartsCount()).toBe(0);
    await service.unfollow(VAE_KEY);
    expect((await service.listSeries())[0]?.followed).toBe(false);
  });
});

describe('corrections', () => {
  test('an assign correction wins over the grouper and survives regrouping by importArchive', async () => {
    const { service, db } = makeService();
    await service.seenAndStates([...VAE], 'listing');
    await service.correctSeries({ kind: 'assign', articleId: '5716', seriesKey: '聚类', part: 1, at: 1 });
    expect(await db.articles.get('5716')).toMatchObject({ series: '聚类', part: 1 });
    const result = await service.importArchive([...VAE, { id: '6000', title: '变分自编码器（5）：新篇' }]);
    expect(result).toEqual({ added: 1, renamed: 0 });
    expect(await db.articles.get('5716')).toMatchObject({ series: '聚类', part: 1 });
    expect(await db.articles.get('6000')).toMatchObject({ series: VAE_KEY, part: 5, seenOn: ['archive'] });
    expect(must(await service.getSeries(VAE_KEY), 'the VAE series').total).toBe(4);
  });

  test('a correction for an article not yet in the catalog applies when it arrives', async () => {
    const { service, db } = makeService();
    await service.seenAndStates([...VAE], 'listing');
    await service.correctSeries({ kind: 'assign', articleId: '9000', seriesKey: null, at: 1 });
    await service.seenAndStates(
      [
        { id: '9000', title: '变分自编码器（五）：看似是第五篇' },
        { id: '9001', title: '变分自编码器（六）：第六篇' },
      ],
      'listing',
    );
    expect(must(await db.articles.get('9000'), 'article 9000').series).toBeNull();
    expect(must(await db.articles.get('9001'), 'article 9001').series).toBe(VAE_KEY);
  });

  test('merge and split: a part moved into another series, another taken out of any series', async () => {
    const { service, db } = makeService();
    await service.seenAndStates([...VAE, ...DYNAMICS], 'listing');
    await service.correctSeries({ kind: 'assign', articleId: '6261', seriesKey: VAE_KEY, part: 5, at: 1 });
    await service.correctSeries({ kind: 'assign', articleId: '5253', seriesKey: null, at: 2 });
    expect(await db.articles.get('6261')).toMatchObject({ series: VAE_KEY, part: 5 });
    expect(await db.articles.get('5253')).toMatchObject({ series: null, part: null });
    expect(must(await service.getSeries(VAE_KEY), 'the VAE series').articles.map((a) => a.id)).toEqual([
      '5343',
      '5383',
      '5716',
      '6261',
    ]);
    // A later correction of the same article replaces the earlier one.
    await service.correctSeries({ kind: 'assign', articleId: '5253', seriesKey: VAE_KEY, part: 1, at: 3 });
    expect(must(await service.getSeries(VAE_KEY), 'the VAE series').total).toBe(5);
    expect((await service.getSnapshot()).corrections).toHaveLength(2);
  });

  test('importArchive counts additions and renames, and keeps articles only other pages showed', async () => {
    const { service, db } = makeService();
    await service.seenAndStates(
      [
        { id: '1', title: '只在列表页出现' },
        { ...VAE[0], title: '变分自编码器（一）：旧标题' },
      ],
      'listing',
    );
    expect(await service.importArchive([...VAE])).toEqual({ added: 3, renamed: 1 });
    expect(await db.articles.count()).toBe(5);
    expect(await db.articles.get('5253')).toMatchObject({
      title: VAE[0].title,
      earlierTitles: ['变分自编码器（一）：旧标题'],
      seenOn: ['listing', 'archive'],
    });
    expect(await service.importArchive([...VAE])).toEqual({ added: 0, renamed: 0 });
  });

  test(
    'an unnumbered series: named as its titles write it, ' +
      'renamed, merged and split, and it all survives regrouping',
    async () => {
      const { service, db } = makeService();
      const keras = [
        { id: '5765', title: '“让Keras更酷一些！”：精巧的层与花式的回调', date: '2018-08-06' },
        { id: '5879', title: '“让Keras更酷一些！”：小众的自定义优化器', date: '2018-09-08' },
        { id: '6311', title: '“让Keras更酷一些！”：随意的输出和灵活的归一化', date: '2019-01-27' },
      ];
      const home = [
        { id: '9365', title: '智能家居之小爱同学控制极米投影仪的简单方案', date: '2022-12-05' },
        { id: '9405', title: '智能家居之热水器零冷水技术原理浅析', date: '2023-01-04' },
        { id: '10869', title: '智能家居之手搓一套能接入米家的零冷水装置', date: '2025-04-22' },
      ];
      await service.seenAndStates([...keras, ...home], 'listing');
      const kerasKey = must(must(await db.articles.get('5765'), 'article 5765').series, 'the series of 5765');
      const homeKey = must(must(await db.articles.get('9365'), 'article 9365').series, 'the series of 9365');
      expect([kerasKey, homeKey]).toEqual(['让keras更酷一些', '智能家居']);
      expect(must(await service.getSeries(kerasKey), 'the Keras series').name).toBe('让Keras更酷一些！');
      expect(must(await service.getSeries(homeKey), 'the smart-home series').name).toBe('智能家居');

      await service.correctSeries([
        { kind: 'rename', seriesKey: kerasKey, name: 'Keras 技巧', at: 1 },
        { kind: 'assign', articleId: '5879', seriesKey: '自定义优化器', at: 2 },
        { kind: 'merge', from: homeKey, into: kerasKey, at: 3 },
      ]);
      // A refresh of the whole archive regroups; a later part joins, the corrections hold.
      await service.importArchive([
        ...keras,
        ...home,
        { id: '6985', title: '“让Keras更酷一些！”：层与模型的重用技巧', date: '2019-09-29' },
      ]);
      const merged = must(await service.getSeries(kerasKey), 'the Keras series');
      expect(merged.name).toBe('Keras 技巧');
      expect(merged.articles.map((a) => a.id).sort()).toEqual(['10869', '5765', '6311', '6985', '9365', '9405']);
      expect(must(await db.articles.get('5879'), 'article 5879').series).toBe('自定义优化器');
    },
  );

  test('invalid corrections are refused', async () => {
    const { service } = makeService();
    await expect(service.correctSeries({ kind: 'rename', seriesKey: 'S', name: '  ', at: 1 })).rejects.toThrow(
      /cannot be empty/,
    );
    await expect(service.correctSeries({ kind: 'assign', articleId: 'x', seriesKey: 'S', at: 1 })).rejects.toThrow(
      /Invalid article id/,
    );
  });
});
