import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { DEFAULT_SETTINGS, type Snapshot } from '@/utils/db/model';
import { toJsonBackup } from '@/utils/export/backup';
import { applyPlan, ImportError, isEmptyPlan, MAX_BACKUP_BYTES, parseBackup, planImport } from '@/utils/export/import';
import { snapshotArb } from './arbitraries';

const empty = (): Snapshot => ({
  articles: [],
  reading: [],
  follows: [],
  corrections: [],
  events: [],
  settings: { ...DEFAULT_SETTINGS },
});
const EXPORTED = new Date('2026-11-22T10:00:00Z');

/** Arrays in key order, for comparing snapshots whatever order a merge leaves their rows in. */
function sorted(s: Snapshot) {
  const byKey =
    <T>(key: (t: T) => string) =>
    (a: T, b: T) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  return {
    ...s,
    articles: [...s.articles].sort(byKey((a) => a.id)),
    reading: [...s.reading].sort(byKey((r) => r.id)),
    follows: [...s.follows].sort(byKey((f) => f.seriesKey)),
    corrections: s.corrections.map((c) => JSON.stringify(c)).sort(),
    events: s.events.map(({ seq: _seq, ...e }) => JSON.stringify(e)).sort(),
  };
}

const sample: Snapshot = {
  articles: [
    {
      id: '3534',
      title: '“熵”不起（一）',
      earlierTitles: [],
      date: '2015-12-01',
      series: '熵',
      part: 1,
      firstSeen: 1000,
      lastSeen: 2000,
      seenOn: ['article'],
    },
    {
      id: '10122',
      title: 'Old',
      earlierTitles: [],
      date: '2024-05-01',
      firstSeen: 1000,
      lastSeen: 1000,
      seenOn: ['listing'],
    },
  ],
  reading: [
    { id: '3534', state: 'read', progress: 1, position: 0.9, readAt: 5000, updatedAt: 5000 },
    { id: '10122', state: 'reading', progress: 0.4, position: 0.4, readAt: null, updatedAt: 3000 },
  ],
  follows: [{ seriesKey: '熵', followedAt: 4000, seenIds: ['3534'] }],
  corrections: [{ kind: 'rename', seriesKey: '熵', name: '从熵到最大熵', at: 4500 }],
  events: [{ seq: 1, at: 5000, articleId: '3534', from: 'unread', to: 'read', source: 'auto' }],
  settings: { ...DEFAULT_SETTINGS, theme: 'dark' },
};

