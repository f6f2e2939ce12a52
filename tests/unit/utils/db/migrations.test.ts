import { Dexie } from 'dexie';
import { describe, expect, test } from 'vitest';
import { ReaderDatabase } from '@/utils/db/database';
import {
  type ArticleV1,
  CURRENT_VERSION,
  type EventV1,
  type ReadingV1,
  SCHEMA_V1,
  SCHEMA_V2,
} from '@/utils/db/migrations';
import { createReaderService } from '@/utils/db/service';
import { toJsonBackup } from '@/utils/export/backup';
import { parseBackup } from '@/utils/export/import';

/** The first release's schema and rows, frozen here as it shipped (not imported from the code under test). */
function openV1(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores({ articles: 'id', reading: 'id, state', events: '++seq, articleId' });
  return db;
}

const V1_ARTICLES: [ArticleV1, ArticleV1] = [
  { id: '5253', title: '变分自编码器（一）：原来是这么一回事', date: '2018-03-18', seenAt: 1000 },
  { id: '10122', title: 'Transformer升级之路：2、博采众长的旋转式位置编码', date: '', seenAt: 2000 },
];
const V1_READING: ReadingV1[] = [
  { id: '5253', state: 'read', progress: 1, updatedAt: 1500 },
  { id: '10122', state: 'reading', progress: 0.4, updatedAt: 2500 },
  { id: '777', state: 'unread', progress: 0, updatedAt: 3000 },
];
const V1_EVENTS: EventV1[] = [
  { at: 1500, articleId: '5253', from: 'unread', to: 'read' },
  { at: 3000, articleId: '777', from: 'read', to: 'unread' },
];

async function writeV1(name: string): Promise<void> {
  const v1 = openV1(name);
  await v1.table('articles').bulkAdd(V1_ARTICLES);
  await v1.table('reading').bulkAdd(V1_READING);
  await v1.table('events').bulkAdd(V1_EVENTS);
  expect(v1.verno).toBe(1);
  v1.close();
}

describe('schema migrations', () => {
  test('every version-1 record survives the upgrade to the current version, backfilled', async () => {
    const name = `migrate-${Math.random()}`;
    await writeV1(name);
    const db = new ReaderDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);

    expect(await db.articles.toArray()).toEqual([
      {
        id: '10122',
        title: V1_ARTICLES[1].title,
        earlierTitles: [],
        date: '',
        firstSeen: 2000,
        lastSeen: 2000,
        seenOn: ['listing'],
        series: null,
        part: null,
        subpart: null,
      },
      {
        id: '5253',
        title: V1_ARTICLES[0].title,
        earlierTitles: [],
        date: '2018-03-18',
        firstSeen: 1000,
        lastSeen: 1000,
        seenOn: ['listing'],
        series: null,
        part: null,
        subpart: null,
      },
    ]);
    expect(await db.reading.toArray()).toEqual([
      { id: '10122', state: 'reading', progress: 0.4, position: 0.4, readAt: null, updatedAt: 2500 },
      { id: '5253', state: 'read', progress: 1, position: 1, readAt: 1500, updatedAt: 1500 },
      { id: '777', state: 'unread', progress: 0, position: 0, readAt: null, updatedAt: 3000 },
    ]);
    expect(await db.events.toArray()).toEqual([
      { seq: 1, at: 1500, articleId: '5253', from: 'unread', to: 'read', source: 'manual' },
      { seq: 2, at: 3000, articleId: '777', from: 'read', to: 'unread', source: 'manual' },
    ]);
    db.close();
  });

  test('the current indices work on upgraded data, and the event log keeps numbering after v1', async () => {
    const name = `migrate-${Math.random()}`;
    await writeV1(name);
    const db = new ReaderDatabase(name);
    const service = createReaderService(db, { now: () => 5000, broadcast: () => {} });
    expect((await service.continueReading())?.id).toBe('10122');
    await service.setState(['777'], 'read', 'manual');
    expect((await service.recentEvents(1))[0]).toMatchObject({ seq: 3, articleId: '777', to: 'read' });
    await service.correctSeries({ kind: 'assign', articleId: '5253', seriesKey: '变分自编码器', part: 1, at: 1 });
    expect((await service.getSeries('变分自编码器'))?.read).toBe(1);
    expect(await service.getSettings()).toMatchObject({ renderer: true });
    db.close();
  });
});

