/**
 * One schema for what may be stored: whatever the service accepts, its backup accepts, so a reader's own export can
 * always be imported. The property test drives random sequences of service calls, valid and not, and checks that
 * export → import → export gives the same data.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { SeriesCorrection } from '@/utils/db/model';
import { toJsonBackup } from '@/utils/export/backup';
import { parseBackup, planImport } from '@/utils/export/import';
import { makeService, type TestService } from './helpers';

/** Export, import into an empty database (replace), export again. */
async function roundTrip({ service }: TestService) {
  const snapshot = await service.getSnapshot();
  const backup = parseBackup(toJsonBackup(snapshot));
  const target = makeService();
  await target.service.applyImport(planImport(await target.service.getSnapshot(), backup, 'replace'));
  return { snapshot, restored: await target.service.getSnapshot() };
}

describe('what the service refuses, as the backup format does', () => {
  const t = () => makeService();
  test.each<[string, (s: TestService['service']) => Promise<unknown>]>([
    ['a title of 2,001 characters', (s) => s.seenAndStates([{ id: '1', title: 'x'.repeat(2001) }], 'listing')],
    ['an id with a leading zero', (s) => s.setState(['010122'], 'read', 'manual')],
    ['an id of 13 digits', (s) => s.getStates(['1234567890123'])],
    [
      'a category of 201 characters',
      (s) => s.seenAndStates([{ id: '1', title: 't', category: 'c'.repeat(201) }], 'listing'),
    ],
    [
      'a series rename of 201 characters',
      (s) => s.correctSeries({ kind: 'rename', seriesKey: 'S', name: 'n'.repeat(201), at: 1 }),
    ],
    ['a series key of 201 characters', (s) => s.follow('k'.repeat(201))],
    ['part 1.5', (s) => s.correctSeries({ kind: 'assign', articleId: '1', seriesKey: 'S', part: 1.5, at: 1 })],
    ['a correction time of 1.5', (s) => s.correctSeries({ kind: 'merge', from: 'A', into: 'B', at: 1.5 })],
    [
      'an extra field on a correction',
      (s) => s.correctSeries({ kind: 'merge', from: 'A', into: 'B', at: 1, evil: 1 } as SeriesCorrection),
    ],
    ['the setting "constructor"', (s) => s.updateSettings({ constructor: 'x' } as never)],
    ['the setting "__proto__"', (s) => s.updateSettings(JSON.parse('{"__proto__": {"renderer": false}}'))],
    [
      'a reading row with state "hacked"',
      (s) =>
        s.applyImport({
          mode: 'merge',
          articles: [],
          follows: [],
          corrections: [],
          events: [],
          settings: null,
          reading: [{ id: '1', state: 'hacked' as never, progress: 0, position: 0, readAt: null, updatedAt: 1 }],
          summary: { articlesAdded: 0, statesChanged: 0, followsAdded: 0, correctionsAdded: 0 },
        }),
    ],
  ])('%s', async (_, call) => {
    const service = t();
    await expect(call(service.service)).rejects.toThrow();
    const { snapshot, restored } = await roundTrip(service);
    expect(restored).toEqual(snapshot);
  });

  test('ids of 11 and 12 digits are stored, exported and imported', async () => {
    const service = t();
    await service.service.setState(['12345678901', '123456789012'], 'read', 'manual');
    const { snapshot, restored } = await roundTrip(service);
    expect(snapshot.reading.map((r) => r.id)).toEqual(['12345678901', '123456789012']);
    expect(restored).toEqual(snapshot);
  });

  test('a title that makes a series key too long for a backup groups into no series', async () => {
    const service = t();
    const name = '长'.repeat(300);
    await service.service.seenAndStates(
      [
        { id: '1', title: `${name}（一）：甲` },
        { id: '2', title: `${name}（二）：乙` },
      ],
      'listing',
    );
    const { snapshot, restored } = await roundTrip(service);
    expect(snapshot.articles.map((a) => a.series ?? null)).toEqual([null, null]);
    expect(restored).toEqual(snapshot);
  });

  test('a replace backup repeating an event number keeps both events', async () => {
    const { service } = t();
    const event = { at: 5, articleId: '1', from: 'unread', to: 'read', source: 'manual' } as const;
    const file = toJsonBackup({
      ...(await service.getSnapshot()),
      events: [
        { ...event, seq: 3 },
        { ...event, at: 6, seq: 3 },
      ],
    });
    await service.applyImport(planImport(await service.getSnapshot(), parseBackup(file), 'replace'));
    expect((await service.getSnapshot()).events.map((e) => [e.seq, e.at])).toEqual([
      [3, 5],
      [4, 6],
    ]);
  });
});

