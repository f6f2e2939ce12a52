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
  const byTime = [...corrections].sort((a, b) => a.at - b.at);
  for (const [rank, c] of byTime.entries()) if (c.kind === 'merge') latest.set(c.from, { into: c.into, rank });
  const edges = new Map<string, string>();
  for (const [from, { into }] of latest) if (into !== from) edges.set(from, into);
  // Each series has at most one merge, so each group of chained series holds at most one loop.
  // Linear in the number of merges: a chain of 100,000 must not cost 100,000² steps.
  const settled = new Set<string>();
  for (const start of [...edges.keys()]) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let key = start;
    for (
      let next = edges.get(key);
      next !== undefined && !settled.has(key) && !onPath.has(key);
      next = edges.get(key)
    ) {
      onPath.set(key, path.length);
      path.push(key);
      key = next;
    }
    const loopStart = onPath.get(key) ?? -1;
    if (loopStart >= 0) {
      const loop = path.slice(loopStart);
      // Every series of a loop has its merge in `latest` (the edges come from there).
      const rank = (k: string) => latest.get(k)?.rank ?? -1;
      const oldest = loop.reduce((a, b) => (rank(b) < rank(a) ? b : a));
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
  const ends = resolvedEnds.get(merges) ?? new Map<string, string>();
  resolvedEnds.set(merges, ends);
  const walked: string[] = [];
  let shown = key;
  // mergeMap never builds a loop; the bound only keeps a hand-made map from hanging.
  for (let steps = 0; steps <= merges.size && !ends.has(shown); steps++) {
    const next = merges.get(shown);
    if (next === undefined) break;
    walked.push(shown);
    shown = next;
  }
  shown = ends.get(shown) ?? shown;
  for (const k of walked) ends.set(k, shown);
  return shown;
}
