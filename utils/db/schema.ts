/**
 * What may be stored: the one schema behind every write of the reader service, the backup format (export and
 * import), and the limits sync encodes within. Anything the service accepts can therefore be exported and imported.
 * The limits sit far above any real reading list (the blog has ~1,300 articles) and keep hostile input — a forged
 * page, a file, another device — from making us store or loop without bound.
 */
import { z } from 'zod';
import { type ArticleRecord, DEFAULT_SETTINGS } from './model';

export const LIMITS = {
  rows: 200_000,
  events: 1_000_000,
  title: 2_000,
  /** Series keys and names, categories, tags, event batches. */
  shortText: 200,
  listItems: 1_000,
  seenIds: 100_000,
  /** Highest part number (the parser reads any Arabic number in a title). */
  part: 10_000,
} as const;

/** Latest accepted time: 3000-01-01 (rejects absurd numbers while allowing any real clock). */
export const MAX_TIME = Date.UTC(3000, 0, 1);

/** An archive id: the number in `/archives/ID`, without leading zeros. */
export const ARTICLE_ID = /^[1-9]\d{0,11}$/;

export const articleId = z.string().regex(ARTICLE_ID, 'expected an article id (digits, no leading zero)');
export const time = z.number().int().min(0).max(MAX_TIME);
const shortText = z.string().max(LIMITS.shortText);
// Blank series keys and names are refused; names are stored trimmed.
export const seriesKey = shortText.refine((key) => key.trim() !== '', 'expected a series key');
const seriesName = shortText.trim().min(1, 'expected a series name');
const title = z.string().max(LIMITS.title);
const state = z.enum(['unread', 'reading', 'read']);
const unit = z.number().min(0).max(1);
export const part = z.number().int().min(0).max(LIMITS.part);
const subpart = z.enum(['上', '中', '下']);
export const seenOn = z.enum(['listing', 'archive', 'article', 'related', 'reference']);
export const eventSource = z.enum(['manual', 'auto', 'import', 'sync', 'undo']);

export const articleSchema = z.strictObject({
  id: articleId,
  title,
  earlierTitles: z.array(title).max(LIMITS.listItems),
  date: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'expected YYYY-MM-DD or an empty string'),
  category: shortText.optional(),
  tags: z.array(shortText).max(LIMITS.listItems).optional(),
  series: shortText.nullable().optional(),
  part: part.nullable().optional(),
  subpart: subpart.nullable().optional(),
  firstSeen: time,
  lastSeen: time,
  seenOn: z.array(seenOn).max(5),
});

export const readingSchema = z.strictObject({
  id: articleId,
  state,
  progress: unit,
  position: unit,
  readAt: time.nullable(),
  updatedAt: time,
});

export const followSchema = z.strictObject({
  seriesKey,
  followedAt: time,
  seenIds: z.array(articleId).max(LIMITS.seenIds),
});

export const correctionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('assign'),
    articleId,
    seriesKey: seriesKey.nullable(),
    part: part.nullable().optional(),
    at: time,
  }),
  z.strictObject({ kind: z.literal('rename'), seriesKey, name: seriesName, at: time }),
  // Added after backup version 1 without a version change: older backups simply hold no merges. into === from is an
  // undo.
  z.strictObject({ kind: z.literal('merge'), from: seriesKey, into: seriesKey, at: time }),
]);

export const eventSchema = z.strictObject({
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  at: time,
  articleId,
  from: state,
  to: state,
  batch: shortText.optional(),
  source: eventSource,
});

/** The tables of a snapshot, each with the schema of its rows and how many it may hold (import plans, backups). */
export const TABLE_ROWS = {
  articles: { row: articleSchema, max: LIMITS.rows },
  reading: { row: readingSchema, max: LIMITS.rows },
  follows: { row: followSchema, max: LIMITS.rows },
  corrections: { row: correctionSchema, max: LIMITS.rows },
  events: { row: eventSchema, max: LIMITS.events },
} as const;

export type RowTable = keyof typeof TABLE_ROWS;

/** The rows of one table as a list schema. */
export function rowsOf<T extends RowTable>(table: T) {
  const { row, max } = TABLE_ROWS[table];
  return z.array(row as (typeof TABLE_ROWS)[T]['row']).max(max);
}

/** Each setting's own check (a patch may hold any of them). */
export const settingFields = {
  renderer: z.boolean(),
  autoReadThreshold: z.number().gt(0).max(1),
  autoReadDwellMs: z.number().int().min(0).max(600_000),
  language: z.enum(['browser', 'zh-CN', 'en']),
  theme: z.enum(['auto', 'light', 'dark']),
  sync: z.boolean(),
} as const;

const s = DEFAULT_SETTINGS;
// Settings missing from a backup take their defaults, so backups stay importable when settings are added.
export const settingsSchema = z.strictObject({
  renderer: settingFields.renderer.default(s.renderer),
  autoReadThreshold: settingFields.autoReadThreshold.default(s.autoReadThreshold),
  autoReadDwellMs: settingFields.autoReadDwellMs.default(s.autoReadDwellMs),
  language: settingFields.language.default(s.language),
  theme: settingFields.theme.default(s.theme),
  sync: settingFields.sync.default(s.sync),
});

/**
 * A catalog row brought within the schema where the grouping or the page gave more than it allows: a series key
 * longer than a series key may be (a 2,000-character title) or a part number beyond the limit is no series, the
 * oldest earlier titles beyond the list limit are forgotten. Returns the row itself when nothing needed changing.
 */
export function conformArticle(row: ArticleRecord): ArticleRecord {
  const badSeries = typeof row.series === 'string' && row.series.length > LIMITS.shortText;
  const badPart = typeof row.part === 'number' && !part.safeParse(row.part).success;
  const longHistory = row.earlierTitles.length > LIMITS.listItems;
  if (!badSeries && !badPart && !longHistory) return row;
  return {
    ...row,
    ...(badSeries && { series: null, part: null, subpart: null }),
    ...(badPart && !badSeries && { part: null }),
    ...(longHistory && { earlierTitles: row.earlierTitles.slice(-LIMITS.listItems) }),
  };
}

/**
 * Events with their sequence numbers made unique: a later event repeating a number (a hand-edited backup) loses it
 * and is numbered after the others when stored, instead of overwriting the first.
 */
export function withUniqueSeqs<T extends { seq?: number }>(events: readonly T[]): T[] {
  const seen = new Set<number>();
  return events.map((event) => {
    if (event.seq === undefined) return event;
    if (!seen.has(event.seq)) {
      seen.add(event.seq);
      return event;
    }
    const { seq: _seq, ...rest } = event;
    return rest as T;
  });
}
