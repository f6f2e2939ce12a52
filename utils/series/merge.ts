/**
 * Series merges, purely and without the title parser (the export and the UI use it too): which series a merged
 * series is shown as. See SeriesCorrection in utils/db/model.ts.
 */
import type { SeriesCorrection } from '../db/model';

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
  const settled = new Set<string>();
  for (const start of [...edges.keys()]) {
    const path: string[] = [];
    let key = start;
    while (edges.has(key) && !settled.has(key) && !path.includes(key)) {
      path.push(key);
      key = edges.get(key)!;
    }
    const loopStart = path.indexOf(key);
    if (loopStart >= 0) {
      const loop = path.slice(loopStart);
      const oldest = loop.reduce((a, b) => (latest.get(b)!.rank < latest.get(a)!.rank ? b : a));
      edges.delete(oldest);
    }
    for (const k of path) settled.add(k);
  }
  return edges;
}

/** The series `key` is shown as: the end of its merge chain (itself when not merged). */
export function resolveSeriesKey(key: string, merges: MergeMap): string {
  let shown = key;
  // mergeMap never builds a loop; the bound only keeps a hand-made map from hanging.
  for (let steps = 0; steps <= merges.size && merges.has(shown); steps++) shown = merges.get(shown)!;
  return shown;
}