// ----------------------------------------------------------------- Random sequences of service calls

const ids = fc.oneof(
  fc.constantFrom('1', '2', '3', '10122'),
  fc.string({ unit: fc.constantFrom('0', '1', '9'), minLength: 1, maxLength: 14 }),
);
const text = (max: number) => fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: max }));
const key = fc.oneof(fc.constantFrom('S', 'T', '变分自编码器'), text(260));
const number = fc.oneof(fc.integer({ min: -2, max: 20_000 }), fc.double({ noNaN: false }), fc.constant(1.5));
const title = fc.oneof(
  fc.constantFrom(
    '变分自编码器（一）：原来是这么一回事',
    '变分自编码器（二）：从贝叶斯观点出发',
    'A Tour of MoE: 7. x',
    'x：123456、y',
  ),
  text(2100),
);

type Call = (t: TestService) => Promise<unknown>;
const call: fc.Arbitrary<Call> = fc.oneof(
  fc
    .tuple(
      fc.array(
        fc.record(
          { id: ids, title, category: fc.option(text(220), { nil: undefined }) },
          { requiredKeys: ['id', 'title'] },
        ),
        { maxLength: 4 },
      ),
      fc.constantFrom('listing', 'archive', 'article', 'related') as fc.Arbitrary<'listing'>,
    )
    .map(
      ([entries, on]) =>
        (t: TestService) =>
          t.service.seenAndStates(entries, on),
    ),
  fc.tuple(fc.array(ids, { maxLength: 3 }), fc.constantFrom('unread', 'reading', 'read') as fc.Arbitrary<'read'>).map(
    ([list, state]) =>
      (t: TestService) =>
        t.service.setState(list, state, 'manual'),
  ),
  fc.tuple(ids, number, number).map(
    ([id, p, q]) =>
      (t: TestService) =>
        t.service.reportProgress(id, p, q),
  ),
  key.map((k) => (t: TestService) => t.service.follow(k)),
  key.map((k) => (t: TestService) => t.service.unfollow(k)),
  fc.tuple(key, text(230), number).map(
    ([k, name, at]) =>
      (t: TestService) =>
        t.service.correctSeries({ kind: 'rename', seriesKey: k, name, at }),
  ),
  fc.tuple(ids, fc.option(key), fc.option(number), number).map(
    ([articleId, seriesKey, part, at]) =>
      (t: TestService) =>
        t.service.correctSeries({ kind: 'assign', articleId, seriesKey, part, at }),
  ),
  fc.tuple(key, key, number).map(
    ([from, into, at]) =>
      (t: TestService) =>
        t.service.correctSeries({ kind: 'merge', from, into, at }),
  ),
  fc
    .tuple(
      fc.constantFrom('theme', 'autoReadDwellMs', 'constructor', 'toString', 'autoReadThreshold'),
      fc.oneof(number, fc.constantFrom('dark', 'x')),
    )
    .map(
      ([k, v]) =>
        (t: TestService) =>
          t.service.updateSettings({ [k]: v }),
    ),
  fc.constant((t: TestService) =>
    t.service.getSnapshot().then(async (s) => {
      const last = s.events.at(-1);
      if (last?.batch) await t.service.undo(last.batch);
    }),
  ),
  fc
    .array(fc.record({ id: ids, title }), { maxLength: 5 })
    .map((entries) => (t: TestService) => t.service.importArchive(entries)),
);

describe('export → import → export', () => {
  test('is identical after any sequence of service calls', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 12 }), async (calls) => {
        const t = makeService();
        for (const c of calls) {
          t.tick();
          await c(t).catch(() => undefined); // refused calls are fine; what was accepted must round-trip
        }
        const { snapshot, restored } = await roundTrip(t);
        expect(restored).toEqual(snapshot);
      }),
      { numRuns: 150 },
    );
  });
});
