/**
 * Series merges, purely and without the title parser (the export and the UI use it too): which series a merged
 * series is shown as. See SeriesCorrection in utils/db/model.ts.
 */
import type { SeriesCorrection } from '../db/model';

/** Series merged into another: `from` → `into`, one step of a possibly longer chain. Never contains a loop. */
export type MergeMap = ReadonlyMap<string, string>;

/**
 * The merges in effect: per `from` the latest merge (a merge into itself undoes it). A merge that would close a loop
 * (A into B while B is, through a chain, merged into A) wins over the older merge on that chain that leads back into
 * A, which is dropped: the newest decision holds and every chain ends.
 */
export function mergeMap(corrections: readonly SeriesCorrection[]): MergeMap {
  const edges = new Map<string, string>();
  for (const c of [...corrections].sort((a, b) => a.at - b.at)) {
    if (c.kind !== 'merge') continue;
    edges.delete(c.from);
    if (c.into === c.from) continue;
    let previous: string | null = null;
    let key = c.into;
    while (key !== c.from && edges.has(key)) {
      previous = key;
      key = edges.get(key)!;
    }
    if (key === c.from && previous !== null) edges.delete(previous);
    edges.set(c.from, c.into);
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
