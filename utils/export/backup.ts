import { z } from 'zod';
import { DEFAULT_SETTINGS, type Snapshot } from '../db/model';

export const BACKUP_FORMAT = 'kexue-reader-backup';
export const BACKUP_VERSION = 1;

/** A complete, versioned copy of the database: everything needed to restore it. */
export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** ISO 8601. */
  exportedAt: string;
  data: Snapshot;
}

export function toJsonBackup(snapshot: Snapshot, exportedAt: Date = new Date()): string {
  // `prev` on events is undo bookkeeping, never part of a backup (the database's snapshot leaves it out already).
  const data: Snapshot = { ...snapshot, events: snapshot.events.map(({ prev: _prev, ...event }) => event) };
  const backup: Backup = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: exportedAt.toISOString(), data };
  return `${JSON.stringify(backup)}\n`;
}

// Limits far above any real reading list (the blog has ~1,300 articles) that keep a hostile file from making us
// allocate or loop without bound.
export const LIMITS = {
  rows: 200_000,
  events: 1_000_000,
  title: 2_000,
  shortText: 200,
  listItems: 1_000,
  seenIds: 100_000,
} as const;

/** Latest accepted time: 3000-01-01 (rejects absurd numbers while allowing any real clock). */
export const MAX_TIME = Date.UTC(3000, 0, 1);

const id = z.string().regex(/^[1-9]\d{0,9}$/, 'expected an article id (digits)');
const time = z.number().int().min(0).max(MAX_TIME);
const shortText = z.string().max(LIMITS.shortText);
// The database refuses blank series keys and names (utils/db/validate.ts), and stores names trimmed.
const seriesKey = shortText.refine((key) => key.trim() !== '', 'expected a series key');
const seriesName = shortText.trim().min(1, 'expected a series name');
const title = z.string().max(LIMITS.title);
const state = z.enum(['unread', 'reading', 'read']);
const unit = z.number().min(0).max(1);
const part = z.number().int().min(0).max(10_000);
const subpart = z.enum(['上', '中', '下']);

const article = z.strictObject({
  id,
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
  seenOn: z.array(z.enum(['listing', 'archive', 'article', 'related', 'reference'])).max(5),
});

const reading = z.strictObject({
  id,
  state,
  progress: unit,
  position: unit,
  readAt: time.nullable(),
  updatedAt: time,
});

const follow = z.strictObject({
  seriesKey,
  followedAt: time,
  seenIds: z.array(id).max(LIMITS.seenIds),
});

const correction = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('assign'),
    articleId: id,
    seriesKey: seriesKey.nullable(),
    part: part.nullable().optional(),
    at: time,
  }),
  z.strictObject({ kind: z.literal('rename'), seriesKey, name: seriesName, at: time }),
  // Added after version 1 without a version change: older backups simply hold no merges. into === from is an undo.
  z.strictObject({ kind: z.literal('merge'), from: seriesKey, into: seriesKey, at: time }),
]);

const event = z.strictObject({
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  at: time,
  articleId: id,
  from: state,
  to: state,
  batch: shortText.optional(),
  source: z.enum(['manual', 'auto', 'import', 'sync', 'undo']),
});

const s = DEFAULT_SETTINGS;
// Settings missing from a backup take their defaults, so backups stay importable when settings are added.
const settings = z.strictObject({
  renderer: z.boolean().default(s.renderer),
  autoReadThreshold: z.number().gt(0).max(1).default(s.autoReadThreshold),
  autoReadDwellMs: z.number().int().min(0).max(600_000).default(s.autoReadDwellMs),
  language: z.enum(['browser', 'zh-CN', 'en']).default(s.language),
  theme: z.enum(['auto', 'light', 'dark']).default(s.theme),
  sync: z.boolean().default(s.sync),
});

function unique<T>(key: (item: T) => string, what: string) {
  return (items: T[], ctx: z.core.$RefinementCtx<T[]>) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', message: `duplicate ${what} ${k}`, path: [index] });
      seen.add(k);
    });
  };
}

export const backupSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: z.iso.datetime(),
  data: z.strictObject({
    articles: z.array(article).max(LIMITS.rows).superRefine(unique((a) => a.id, 'article id')),
    reading: z.array(reading).max(LIMITS.rows).superRefine(unique((r) => r.id, 'article id')),
    follows: z.array(follow).max(LIMITS.rows).superRefine(unique((f) => f.seriesKey, 'series')),
    corrections: z.array(correction).max(LIMITS.rows),
    settings,
    events: z.array(event).max(LIMITS.events),
  }),
});
