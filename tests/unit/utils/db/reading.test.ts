import { describe, expect, test, vi } from 'vitest';
import { must } from '@/tests/must';
import { DEFAULT_SETTINGS } from '@/utils/db/model';
import { createReaderService } from '@/utils/db/service';
import { makeService } from './helpers';

describe('catalog: seenAndStates', () => {
  test('records new articles with firstSeen and returns every state in one call', async () => {
    const { service, db } = makeService();
    await service.setState(['2'], 'read', 'manual');
    const states = await service.seenAndStates(
      [
        { id: '1', title: '第一篇', date: '2024-01-02' },
        { id: '2', title: '第二篇' },
      ],
      'listing',
    );
    expect(Object.keys(states).sort()).toEqual(['1', '2']);
    expect(states['1']?.state).toBe('unread');
    expect(states['2']?.state).toBe('read');
    const one = must(await db.articles.get('1'), 'article 1');
    expect(one).toMatchObject({ id: '1', title: '第一篇', date: '2024-01-02', earlierTitles: [], seenOn: ['listing'] });
    expect(one.firstSeen).toBe(one.lastSeen);
  });

  test('a renamed title keeps the identity and pushes the old title into earlierTitles', async () => {
    const { service, db, tick } = makeService();
    await service.seenAndStates([{ id: '7', title: '旧标题', date: '2020-05-05' }], 'listing');
    const first = must(await db.articles.get('7'), 'article 7');
    const later = tick(60_000);
    await service.seenAndStates([{ id: '7', title: '新标题' }], 'article');
    const renamed = must(await db.articles.get('7'), 'article 7');
    expect(renamed.title).toBe('新标题');
    expect(renamed.earlierTitles).toEqual(['旧标题']);
    expect(renamed.firstSeen).toBe(first.firstSeen);
    expect(renamed.lastSeen).toBe(later);
    expect(renamed.date).toBe('2020-05-05');
    expect(renamed.seenOn).toEqual(['listing', 'article']);
  });

  test('a title that flips back and forth does not grow earlierTitles', async () => {
    const { service, db } = makeService();
    for (const title of ['中文', 'English', '中文', 'English', '中文']) {
      await service.seenAndStates([{ id: '9', title }], 'article');
    }
    const row = must(await db.articles.get('9'), 'article 9');
    expect(row.title).toBe('中文');
    expect(row.earlierTitles).toEqual(['English']);
  });

  test('related and reference links add articles but do not rename them', async () => {
    const { service, db } = makeService();
    await service.seenAndStates([{ id: '4', title: '完整的标题：副标题' }], 'article');
    await service.seenAndStates(
      [
        { id: '4', title: '完整的标题' },
        { id: '5', title: '新文章' },
      ],
      'related',
    );
    expect(await db.articles.get('4')).toMatchObject({
      title: '完整的标题：副标题',
      earlierTitles: [],
      seenOn: ['article', 'related'],
    });
    expect(must(await db.articles.get('5'), 'article 5').title).toBe('新文章');
  });

  test('whitespace differences are not renames', async () => {
    const { service, db } = makeService();
    await service.seenAndStates([{ id: '3', title: '变分 自编码器' }], 'listing');
    await service.seenAndStates([{ id: '3', title: '  变分   自编码器 ' }], 'listing');
    expect(must(await db.articles.get('3'), 'article 3').earlierTitles).toEqual([]);
  });

  test('bad input is refused with a message that names it, and nothing is written', async () => {
    const { service, db } = makeService();
    await expect(
      service.seenAndStates(
        [
          { id: '1', title: 'ok' },
          { id: 'abc', title: 'x' },
        ],
        'listing',
      ),
    ).rejects.toThrow(/Invalid article id "abc"/);
    await expect(service.seenAndStates([{ id: '1', title: 'x', date: '13 Jun' }], 'listing')).rejects.toThrow(
      /invalid date "13 Jun"/,
    );
    expect(await db.articles.count()).toBe(0);
  });
});

