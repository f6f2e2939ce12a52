import { DEFAULT_SETTINGS, type Snapshot } from '@/utils/db/model';

const seen = {
  earlierTitles: [],
  firstSeen: Date.UTC(2026, 0, 1),
  lastSeen: Date.UTC(2026, 0, 2),
  seenOn: ['listing' as const],
};
const read = (id: string, readAt: number) => ({
  id,
  state: 'read' as const,
  progress: 1,
  position: 1,
  readAt,
  updatedAt: readAt,
});

/** A small reading list with the awkward cases: specials in titles, a correction, a rename, no series, no date. */
export const listSnapshot: Snapshot = {
  articles: [
    {
      ...seen,
      id: '3534',
      title: '“熵”不起：从熵、最大熵原理到最大熵模型（一）',
      date: '2015-12-01',
      series: '熵',
      part: 1,
    },
    {
      ...seen,
      id: '3552',
      title: '“熵”不起：从熵、最大熵原理到最大熵模型（二）',
      date: '2015-12-20',
      series: '熵',
      part: 2,
    },
    {
      ...seen,
      id: '3567',
      title: '“熵”不起：从熵、最大熵原理到最大熵模型（三）',
      date: '2015-12-31',
      series: '熵',
      part: 3,
    },
    {
      ...seen,
      id: '10122',
      title: 'A Tour of MoE: 7. {Braces} & 50% "quotes", <tags> $x_1$ #1 ~ ^',
      date: '2024-05-01',
      series: 'moe',
      part: 7,
    },
    {
      ...seen,
      id: '10100',
      title: 'Transformer升级之路：1、Sinusoidal位置编码追根溯源',
      date: '2021-03-08',
      series: null,
    },
    { ...seen, id: '42', title: '=HYPERLINK("http://evil")', date: '' },
  ],
  reading: [
    read('3534', Date.UTC(2026, 1, 3, 8, 30)),
    { id: '3552', state: 'reading', progress: 0.456, position: 0.4, readAt: null, updatedAt: Date.UTC(2026, 1, 4) },
    read('10122', Date.UTC(2026, 1, 5)),
    read('777', Date.UTC(2026, 1, 6)),
  ],
  follows: [{ seriesKey: 'moe', followedAt: Date.UTC(2026, 1, 1), seenIds: ['10122'] }],
  corrections: [
    { kind: 'rename', seriesKey: 'moe', name: 'A Tour of MoE', at: 1 },
    { kind: 'assign', articleId: '10100', seriesKey: 'Transformer升级之路', part: 1, at: 2 },
  ],
  events: [],
  settings: DEFAULT_SETTINGS,
};
