import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import type { ArticleRecord, SeriesCorrection } from '@/utils/db/model';
import { correctionsShaping, mergedSeries, regroupArticles, seriesName } from '@/utils/series/catalog';
import { mergeMap, resolveSeriesKey } from '@/utils/series/merge';
import { records } from './records';

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

const VAE = [
  { id: '5253', title: '变分自编码器（一）：原来是这么一回事', date: '2018-03-18' },
  { id: '5343', title: '变分自编码器（二）：从贝叶斯观点出发', date: '2018-03-28' },
  { id: '5383', title: '变分自编码器（三）：这样做为什么能成？', date: '2018-04-03' },
];
const DYNAMICS = [
  { id: '5655', title: '从动力学角度看优化算法（一）：从SGD到动量加速', date: '2018-06-27' },
  { id: '6261', title: '从动力学角度看优化算法（二）：自适应学习率算法', date: '2018-12-20' },
];
const TRANSFORMER = [
  { id: '8231', title: 'Transformer升级之路：1、Sinusoidal位置编码追根溯源', date: '2021-03-08' },
  { id: '8265', title: 'Transformer升级之路：2、博采众长的旋转式位置编码', date: '2021-03-23' },
];

function catalog(
  entries = [...VAE, ...DYNAMICS, ...TRANSFORMER],
  corrections: SeriesCorrection[] = [],
): ArticleRecord[] {
  return regroupArticles(records(entries, T0), corrections);
}

const base = catalog();
const keyOf = (id: string, articles = base) => must(articles.find((a) => a.id === id)?.series, `the series of ${id}`);
const VAE_KEY = keyOf('5253');
const DYN_KEY = keyOf('5655');
const TF_KEY = keyOf('8231');
const placement = (articles: ArticleRecord[]) => Object.fromEntries(articles.map((a) => [a.id, [a.series, a.part]]));

const merge = (from: string, into: string, at: number): SeriesCorrection => ({ kind: 'merge', from, into, at });

describe('the parsed series this file builds on', () => {
  it('are three distinct series', () => {
    expect(new Set([VAE_KEY, DYN_KEY, TF_KEY]).size).toBe(3);
    expect([VAE_KEY, DYN_KEY, TF_KEY].every(Boolean)).toBe(true);
  });
});

