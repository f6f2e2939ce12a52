import type { ReadingEvent } from './db/model';

/** One bar of the reading-history chart: reads in [start, end), local time. */
export interface HistoryBucket {
  start: number;
  end: number;
  /** `YYYY-MM-DD` (the week's Monday) or `YYYY-MM`. */
  label: string;
  count: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The reads the chart counts, as [articleId, time] pairs:
 * - a read is a change to 'read' from another state, whatever its source (manual, auto, import, sync from another
 *   device, each at the time it happened) — except 'undo', which restores an earlier read rather than being one;
 * - an 'undo' that takes an article out of 'read' cancels that article's latest counted read (an undone bulk
 *   "mark read" leaves no bars).
 */
function countedReads(events: ReadingEvent[]): [string, number][] {
  const ordered = [...events].sort((a, b) => a.at - b.at || (a.seq ?? 0) - (b.seq ?? 0));
  const reads: ([string, number] | null)[] = [];
  const latest = new Map<string, number>();
  for (const event of ordered) {
    if (event.to === 'read' && event.from !== 'read' && event.source !== 'undo') {
      latest.set(event.articleId, reads.length);
      reads.push([event.articleId, event.at]);
    } else if (event.source === 'undo' && event.from === 'read' && event.to !== 'read') {
      const index = latest.get(event.articleId);
      if (index !== undefined) reads[index] = null;
      latest.delete(event.articleId);
    }
  }
  return reads.filter((r): r is [string, number] => r !== null);
}

/** Distinct articles read per bucket: reading an article twice in one bucket counts once, in two buckets twice. */
function fill(buckets: HistoryBucket[], events: ReadingEvent[]): HistoryBucket[] {
  const counted = buckets.map((bucket) => ({ bucket, seen: new Set<string>() }));
  for (const [articleId, at] of countedReads(events)) {
    counted.find(({ bucket }) => at >= bucket.start && at < bucket.end)?.seen.add(articleId);
  }
  return counted.map(({ bucket, seen }) => ({ ...bucket, count: seen.size }));
}

/** The last `weeks` weeks (Monday to Sunday, local time), oldest first; the last contains `now`. */
export function readsPerWeek(events: ReadingEvent[], now: number, weeks: number): HistoryBucket[] {
  const today = new Date(now);
  const monday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - ((today.getDay() + 6) % 7));
  const buckets: HistoryBucket[] = [];
  for (let i = weeks - 1; i >= 0; i--) {
    const start = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() - 7 * i);
    const end = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 7);
    const label = `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`;
    buckets.push({ start: start.getTime(), end: end.getTime(), label, count: 0 });
  }
  return fill(buckets, events);
}

/** The last `months` calendar months (local time), oldest first; the last contains `now`. */
export function readsPerMonth(events: ReadingEvent[], now: number, months: number): HistoryBucket[] {
  const today = new Date(now);
  const buckets: HistoryBucket[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const start = new Date(today.getFullYear(), today.getMonth() - i, 1);
    const end = new Date(start.getFullYear(), start.getMonth() + 1, 1);
    buckets.push({
      start: start.getTime(),
      end: end.getTime(),
      label: `${start.getFullYear()}-${pad(start.getMonth() + 1)}`,
      count: 0,
    });
  }
  return fill(buckets, events);
}