describe('reading state', () => {
  test('getStates answers unread for unknown ids', async () => {
    const { service } = makeService();
    const states = await service.getStates(['5']);
    expect(states['5']).toEqual({ id: '5', state: 'unread', progress: 0, position: 0, readAt: null, updatedAt: 0 });
  });

  test('reportProgress moves unread to reading, keeps the furthest progress and the latest position', async () => {
    const { service, tick } = makeService();
    await service.reportProgress('1', 0.4, 0.4);
    const back = await service.reportProgress('1', 0.2, 0.2);
    expect(back).toMatchObject({ state: 'reading', progress: 0.4, position: 0.2 });
    tick();
    const overshoot = await service.reportProgress('1', 1.3, 1.3);
    expect(overshoot).toMatchObject({ state: 'reading', progress: 1, position: 1 });
    const events = await service.recentEvents(10);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ articleId: '1', from: 'unread', to: 'reading', source: 'auto' });
  });

  test('opening an article (progress 0) does not make it reading, and never read', async () => {
    const { service } = makeService();
    expect((await service.reportProgress('1', 0, 0)).state).toBe('unread');
    expect((await service.reportProgress('1', 0.99, 0.99)).state).toBe('reading');
  });

  test('reportProgress never lowers read', async () => {
    const { service } = makeService();
    await service.setState(['1'], 'read', 'auto');
    const after = await service.reportProgress('1', 0.1, 0.1);
    expect(after.state).toBe('read');
    expect(after.progress).toBe(1);
    expect(after.position).toBe(0.1);
    expect(after.readAt).not.toBeNull();
  });

  test('reportProgress refuses a non-number', async () => {
    const { service } = makeService();
    await expect(service.reportProgress('1', Number.NaN, 0)).rejects.toThrow(/Invalid progress/);
  });

  test('setState records one event per changed article under one batch id and broadcasts the changes', async () => {
    const { service, broadcasts } = makeService();
    await service.setState(['2'], 'read', 'manual');
    broadcasts.length = 0;
    const { batch, records } = await service.setState(['1', '2', '3', '1'], 'read', 'manual');
    expect(records.map((r) => [r.id, r.state])).toEqual([
      ['1', 'read'],
      ['2', 'read'],
      ['3', 'read'],
    ]);
    const events = (await service.recentEvents(10)).filter((e) => e.batch === batch);
    expect(events.map((e) => e.articleId).sort()).toEqual(['1', '3']);
    expect(events.every((e) => e.from === 'unread' && e.to === 'read' && e.source === 'manual')).toBe(true);
    expect(broadcasts).toHaveLength(1);
    expect(broadcasts[0]?.map((r) => r.id).sort()).toEqual(['1', '3']);
  });

  test('a failing broadcast does not turn a saved change into an error', async () => {
    const { db } = makeService();
    const service = createReaderService(db, {
      now: () => 1,
      broadcast: () => {
        throw new Error('no tabs');
      },
    });
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(service.setState(['1'], 'read', 'manual')).resolves.toMatchObject({ records: [{ state: 'read' }] });
    expect((await service.getStates(['1']))['1']?.state).toBe('read');
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  test('marking unread clears progress and readAt', async () => {
    const { service } = makeService();
    await service.reportProgress('1', 0.5, 0.5);
    const { records } = await service.setState(['1'], 'unread', 'manual');
    expect(records[0]).toMatchObject({ state: 'unread', progress: 0, position: 0, readAt: null });
  });

  test('undo restores every article of the batch to its from state, progress and position included', async () => {
    const { service, tick } = makeService();
    await service.reportProgress('1', 0.3, 0.25);
    await service.setState(['2'], 'read', 'manual');
    tick();
    const { batch } = await service.setState(['1', '2', '3'], 'read', 'manual');
    const other = await service.setState(['4'], 'read', 'manual');
    tick();
    const restored = await service.undo(batch);
    expect(restored.map((r) => r.id).sort()).toEqual(['1', '3']);
    const states = await service.getStates(['1', '2', '3', '4']);
    expect(states['1']).toMatchObject({ state: 'reading', progress: 0.3, position: 0.25, readAt: null });
    expect(states['2']?.state).toBe('read');
    expect(states['3']).toMatchObject({ state: 'unread', progress: 0, readAt: null });
    expect(states['4']?.state).toBe('read');
    const undoEvents = (await service.recentEvents(20)).filter((e) => e.source === 'undo');
    expect(undoEvents).toHaveLength(2);
    // A second undo of the same batch changes nothing.
    expect(await service.undo(batch)).toEqual([]);
    expect(await service.undo(other.batch)).toHaveLength(1);
  });

  test('undo of a batch in which one article changed twice returns it to its first state', async () => {
    const { service, db } = makeService();
    await service.reportProgress('1', 0.5, 0.5);
    // Two events of one batch for the same article, as an import of a history could write.
    await db.events.bulkAdd([
      { at: 1, articleId: '1', from: 'reading', to: 'read', batch: 'b', source: 'sync' },
      { at: 2, articleId: '1', from: 'read', to: 'unread', batch: 'b', source: 'sync' },
    ]);
    await db.reading.put({ id: '1', state: 'unread', progress: 0, position: 0, readAt: null, updatedAt: 2 });
    await service.undo('b');
    expect((await service.getStates(['1']))['1']?.state).toBe('reading');
  });
});

describe('settings', () => {
  test('defaults, patches and validation', async () => {
    const { service } = makeService();
    expect(await service.getSettings()).toEqual(DEFAULT_SETTINGS);
    const next = await service.updateSettings({ theme: 'dark', autoReadThreshold: 0.9 });
    expect(next).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', autoReadThreshold: 0.9 });
    expect(await service.getSettings()).toEqual(next);
    await expect(service.updateSettings({ theme: 'neon' as 'dark' })).rejects.toThrow(
      /Invalid value "neon" for the setting "theme"/,
    );
    await expect(service.updateSettings({ colour: 1 } as never)).rejects.toThrow(/Unknown setting "colour"/);
    expect(await service.getSettings()).toEqual(next);
  });
});

