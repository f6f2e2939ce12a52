import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeState,
  encodeState,
  fromBase64Url,
  itemBytes,
  QUOTA_BYTES,
  QUOTA_BYTES_PER_ITEM,
  toBase64Url,
  totalBytes,
} from '@/utils/sync/codec';
import { type Mark, mergeStates, type SyncState } from '@/utils/sync/marks';
import { seededRandom } from './seeded';

const mark: fc.Arbitrary<Mark> = fc.record({ on: fc.boolean(), at: fc.integer({ min: 0, max: 32_503_679_999 }) });
const stateArb: fc.Arbitrary<SyncState> = fc.record({
  reads: fc
    .array(
      fc.tuple(
        fc.oneof(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 9_999_999_999 })).map(String),
        mark,
      ),
      { maxLength: 300 },
    )
    .map((entries) => new Map(entries)),
  follows: fc
    .array(fc.tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), mark), { maxLength: 40 })
    .map((e) => new Map(e)),
});
const sortedEntries = (state: SyncState) => ({
  reads: [...state.reads].sort(([a], [b]) => Number(a) - Number(b)),
  follows: [...state.follows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
});

/** `count` distinct article ids drawn like the blog's (1 … 11,600), read at times spread over `years`. */
function readingList(count: number, years: number, seed = 1): SyncState {
  const random = seededRandom(seed);
  const ids = new Set<string>();
  while (ids.size < count) ids.add(String(1 + Math.floor(random() * 11_600)));
  const start = Date.UTC(2023, 0, 1) / 1000;
  const reads = new Map(
    [...ids].map((id) => [id, { on: true, at: start + Math.floor(random() * years * 365 * 86_400) }]),
  );
  return { reads, follows: new Map() };
}

describe('sync encoding', () => {
  it('base64url round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 100 }), (bytes) => {
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      }),
    );
  });

  it('round-trips any state', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const items = encodeState(state);
        const { state: decoded, broken } = decodeState(JSON.parse(JSON.stringify(items)));
        expect(broken).toEqual([]);
        expect(sortedEntries(decoded)).toEqual(sortedEntries(state));
        for (const [key, value] of Object.entries(items))
          expect(itemBytes(key, value)).toBeLessThanOrEqual(QUOTA_BYTES_PER_ITEM);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the fullest possible item (512 ids, times centuries apart) under the item quota', () => {
    const reads = new Map<string, Mark>();
    // Times spread over the whole range (year 1970 to 3000): every delta large.
    const random = seededRandom(3);
    for (let id = 512; id < 1024; id++)
      reads.set(String(id), { on: id % 2 === 0, at: Math.floor(random() * 32_503_679_999) });
    reads.set('1000', { on: true, at: 0 });
    const items = encodeState({ reads, follows: new Map() });
    expect(Object.keys(items)).toEqual(['kx1.r.1']);
    expect(itemBytes('kx1.r.1', items['kx1.r.1'])).toBeLessThan(QUOTA_BYTES_PER_ITEM);
  });

  it('round-trips a far outlier among close times (the raw escape of the Rice code)', () => {
    const reads = new Map<string, Mark>(
      Array.from({ length: 100 }, (_, i) => [String(i + 1), { on: true, at: 1_000 + i }]),
    );
    reads.set('200', { on: false, at: 32_000_000_000 });
    const { state } = decodeState(encodeState({ reads, follows: new Map() }));
    expect(sortedEntries(state).reads).toEqual(sortedEntries({ reads, follows: new Map() }).reads);
  });

  it('fits 1,300 read ids in a small fraction of the quota', () => {
    const bytes = totalBytes(encodeState(readingList(1_300, 3)));
    // Measured: 7,435 bytes (7.3 % of storage.sync's 102,400) for reads spread evenly over three years.
    expect(bytes).toBeLessThan(QUOTA_BYTES * 0.08);
  });

  it('leaves out items that do not decode, and names them', () => {
    const good = encodeState({
      reads: new Map([['10122', { on: true, at: 1_700_000_000 }]]),
      follows: new Map([['熵', { on: true, at: 5 }]]),
    });
    const { state, broken } = decodeState({
      ...good,
      'kx1.r.3': 42,
      'kx1.r.4': '1@@@',
      'kx1.r.5': `1${toBase64Url([0, 200])}`, // truncated varint
      'kx1.r.6': `1${toBase64Url([0, 0x80, 0x04, 1])}`, // id 3584 is not in bucket 6
      'kx1.f.7': [['x', -1, 1]],
      'kx1.f.8': { __proto__: null },
      'kx1.zzz': 'future',
      'other-extension-key': 'ignored',
    });
    expect(broken.sort()).toEqual(['kx1.f.7', 'kx1.f.8', 'kx1.r.3', 'kx1.r.4', 'kx1.r.5', 'kx1.r.6', 'kx1.zzz']);
    expect([...state.reads]).toEqual([['10122', { on: true, at: 1_700_000_000 }]]);
    expect([...state.follows]).toEqual([['熵', { on: true, at: 5 }]]);
  });
});

describe('merge rules', () => {
  it('are commutative, associative and idempotent (any order, any repetition)', () => {
    fc.assert(
      fc.property(stateArb, stateArb, stateArb, (a, b, c) => {
        const key = (s: SyncState) => sortedEntries(s);
        expect(key(mergeStates(a, b))).toEqual(key(mergeStates(b, a)));
        expect(key(mergeStates(mergeStates(a, b), c))).toEqual(key(mergeStates(a, mergeStates(b, c))));
        expect(key(mergeStates(a, a))).toEqual(key(a));
      }),
    );
  });

  it('the later change wins per id; on a tie, read wins', () => {
    const a: SyncState = {
      reads: new Map([
        ['1', { on: true, at: 10 }],
        ['2', { on: true, at: 10 }],
        ['3', { on: false, at: 10 }],
      ]),
      follows: new Map(),
    };
    const b: SyncState = {
      reads: new Map([
        ['1', { on: false, at: 11 }],
        ['2', { on: false, at: 9 }],
        ['3', { on: true, at: 10 }],
      ]),
      follows: new Map(),
    };
    expect([...mergeStates(a, b).reads]).toEqual([
      ['1', { on: false, at: 11 }],
      ['2', { on: true, at: 10 }],
      ['3', { on: true, at: 10 }],
    ]);
  });
});
