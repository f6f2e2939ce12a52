import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, test } from 'vitest';
import { ReaderDatabase } from '@/utils/db/database';
import { DbUnavailableError } from '@/utils/db/errors';
import { createReaderService } from '@/utils/db/service';
import { freshDb, makeService } from './helpers';

/** An IndexedDB that refuses to open, as Firefox's private windows did and blocked site data does. */
const refusingIndexedDB = {
  open() {
    throw new DOMException(
      'A mutation operation was attempted on a database that did not allow mutations.',
      'InvalidStateError',
    );
  },
  deleteDatabase() {
    throw new DOMException('refused', 'InvalidStateError');
  },
  cmp: indexedDB.cmp.bind(indexedDB),
  databases: async () => [],
};

/** Makes every write to `tableName` fail as a full disk does, while `failing.on` is true. */
function withFullDisk(db: ReaderDatabase, tableName: string): { on: boolean } {
  const failing = { on: false };
  db.use({
    stack: 'dbcore',
    name: 'full-disk',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) =>
            failing.on && name === tableName
              ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
              : table.mutate(req),
        };
      },
    }),
  });
  return failing;
}

describe('database unavailable', () => {
  test('every call rejects with a clear DbUnavailableError; nothing crashes', async () => {
    const db = new ReaderDatabase('unavailable', { indexedDB: refusingIndexedDB, IDBKeyRange });
    const service = createReaderService(db, { now: () => 1, broadcast: () => {} });
    for (const call of [
      () => service.getStates(['1']),
      () => service.seenAndStates([{ id: '1', title: 't' }], 'listing'),
      () => service.setState(['1'], 'read', 'manual'),
      () => service.listSeries(),
      () => service.getSettings(),
    ]) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DbUnavailableError);
      expect(error).toMatchObject({ name: 'DbUnavailableError', reason: 'unavailable' });
      expect((error as Error).message).toMatch(/cannot open its database \(IndexedDB is unavailable/);
    }
  });

  test('a full disk: the call fails with the quota message and nothing of it is written', async () => {
    const db = freshDb();
    const failing = withFullDisk(db, 'events');
    const { service, broadcasts } = makeService(db);
    await service.setState(['1'], 'read', 'manual');
    broadcasts.length = 0;
    failing.on = true;
    // reading is written before events in the same transaction: it must be rolled back.
    const error = await service.setState(['1', '2', '3'], 'unread', 'manual').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DbUnavailableError', reason: 'quota' });
    expect((error as Error).message).toMatch(/no storage space left/);
    const states = await service.getStates(['1', '2', '3']);
    expect([states['1']?.state, states['2']?.state, states['3']?.state]).toEqual(['read', 'unread', 'unread']);
    expect(await service.recentEvents(10)).toHaveLength(1);
    expect(broadcasts).toEqual([]);
    failing.on = false;
    await service.setState(['1'], 'unread', 'manual');
    expect((await service.getStates(['1']))['1']?.state).toBe('unread');
  });

  test('a full disk while recording a page leaves the catalog untouched', async () => {
    const db = freshDb();
    const failing = withFullDisk(db, 'articles');
    const { service } = makeService(db);
    await service.seenAndStates([{ id: '1', title: 'before' }], 'listing');
    failing.on = true;
    await expect(
      service.seenAndStates(
        [
          { id: '1', title: 'after' },
          { id: '2', title: 'new' },
        ],
        'listing',
      ),
    ).rejects.toBeInstanceOf(DbUnavailableError);
    expect(await db.articles.toArray()).toMatchObject([{ id: '1', title: 'before', earlierTitles: [] }]);
  });

  test('a closed database is reported as unavailable', async () => {
    const { service, db } = makeService();
    db.close();
    await expect(service.getStates(['1'])).rejects.toMatchObject({ name: 'DbUnavailableError' });
  });
});
