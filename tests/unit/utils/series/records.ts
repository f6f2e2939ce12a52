import type { ArticleRecord } from '@/utils/db/model';

/** Catalog records for titles, as the database keeps them before series are computed. */
export function records(entries: readonly { id: string; title: string; date?: string }[], now = 0): ArticleRecord[] {
  return entries.map(({ id, title, date }) => ({
    id,
    title,
    earlierTitles: [],
    date: date ?? '',
    series: null,
    part: null,
    subpart: null,
    firstSeen: now,
    lastSeen: now,
    seenOn: ['archive'],
  }));
}