describe('regroupArticles with merges', () => {
  it('shows every article of the merged series in the series it was merged into, keeping their parts', () => {
    const out = regroupArticles(base, [merge(DYN_KEY, VAE_KEY, 1)]);
    expect(placement(out)).toMatchObject({
      '5253': [VAE_KEY, 1],
      '5655': [VAE_KEY, 1],
      '6261': [VAE_KEY, 2],
      '8231': [TF_KEY, 1],
    });
    expect(out.some((a) => a.series === DYN_KEY)).toBe(false);
  });

  it('follows a chain of merges to its end', () => {
    const out = regroupArticles(base, [merge(DYN_KEY, VAE_KEY, 1), merge(VAE_KEY, TF_KEY, 2)]);
    expect(new Set(out.map((a) => a.series))).toEqual(new Set([TF_KEY]));
    // The order the merges were made in does not matter for a chain.
    const reversed = regroupArticles(base, [merge(VAE_KEY, TF_KEY, 1), merge(DYN_KEY, VAE_KEY, 2)]);
    expect(placement(reversed)).toEqual(placement(out));
  });

  it('does not loop on merges that point back: the oldest merge of the loop is ignored', () => {
    const out = regroupArticles(base, [merge(DYN_KEY, VAE_KEY, 1), merge(VAE_KEY, DYN_KEY, 2)]);
    // The later merge (VAE into Dynamics) holds; the older one (Dynamics into VAE) is ignored.
    expect(keyOf('5253', out)).toBe(DYN_KEY);
    expect(keyOf('5655', out)).toBe(DYN_KEY);
    // Dynamics → VAE → Transformer → Dynamics: the oldest (Dynamics → VAE) is ignored, everything is in Dynamics.
    const longer = regroupArticles(base, [
      merge(DYN_KEY, VAE_KEY, 1),
      merge(VAE_KEY, TF_KEY, 2),
      merge(TF_KEY, DYN_KEY, 3),
    ]);
    expect(new Set(longer.map((a) => a.series))).toEqual(new Set([DYN_KEY]));
    // Undoing the newer merge brings the ignored one back: it is still the latest merge of its series.
    const undone = regroupArticles(base, [
      merge(DYN_KEY, VAE_KEY, 1),
      merge(VAE_KEY, DYN_KEY, 2),
      merge(VAE_KEY, VAE_KEY, 3),
    ]);
    expect(keyOf('5655', undone)).toBe(VAE_KEY);
  });

  it('lets an assign of a single article win over a merge', () => {
    const out = regroupArticles(base, [
      { kind: 'assign', articleId: '6261', seriesKey: TF_KEY, part: 3, at: 1 },
      { kind: 'assign', articleId: '5655', seriesKey: null, at: 2 },
      merge(DYN_KEY, VAE_KEY, 3),
    ]);
    expect(placement(out)).toMatchObject({ '6261': [TF_KEY, 3], '5655': [null, null], '5253': [VAE_KEY, 1] });
  });

  it('moves an article assigned to a series that is merged along with that series', () => {
    const out = regroupArticles(base, [
      { kind: 'assign', articleId: '8231', seriesKey: DYN_KEY, part: 9, at: 1 },
      merge(DYN_KEY, VAE_KEY, 2),
    ]);
    expect(placement(out)['8231']).toEqual([VAE_KEY, 9]);
  });

  it('undoes a merge with a later merge of the series into itself', () => {
    const out = regroupArticles(base, [merge(DYN_KEY, VAE_KEY, 1), merge(DYN_KEY, DYN_KEY, 2)]);
    expect(placement(out)).toEqual(placement(base));
    // An undo older than the merge does not undo it.
    const stale = regroupArticles(base, [merge(DYN_KEY, DYN_KEY, 1), merge(DYN_KEY, VAE_KEY, 2)]);
    expect(keyOf('5655', stale)).toBe(VAE_KEY);
  });

  it('keeps a merge through catalog refreshes, and new parts of the merged series join it', () => {
    const corrections = [merge(DYN_KEY, VAE_KEY, 1)];
    const merged = regroupArticles(records([...VAE, ...DYNAMICS], T0), corrections);
    const newPart = records(
      [{ id: '6500', title: '从动力学角度看优化算法（三）：一个更整体的视角', date: '2019-02-03' }],
      T0 + DAY,
    );
    const refreshed = regroupArticles([...merged, ...newPart], corrections);
    expect(placement(refreshed)).toMatchObject({ '6500': [VAE_KEY, 3], '5655': [VAE_KEY, 1], '5253': [VAE_KEY, 1] });
    // Without the merge the new part would be in its own series: the merge, not the parser, put it there.
    expect(keyOf('6500', regroupArticles([...merged, ...newPart], []))).toBe(DYN_KEY);
  });
});

describe('merge chains never loop', () => {
  const keys = ['a', 'b', 'c', 'd', 'e'];
  const merges = fc.array(
    fc.record({
      kind: fc.constant('merge' as const),
      from: fc.constantFrom(...keys),
      into: fc.constantFrom(...keys),
      at: fc.integer({ min: 0, max: 20 }),
    }),
    { maxLength: 15 },
  );

  it('every key resolves to a series that is not merged, and the newest merge is always in effect', () => {
    fc.assert(
      fc.property(merges, (list) => {
        const map = mergeMap(list);
        for (const key of keys) {
          // Walk by hand: a loop would revisit a key.
          const seen = new Set<string>();
          let k = key;
          while (map.has(k)) {
            expect(seen.has(k)).toBe(false);
            seen.add(k);
            k = must(map.get(k), `map ${k}`);
          }
          expect(resolveSeriesKey(key, map)).toBe(k);
        }
        // The newest merge of all is always in effect (or it is an undo, which removes its key).
        const newest = [...list].sort((x, y) => x.at - y.at).at(-1);
        if (newest) expect(map.get(newest.from)).toBe(newest.into === newest.from ? undefined : newest.into);
      }),
    );
  });
});

