/**
 * Series merges, purely and without the title parser (the export and the UI use it too): which series a merged
 * series is shown as. See SeriesCorrection in utils/db/model.ts.
 */
import type { SeriesCorrection } from '@/utils/db/model';

/** Series merged into another: `from` → `into`, one step of a possibly longer chain. Never contains a loop. */
export type MergeMap = ReadonlyMap<string, string>;

/**
 * The merges in effect: per series `from` its latest merge counts (a merge into itself undoes it, so none). Merges
 * that form a loop (A into B while B is, through a chain, merged into A) would leave no series to show; the oldest
 * merge of the loop is ignored, so the newer decisions hold and every chain ends. The result depends only on the
 * latest merge of each series, not on the order they arrived in.
 */
export function mergeMap(corrections: readonly SeriesCorrection[]): MergeMap {
  // Latest per `from`, with its rank in time (ties: the later in the list).
  const latest = new Map<string, { into: string; rank: number }>();
  [...corrections]
    .sort((a, b) => a.at - b.at)
    .forEach((c, rank) => c.kind === 'merge' && latest.set(c.from, { into: c.into, rank }));
  const edges = new Map<string, string>();
  for (const [from, { into }] of latest) if (into !== from) edges.set(from, into);
  // Each series has at most one merge, so each group of chained series holds at most one loop.
  // Linear in the number of merges: a chain of 100,000 must not cost 100,000² steps.
  const settled = new Set<string>();
  for (const start of [...edges.keys()]) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let key = start;
    while (edges.has(key) && !settled.has(key) && !onPath.has(key)) {
      onPath.set(key, path.length);
      path.push(key);
      key = edges.get(key)!;
    }
    const loopStart = onPath.get(key) ?? -1;
    if (loopStart >= 0) {
      const loop = path.slice(loopStart);
      const oldest = loop.reduce((a, b) => (latest.get(b)!.rank < latest.get(a)!.rank ? b : a));
      edges.delete(oldest);
    }
    for (const k of path) settled.add(k);
  }
  return edges;
}

/** Ends of chains already followed, per merge map: resolving every article of a long chain stays linear. */
const resolvedEnds = new WeakMap<MergeMap, Map<string, string>>();

/** The series `key` is shown as: the end of its merge chain (itself when not merged). */
export function resolveSeriesKey(key: string, merges: MergeMap): string {
  if (!merges.has(key)) return key;
  let ends = resolvedEnds.get(merges);
  if (!ends) resolvedEnds.set(merges, (ends = new Map()));
  const walked: string[] = [];
  let shown = key;
  // mergeMap never builds a loop; the bound only keeps a hand-made map from hanging.
  for (let steps = 0; steps <= merges.size && merges.has(shown) && !ends.has(shown); steps++) {
    walked.push(shown);
    shown = merges.get(shown)!;
  }
  shown = ends.get(shown) ?? shown;
  for (const k of walked) ends.set(k, shown);
  return shown;
}