describe('export → import round trip', () => {
  it('restores randomized databases exactly (replace into an empty database)', () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const backup = parseBackup(toJsonBackup(snapshot, EXPORTED));
        const restored = applyPlan(empty(), planImport(empty(), backup, 'replace'));
        expect(restored).toEqual(snapshot);
      }),
      { numRuns: 200 },
    );
  });

  it('plans nothing when the same backup is imported a second time, in either mode', () => {
    fc.assert(
      fc.property(
        snapshotArb,
        snapshotArb,
        fc.constantFrom('merge' as const, 'replace' as const),
        (current, other, mode) => {
          const backup = parseBackup(toJsonBackup(other, EXPORTED));
          const untouched = structuredClone(current);
          const once = applyPlan(current, planImport(current, backup, mode));
          expect(current).toEqual(untouched); // planning and applying are pure
          const second = planImport(once, backup, mode);
          expect(isEmptyPlan(second)).toBe(true);
          expect(second.summary).toEqual({ articlesAdded: 0, statesChanged: 0, followsAdded: 0, correctionsAdded: 0 });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('merge is order-independent for reading states: the newer state wins per article', () => {
    fc.assert(
      fc.property(snapshotArb, snapshotArb, (a, b) => {
        const ab = applyPlan(a, planImport(a, parseBackup(toJsonBackup(b, EXPORTED)), 'merge'));
        const ba = applyPlan(b, planImport(b, parseBackup(toJsonBackup(a, EXPORTED)), 'merge'));
        const newest = new Map<string, number>();
        for (const r of [...a.reading, ...b.reading]) newest.set(r.id, Math.max(newest.get(r.id) ?? -1, r.updatedAt));
        for (const merged of [ab, ba]) {
          expect(new Set(merged.reading.map((r) => r.id))).toEqual(new Set(newest.keys()));
          for (const r of merged.reading) expect(r.updatedAt).toBe(newest.get(r.id));
          expect(new Set(merged.follows.map((f) => f.seriesKey))).toEqual(
            new Set([...a.follows, ...b.follows].map((f) => f.seriesKey)),
          );
        }
        expect(sorted(ab).corrections).toEqual(sorted(ba).corrections);
      }),
      { numRuns: 100 },
    );
  });
});

describe('planImport', () => {
  it('merges by id: newer state wins, follows and corrections unioned, events deduplicated, settings kept', () => {
    const current: Snapshot = {
      ...empty(),
      articles: [
        {
          id: '10122',
          title: 'New title',
          earlierTitles: [],
          date: '2024-05-01',
          firstSeen: 500,
          lastSeen: 9000,
          seenOn: ['article'],
        },
      ],
      reading: [
        { id: '3534', state: 'unread', progress: 0, position: 0, readAt: null, updatedAt: 9000 },
        { id: '10122', state: 'reading', progress: 0.1, position: 0.1, readAt: null, updatedAt: 1000 },
      ],
      events: [{ seq: 7, at: 5000, articleId: '3534', from: 'unread', to: 'read', source: 'auto' }],
    };
    const plan = planImport(current, parseBackup(toJsonBackup(sample, EXPORTED)), 'merge');
    expect(plan.mode).toBe('merge');
    expect(plan.settings).toBeNull();
    // 3534 is newer locally (unread at 9000); 10122's backup state (3000) is newer.
    expect(plan.reading).toEqual([sample.reading[1]]);
    expect(plan.articles.map((a) => a.id)).toEqual(['3534', '10122']);
    expect(plan.articles[1]).toMatchObject({
      title: 'New title',
      earlierTitles: ['Old'],
      firstSeen: 500,
      lastSeen: 9000,
      seenOn: ['article', 'listing'],
    });
    expect(plan.events).toEqual([]);
    expect(plan.summary).toEqual({ articlesAdded: 1, statesChanged: 0, followsAdded: 1, correctionsAdded: 1 });
    const after = applyPlan(current, plan);
    expect(after.reading.find((r) => r.id === '3534')?.state).toBe('unread');
    expect(after.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('replace takes everything, settings included, and counts what changes', () => {
    const current: Snapshot = {
      ...empty(),
      reading: [{ id: '1', state: 'read', progress: 1, position: 1, readAt: 1, updatedAt: 1 }],
    };
    const plan = planImport(current, parseBackup(toJsonBackup(sample, EXPORTED)), 'replace');
    expect(plan.mode).toBe('replace');
    expect(plan.summary).toEqual({ articlesAdded: 2, statesChanged: 3, followsAdded: 1, correctionsAdded: 1 });
    expect(applyPlan(current, plan)).toEqual(sample);
  });

  it('numbers merged events after the existing ones', () => {
    const current: Snapshot = {
      ...empty(),
      events: [{ seq: 41, at: 1, articleId: '9', from: 'unread', to: 'read', source: 'manual' }],
    };
    const after = applyPlan(current, planImport(current, parseBackup(toJsonBackup(sample, EXPORTED)), 'merge'));
    expect(after.events.map((e) => e.seq)).toEqual([41, 42]);
  });
});

describe('parseBackup rejects bad files with a message naming the problem', () => {
  const valid = JSON.parse(toJsonBackup(sample, EXPORTED));
  /** The valid backup with the value at `path` under `data` replaced (`undefined` removes it). */
  const withData = (path: (string | number)[], value: unknown) => {
    const copy = structuredClone(valid);
    const last = must(path.at(-1), 'a path');
    let parent: Record<string | number, unknown> = copy.data;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    parent[last] = value;
    return JSON.stringify(copy);
  };

  const cases: [string, string, RegExp][] = [
    ['truncated', toJsonBackup(sample, EXPORTED).slice(0, 200), /not valid JSON/],
    ['empty', '', /not valid JSON/],
    ['not an object', '[1,2]', /expected a JSON object/],
    ['unknown format', JSON.stringify({ ...valid, format: 'something-else' }), /Unknown format "something-else"/],
    ['future version', JSON.stringify({ ...valid, version: 2 }), /Unsupported backup version 2/],
    ['wrong type', withData(['reading', 0, 'progress'], '1'), /data\.reading\[0\]\.progress/],
    ['absurd number', withData(['reading', 1, 'updatedAt'], 1e300), /data\.reading\[1\]\.updatedAt/],
    ['progress above 1', withData(['reading', 0, 'progress'], 7), /data\.reading\[0\]\.progress/],
    ['non-digit id', withData(['articles', 0, 'id'], '../etc'), /data\.articles\[0\]\.id: expected an article id/],
    ['huge string', withData(['articles', 0, 'title'], 'x'.repeat(100_000)), /data\.articles\[0\]\.title/],
    [
      'duplicate id',
      withData(['reading', valid.data.reading.length], valid.data.reading[0]),
      /data\.reading\[2\]: duplicate article id 3534/,
    ],
    ['unknown field', withData(['settings', 'evil'], true), /data\.settings/],
    ['bad correction', withData(['corrections', 0, 'kind'], 'delete'), /data\.corrections\[0\]\.kind/],
    ['missing table', withData(['follows'], undefined), /data\.follows/],
    [
      '__proto__ key',
      toJsonBackup(sample, EXPORTED).replace('"settings":{', '"settings":{"__proto__":{"polluted":true},'),
      /data\.settings\.__proto__: forbidden key/,
    ],
    [
      'constructor key',
      withData(['follows', 0, 'constructor'], { prototype: {} }),
      /data\.follows\[0\]\.constructor: forbidden key/,
    ],
    ['deep nesting', withData(['articles', 0, 'tags'], [[[[[[[[['x']]]]]]]]]), /nested too deeply/],
  ];

  it.each(cases)('%s', (_name, text, message) => {
    let thrown: unknown;
    try {
      parseBackup(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ImportError);
    expect((thrown as Error).message).toMatch(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects an oversized file before parsing it', () => {
    const huge = `{"format":"kexue-reader-backup","pad":"${'a'.repeat(MAX_BACKUP_BYTES)}"}`;
    expect(() => parseBackup(huge)).toThrow(/larger than 20 MB/);
    // Counted in UTF-8 bytes: 7 M Chinese characters are 21 MB.
    expect(() => parseBackup(`"${'熵'.repeat(7 * 1024 * 1024)}"`)).toThrow(/larger than 20 MB/);
  });

  it('a failed parse leaves the snapshot unchanged (nothing to apply)', () => {
    const current = structuredClone(sample);
    const attempt = () =>
      applyPlan(current, planImport(current, parseBackup('{"format":"kexue-reader-backup","version":1}'), 'replace'));
    expect(attempt).toThrow(ImportError);
    expect(current).toEqual(sample);
  });

  it('fills settings missing from an older backup with their defaults', () => {
    const text = withData(['settings'], { theme: 'dark' });
    expect(parseBackup(text).data.settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
  });
});