describe('merge maps depend on the corrections, not on their order', () => {
  it('gives the same map for any order of the same merges (distinct times)', () => {
    const keys = ['a', 'b', 'c', 'd'];
    const list = fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 10 }).chain((times) =>
      fc.tuple(
        ...times.map((at) =>
          fc.record({
            kind: fc.constant('merge' as const),
            from: fc.constantFrom(...keys),
            into: fc.constantFrom(...keys),
            at: fc.constant(at),
          }),
        ),
      ),
    );
    fc.assert(
      fc.property(list, fc.integer(), (merges, seed) => {
        const shuffled = [...merges].sort((x, y) => ((x.at * 7919 + seed) % 101) - ((y.at * 7919 + seed) % 101));
        expect([...mergeMap(shuffled)].sort()).toEqual([...mergeMap(merges)].sort());
      }),
    );
  });
});

describe('seriesName and mergedSeries with merges', () => {
  it('names a merged series by the series it is shown as, and lists what was merged under its own name', () => {
    const corrections: SeriesCorrection[] = [merge(DYN_KEY, VAE_KEY, 1)];
    const out = regroupArticles(base, corrections);
    expect(seriesName(VAE_KEY, out, corrections)).toBe('变分自编码器');
    expect(seriesName(DYN_KEY, out, corrections)).toBe('变分自编码器');
    expect(mergedSeries(VAE_KEY, out, corrections)).toEqual([{ key: DYN_KEY, name: '从动力学角度看优化算法' }]);
    const renamed = [...corrections, { kind: 'rename' as const, seriesKey: VAE_KEY, name: 'VAE 与动力学', at: 2 }];
    expect(seriesName(DYN_KEY, out, renamed)).toBe('VAE 与动力学');
    expect(mergedSeries(TF_KEY, out, corrections)).toEqual([]);
  });

  it('lists a chain merged into a series too', () => {
    const corrections = [merge(DYN_KEY, VAE_KEY, 1), merge(VAE_KEY, TF_KEY, 2)];
    const out = regroupArticles(base, corrections);
    expect(
      mergedSeries(TF_KEY, out, corrections)
        .map((m) => m.key)
        .sort(),
    ).toEqual([DYN_KEY, VAE_KEY].sort());
  });
});

describe('correctionsShaping (reset grouping)', () => {
  const corrections: SeriesCorrection[] = [
    merge(DYN_KEY, VAE_KEY, 1),
    { kind: 'rename', seriesKey: VAE_KEY, name: 'VAE', at: 2 },
    // Moved out of VAE, and moved into it.
    { kind: 'assign', articleId: '5383', seriesKey: 'user:x', at: 3 },
    { kind: 'assign', articleId: '8231', seriesKey: VAE_KEY, part: 0, at: 4 },
    // About other series only.
    { kind: 'rename', seriesKey: TF_KEY, name: 'Transformer', at: 5 },
    { kind: 'rename', seriesKey: 'user:x', name: '拆出来的', at: 6 },
    merge(TF_KEY, TF_KEY, 7),
  ];
  const out = regroupArticles(base, corrections);

  it('picks the corrections that make the series differ from the parser, and only those', () => {
    expect(correctionsShaping(VAE_KEY, out, corrections)).toEqual(corrections.slice(0, 4));
    expect(correctionsShaping(TF_KEY, out, corrections)).toEqual([corrections[3], corrections[4], corrections[6]]);
  });

  it('brings the parser grouping back once they are removed', () => {
    const removed = new Set(correctionsShaping(VAE_KEY, out, corrections));
    const rest = corrections.filter((c) => !removed.has(c));
    const reset = regroupArticles(base, rest);
    for (const id of ['5253', '5343', '5383', '5655', '6261', '8231'])
      expect(placement(reset)[id]).toEqual(placement(base)[id]);
  });
});

describe('long merge chains', () => {
  // Not a speed measurement: the quadratic walk this replaced needed about 300,000² / 2 steps here (many minutes).
  // Seconds of work: 30 s were not enough with eight suites sharing two cores.
  it('resolves every series of a 300,000-long chain, oldest merge first or last', { timeout: 120_000 }, () => {
    const n = 300_000;
    const chain: Extract<SeriesCorrection, { kind: 'merge' }>[] = Array.from({ length: n }, (_, i) => ({
      kind: 'merge',
      from: `s${i}`,
      into: `s${i + 1}`,
      at: i,
    }));
    for (const corrections of [chain, [...chain].reverse()]) {
      const merges = mergeMap(corrections);
      expect(merges.size).toBe(n);
      const ends = new Set(chain.map((c) => resolveSeriesKey(c.from, merges)));
      expect([...ends]).toEqual([`s${n}`]);
    }
  });
});
