import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Snapshot } from '@/utils/db/model';
import { planSyncChanges } from '@/utils/sync/local';

const snapshot: Snapshot = {
  articles: [
    {
      id: '5253',
      title: 'VAE（一）',
      earlierTitles: [],
      date: '2018-03-18',
      series: 'vae',
      part: 1,
      firstSeen: 0,
      lastSeen: 0,
      seenOn: ['listing'],
    },
    {
      id: '5343',
      title: 'VAE（二）',
      earlierTitles: [],
      date: '2018-03-28',
      series: 'vae',
      part: 2,
      firstSeen: 0,
      lastSeen: 0,
      seenOn: ['listing'],
    },
  ],
  reading: [
    // Unmarked at 2,000 s: after the sync decided to apply a read from 1,500 s.
    { id: '5253', state: 'unread', progress: 0, position: 0, readAt: null, updatedAt: 2_000_000 },
    { id: '5343', state: 'reading', progress: 0.3, position: 0.25, readAt: null, updatedAt: 1_000_000 },
    { id: '7000', state: 'read', progress: 1, position: 0.9, readAt: 900_000, updatedAt: 900_000 },
  ],
  follows: [{ seriesKey: 'moe', followedAt: 3_000_000, seenIds: [] }],
  corrections: [],
  events: [{ seq: 1, at: 2_000_000, articleId: '5253', from: 'read', to: 'unread', source: 'manual' }],
  settings: DEFAULT_SETTINGS,
};

describe('planSyncChanges', () => {
  const { plan, unfollow } = planSyncChanges(snapshot, {
    read: [
      { id: '5253', at: 1_500 },
      { id: '5343', at: 1_600 },
    ],
    unread: [{ id: '7000', at: 1_700 }],
    follow: [{ seriesKey: 'vae', at: 1_800 }],
    unfollow: [{ seriesKey: 'moe', at: 2_500 }], // older than the follow made here since
  });

  it('writes remote winners with their times and logs them as sync events', () => {
    expect(plan.mode).toBe('merge');
    expect(plan.reading).toEqual([
      { id: '5343', state: 'read', progress: 1, position: 0.25, readAt: 1_600_000, updatedAt: 1_600_000 },
      { id: '7000', state: 'unread', progress: 0, position: 0, readAt: null, updatedAt: 1_700_000 },
    ]);
    expect(plan.events).toEqual([
      { at: 1_600_000, articleId: '5343', from: 'reading', to: 'read', source: 'sync' },
      { at: 1_700_000, articleId: '7000', from: 'read', to: 'unread', source: 'sync' },
    ]);
    expect(plan.summary).toEqual({ articlesAdded: 0, statesChanged: 2, followsAdded: 1, correctionsAdded: 0 });
  });

  it('counts the parts already there as seen when a follow arrives', () => {
    expect(plan.follows).toEqual([{ seriesKey: 'vae', followedAt: 1_800_000, seenIds: ['5253', '5343'] }]);
  });

  it('does not overwrite a newer local change made while syncing', () => {
    expect(plan.reading.map((r) => r.id)).not.toContain('5253');
    expect(unfollow).toEqual([]);
  });
});
