import { describe, expect, it } from 'vitest';
import type { ReadingEvent } from '@/utils/db/model';
import { readsPerMonth, readsPerWeek } from '@/utils/history';

// Local-time dates, so the buckets are the same in every time zone. 2026-11-22 is a Sunday.
const at = (month: number, day: number, hour = 12) => new Date(2026, month - 1, day, hour).getTime();
const now = at(11, 22, 20);
let seq = 0;
const ev = (
  articleId: string,
  time: number,
  from: ReadingEvent['from'],
  to: ReadingEvent['to'],
  source: ReadingEvent['source'] = 'manual',
): ReadingEvent => ({
  seq: ++seq,
  at: time,
  articleId,
  from,
  to,
  source,
});

describe('readsPerWeek', () => {
  it('gives Monday-to-Sunday weeks ending with the current one, oldest first', () => {
    const weeks = readsPerWeek([], now, 3);
    expect(weeks.map((w) => w.label)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(weeks[2]?.start).toBe(new Date(2026, 10, 16).getTime());
    expect(weeks[2]?.end).toBe(new Date(2026, 10, 23).getTime());
    expect(weeks.every((w) => w.count === 0)).toBe(true);
  });

  it('counts transitions to read, each article once per week', () => {
    const events = [
      ev('1', at(11, 16, 0), 'unread', 'read'), // Monday 00:00 belongs to the new week
      ev('2', at(11, 17), 'reading', 'read', 'auto'),
      ev('2', at(11, 18), 'read', 'unread'),
      ev('2', at(11, 19), 'unread', 'read'), // re-read in the same week: once
      ev('3', at(11, 20), 'unread', 'reading', 'auto'), // not a read
      ev('4', at(11, 15, 23), 'unread', 'read', 'sync'), // Sunday before: previous week
      ev('1', at(11, 10), 'unread', 'read'), // read again two weeks later: counts in both
      ev('5', at(10, 1), 'unread', 'read'), // before the window
      ev('6', at(11, 23, 1), 'unread', 'read'), // after now's week
    ];
    expect(readsPerWeek(events, now, 3).map((w) => w.count)).toEqual([0, 2, 2]);
  });

  it('an undone "mark read" does not count, and an undo back to read is not a read', () => {
    const events = [
      ev('1', at(11, 17), 'unread', 'read'),
      ev('2', at(11, 17), 'unread', 'read'),
      ev('2', at(11, 17, 13), 'read', 'unread', 'undo'),
      ev('3', at(11, 18), 'read', 'unread'),
      ev('3', at(11, 18, 13), 'unread', 'read', 'undo'),
    ];
    expect(readsPerWeek(events, now, 1)[0]?.count).toBe(1);
  });
});

describe('readsPerMonth', () => {
  it('gives calendar months ending with the current one, across a year boundary', () => {
    const events = [
      ev('1', at(11, 1, 0), 'unread', 'read'),
      ev('2', at(10, 31, 23), 'unread', 'read'),
      ev('3', new Date(2025, 11, 31).getTime(), 'unread', 'read'),
    ];
    const months = readsPerMonth(events, now, 12);
    expect(months.map((m) => m.label)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(months.map((m) => m.count)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });
});