describe('version 3: stored rows brought within the one schema', () => {
  /** Version 2 as it shipped, with rows its service accepted: good ones and ones a backup refused. */
  function openV2(name: string): Dexie {
    const db = new Dexie(name);
    db.version(1).stores(SCHEMA_V1);
    db.version(2).stores(SCHEMA_V2);
    return db;
  }
  const good = {
    id: '5253',
    title: '变分自编码器（一）：原来是这么一回事',
    earlierTitles: [],
    date: '2018-03-18',
    series: '变分自编码器',
    part: 1,
    subpart: null,
    firstSeen: 1000,
    lastSeen: 1000,
    seenOn: ['listing'],
  };

  test('good rows are untouched, bad ones repaired, and the whole database exports and imports', async () => {
    const name = `migrate-v3-${Math.random()}`;
    const v2 = openV2(name);
    await v2.open();
    await v2
      .table('articles')
      .bulkAdd([
        good,
        { ...good, id: '010122', title: 'T'.repeat(2001), series: null, part: null, category: 'c'.repeat(201) },
        { ...good, id: '12345678901', series: null, part: null },
      ]);
    await v2.table('reading').bulkAdd([
      { id: '5253', state: 'read', progress: 1, position: 1, readAt: 5, updatedAt: 5 },
      { id: '010122', state: 'reading', progress: 0.5, position: 0.5, readAt: null, updatedAt: 6 },
    ]);
    await v2
      .table('events')
      .bulkAdd([{ at: 5, articleId: '5253', from: 'unread', to: 'read', source: 'manual', batch: 'b' }]);
    await v2.table('follows').bulkAdd([{ seriesKey: '变分自编码器', followedAt: 3, seenIds: ['5253', '010122'] }]);
    await v2.table('corrections').bulkPut(
      [
        { kind: 'rename', seriesKey: '变分自编码器', name: 'n'.repeat(201), at: 1.5 },
        { kind: 'assign', articleId: '5253', seriesKey: 'S', part: 1.5, at: 2 },
      ],
      ['rename:变分自编码器', 'assign:5253'],
    );
    await v2.table('settings').put({ theme: 'dark', constructor: 'x' }, 'settings');
    v2.close();

    const db = new ReaderDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(await db.articles.get('5253')).toEqual(good);
    expect(await db.articles.get('10122')).toMatchObject({ title: 'T'.repeat(2000), category: 'c'.repeat(200) });
    expect(await db.articles.get('12345678901')).toBeDefined();
    expect(await db.reading.get('10122')).toMatchObject({ state: 'reading', progress: 0.5 });
    expect(await db.reading.get('5253')).toEqual({
      id: '5253',
      state: 'read',
      progress: 1,
      position: 1,
      readAt: 5,
      updatedAt: 5,
    });
    expect((await db.follows.get('变分自编码器'))?.seenIds).toEqual(['5253', '10122']);
    expect(await db.corrections.get('rename:变分自编码器')).toEqual({
      kind: 'rename',
      seriesKey: '变分自编码器',
      name: 'n'.repeat(200),
      at: 2,
    });
    expect(await db.corrections.get('assign:5253')).toMatchObject({ part: 2 });
    expect(await db.settings.get('settings')).toEqual({ theme: 'dark' });

    const service = createReaderService(db, { now: () => 9000, broadcast: () => {} });
    const snapshot = await service.getSnapshot();
    expect(() => parseBackup(toJsonBackup(snapshot))).not.toThrow();
    db.close();
  });
});
