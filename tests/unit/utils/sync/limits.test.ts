/**
 * The encoder and the decoder share their limits: whatever one device writes, every device decodes, so no device
 * ever sees an item as broken because another wrote a mark at a limit (a time at the last second, a long key).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, MAX_FOLLOW_KEY, MAX_SECONDS, unencodable } from '@/utils/sync/codec';
import { emptyState, mergeStates, type SyncState } from '@/utils/sync/marks';

const at = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000_000 }),
  fc.integer({ min: MAX_SECONDS - 3, max: MAX_SECONDS + 3 }),
);
const mark = fc.record({ on: fc.boolean(), at });
const id = fc.oneof(fc.integer({ min: 1, max: 20_000 }).map(String), fc.constantFrom('12345678901', '9999999999'));
const key = fc.oneof(fc.constantFrom('S', '变分自编码器'), fc.string({ minLength: 1, maxLength: MAX_FOLLOW_KEY + 60 }));
const deviceState: fc.Arbitrary<SyncState> = fc
  .tuple(fc.array(fc.tuple(id, mark), { maxLength: 30 }), fc.array(fc.tuple(key, mark), { maxLength: 6 }))
  .map(([reads, follows]) => ({ ...emptyState(), reads: new Map(reads), follows: new Map(follows) }));

describe('sync limits', () => {
  it('what three devices merge and write, every device decodes whole', () => {
    fc.assert(
      fc.property(deviceState, deviceState, deviceState, (a, b, c) => {
        const merged = mergeStates(mergeStates(a, b, emptyState()), c, emptyState());
        const items = encodeState(merged);
        const { state, broken } = decodeState(items);
        expect(broken).toEqual([]);
        // Every mark is carried (times past the limit as the last second) or named as not synced.
        const skipped = unencodable(merged);
        for (const [k, m] of merged.reads) {
          if (skipped.includes(`article ${k}`)) continue;
          expect(state.reads.get(k)).toEqual({ on: m.on, at: Math.min(m.at, MAX_SECONDS) });
        }
        for (const [k, m] of merged.follows) {
          if (k.length > MAX_FOLLOW_KEY) expect(state.follows.has(k)).toBe(false);
          else expect(state.follows.get(k)).toEqual({ on: m.on, at: Math.min(m.at, MAX_SECONDS) });
        }
      }),
      { numRuns: 300 },
    );
  });
});
