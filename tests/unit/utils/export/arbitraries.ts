import fc from 'fast-check';
import {
  type ArticleRecord,
  correctionKey,
  type ReadingEvent,
  type ReadingRecord,
  type SeriesCorrection,
  type Settings,
  type Snapshot,
} from '@/utils/db/model';

/** Random snapshots for property tests (shared by the export and sync tests). */
const id = fc.integer({ min: 1, max: 20_000 }).map(String);
const time = fc.integer({ min: 0, max: Date.UTC(2030, 0, 1) });
// Any UTF-16 text, including quotes, braces, commas, newlines and lone surrogates.
const text = (maxLength: number) => fc.string({ unit: 'binary', maxLength });
const unit = fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x + 0); // JSON has no -0
const state = fc.constantFrom('unread' as const, 'reading' as const, 'read' as const);
const seriesKey = fc.oneof(
  fc.constantFrom('NASA每日一图', '从熵到最大熵', 'A Tour of MoE', 'x'),
  text(12).filter((s) => s.trim() !== ''),
);

const article = (articleId: string): fc.Arbitrary<ArticleRecord> =>
  fc.record(
    {
      id: fc.constant(articleId),
      title: text(40),
      earlierTitles: fc.array(text(20), { maxLength: 2 }),
      date: fc.oneof(
        fc.constant(''),
        fc
          .date({ min: new Date(2009, 0, 1), max: new Date(2030, 0, 1), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
      ),
      category: text(10),
      tags: fc.array(text(8), { maxLength: 3 }),
      series: fc.option(seriesKey),
      part: fc.option(fc.integer({ min: 0, max: 120 })),
      subpart: fc.option(fc.constantFrom('上' as const, '中' as const, '下' as const)),
      firstSeen: time,
      lastSeen: time,
      seenOn: fc.uniqueArray(
        fc.constantFrom(
          'listing' as const,
          'archive' as const,
          'article' as const,
          'related' as const,
          'reference' as const,
        ),
      ),
    },
    { requiredKeys: ['id', 'title', 'earlierTitles', 'date', 'firstSeen', 'lastSeen', 'seenOn'] },
  );

const reading = (articleId: string): fc.Arbitrary<ReadingRecord> =>
  fc.record({
    id: fc.constant(articleId),
    state,
    progress: unit,
    position: unit,
    readAt: fc.option(time),
    updatedAt: time,
  });

const correction: fc.Arbitrary<SeriesCorrection> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('assign' as const),
      articleId: id,
      seriesKey: fc.option(seriesKey),
      part: fc.option(fc.integer({ min: 0, max: 50 })),
      at: time,
    },
    { requiredKeys: ['kind', 'articleId', 'seriesKey', 'at'] },
  ),
  fc.record({
    kind: fc.constant('rename' as const),
    seriesKey,
    name: text(20).filter((s) => s.length > 0 && s.trim() === s),
    at: time,
  }),
  // into === from included: the undo of a merge.
  fc.record({ kind: fc.constant('merge' as const), from: seriesKey, into: seriesKey, at: time }),
);

const event: fc.Arbitrary<ReadingEvent> = fc.record(
  {
    at: time,
    articleId: id,
    from: state,
    to: state,
    batch: fc.string({ maxLength: 8 }),
    source: fc.constantFrom('manual' as const, 'auto' as const, 'import' as const, 'sync' as const, 'undo' as const),
  },
  { requiredKeys: ['at', 'articleId', 'from', 'to', 'source'] },
);

const settings: fc.Arbitrary<Settings> = fc.record({
  renderer: fc.boolean(),
  autoReadThreshold: unit.filter((x) => x > 0),
  autoReadDwellMs: fc.integer({ min: 0, max: 60_000 }),
  language: fc.constantFrom('browser' as const, 'zh-CN' as const, 'en' as const),
  theme: fc.constantFrom('auto' as const, 'light' as const, 'dark' as const),
  sync: fc.boolean(),
});

export const snapshotArb: fc.Arbitrary<Snapshot> = fc
  .record({
    articleIds: fc.uniqueArray(id, { maxLength: 25 }),
    readingIds: fc.uniqueArray(id, { maxLength: 25 }),
    followKeys: fc.uniqueArray(seriesKey, { maxLength: 4 }),
  })
  .chain(({ articleIds, readingIds, followKeys }) =>
    fc.record({
      articles: fc.tuple(...articleIds.map(article)),
      reading: fc.tuple(...readingIds.map(reading)),
      follows: fc.tuple(
        ...followKeys.map((key) =>
          fc.record({ seriesKey: fc.constant(key), followedAt: time, seenIds: fc.uniqueArray(id, { maxLength: 4 }) }),
        ),
      ),
      // As the database keeps them: one per article, series name or merged series.
      corrections: fc.uniqueArray(correction, { maxLength: 4, selector: correctionKey }),
      settings,
      // Sequence numbers as the database assigns them (a snapshot read from it always has them).
      events: fc.array(event, { maxLength: 12 }).map((events) => events.map((e, i) => ({ ...e, seq: i + 1 }))),
    }),
  );