describe('search and continue reading', () => {
  test('searchArticles matches Chinese and English titles, earlier titles, case- and width-insensitively', async () => {
    const { service } = makeService();
    await service.seenAndStates(
      [
        { id: '1', title: '变分自编码器（一）：原来是这么一回事', date: '2018-03-18' },
        { id: '2', title: 'A Tour of MoE: 7. Load Balancing', date: '2025-01-01' },
        { id: '3', title: 'Transformer升级之路：2、博采众长的旋转式位置编码', date: '2021-03-08' },
      ],
      'listing',
    );
    await service.seenAndStates([{ id: '3', title: 'Transformer升级之路：2、RoPE' }], 'article');
    expect((await service.searchArticles('变分')).map((a) => a.id)).toEqual(['1']);
    expect((await service.searchArticles('moe LOAD')).map((a) => a.id)).toEqual(['2']);
    expect((await service.searchArticles('ＭｏＥ')).map((a) => a.id)).toEqual(['2']);
    expect((await service.searchArticles('旋转式')).map((a) => a.id)).toEqual(['3']);
    expect((await service.searchArticles('transformer')).map((a) => a.id)).toEqual(['3']);
    expect(await service.searchArticles('   ')).toEqual([]);
    expect(await service.searchArticles('不存在')).toEqual([]);
  });

  test('searchArticles puts current-title matches first, then newest, and honours the limit', async () => {
    const { service } = makeService();
    await service.seenAndStates(
      [
        { id: '10', title: '旧的注意力', date: '2019-01-01' },
        { id: '11', title: '新的注意力', date: '2023-01-01' },
        { id: '12', title: '改名前', date: '2024-01-01' },
      ],
      'listing',
    );
    await service.seenAndStates([{ id: '12', title: '注意力改名后' }], 'listing');
    await service.seenAndStates([{ id: '10', title: '毫不相干' }], 'listing');
    expect((await service.searchArticles('注意力')).map((a) => a.id)).toEqual(['12', '11', '10']);
    expect((await service.searchArticles('注意力', 1)).map((a) => a.id)).toEqual(['12']);
  });

  test('continueReading returns the article last in progress that the catalog knows', async () => {
    const { service, tick } = makeService();
    expect(await service.continueReading()).toBeNull();
    await service.seenAndStates(
      [
        { id: '1', title: 'One' },
        { id: '2', title: 'Two' },
      ],
      'listing',
    );
    await service.reportProgress('1', 0.2, 0.2);
    tick();
    await service.reportProgress('2', 0.3, 0.3);
    tick();
    await service.reportProgress('99', 0.3, 0.3); // not in the catalog
    expect(await service.continueReading()).toMatchObject({ id: '2', title: 'Two', reading: { progress: 0.3 } });
    tick();
    await service.setState(['2'], 'read', 'auto');
    expect((await service.continueReading())?.id).toBe('1');
  });
});

describe('diagnostics', () => {
  test('newest first, only the last 50 kept', async () => {
    const { service, tick } = makeService();
    for (let i = 0; i < 55; i++) {
      tick();
      await service.reportDiagnostic(`https://kexue.fm/p/${i}`, `not understood ${i}`);
    }
    const list = await service.diagnostics();
    expect(list).toHaveLength(50);
    expect(list[0]?.message).toBe('not understood 54');
    expect(list[49]?.message).toBe('not understood 5');
  });
});

describe('snapshot and clearAll', () => {
  test('getSnapshot holds every table; clearAll empties them and broadcasts the cleared states', async () => {
    const { service, broadcasts } = makeService();
    await service.seenAndStates([{ id: '1', title: 'x（1）' }], 'listing');
    await service.setState(['1'], 'read', 'manual');
    await service.updateSettings({ sync: true });
    await service.follow('x');
    await service.correctSeries({ kind: 'rename', seriesKey: 'x', name: 'X', at: 1 });
    const snapshot = await service.getSnapshot();
    expect(snapshot.articles).toHaveLength(1);
    expect(snapshot.reading).toHaveLength(1);
    expect(snapshot.events).toHaveLength(1);
    expect(snapshot.follows).toHaveLength(1);
    expect(snapshot.corrections).toEqual([{ kind: 'rename', seriesKey: 'x', name: 'X', at: 1 }]);
    expect(snapshot.settings.sync).toBe(true);
    broadcasts.length = 0;
    await service.clearAll();
    const empty = await service.getSnapshot();
    expect(empty).toEqual({
      articles: [],
      reading: [],
      follows: [],
      corrections: [],
      settings: DEFAULT_SETTINGS,
      events: [],
    });
    expect(broadcasts).toEqual([[{ id: '1', state: 'unread', progress: 0, position: 0, readAt: null, updatedAt: 0 }]]);
  });
});
