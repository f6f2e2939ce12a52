import {
  type ArticleRecord,
  correctionKey,
  type FollowRecord,
  type ImportPlan,
  type ReadingEvent,
  type ReadingRecord,
  type SeriesCorrection,
  type Snapshot,
} from '@/utils/db/model';
import { withUniqueSeqs } from '@/utils/db/schema';
import { BACKUP_FORMAT, BACKUP_VERSION, type Backup, backupSchema } from './backup';

/** What is wrong with a file, for the reader's message (import.error* in locales): the message is for logs. */
export type ImportProblem = 'notText' | 'tooLarge' | 'notJson' | 'notBackup' | 'version' | 'damaged';

/** A backup file that cannot be imported; the message names the problem (and the offending field's path). */
export class ImportError extends Error {
  override name = 'ImportError';
  /** `where`: the field at fault, for a damaged backup. */
  constructor(
    readonly problem: ImportProblem,
    message: string,
    readonly where?: string,
  ) {
    super(message);
  }
}

/** Largest backup accepted: 20 MB of UTF-8 (a full reading list with years of history is well under 1 MB). */
export const MAX_BACKUP_BYTES = 20 * 1024 * 1024;
const MAX_DEPTH = 8;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/** Rejects keys that could pollute prototypes and nesting deeper than any backup has, naming where. */
function checkShape(value: unknown, path: PropertyKey[]): void {
  if (path.length > MAX_DEPTH)
    throw new ImportError('damaged', `Invalid backup at ${formatPath(path)}: nested too deeply`, formatPath(path));
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) checkShape(item, [...path, index]);
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      throw new ImportError(
        'damaged',
        `Invalid backup at ${formatPath([...path, key])}: forbidden key "${key}"`,
        formatPath([...path, key]),
      );
    }
    checkShape((value as Record<string, unknown>)[key], [...path, key]);
  }
}

/**
 * Reads a JSON backup: size checked before parsing, then shape, then the schema (format, version, every field).
 * Throws ImportError naming the problem; never returns partially valid data.
 */
export function parseBackup(text: string): Backup {
  if (typeof text !== 'string') throw new ImportError('notText', 'The backup must be text.');
  // Every character is at least one byte, so the cheap length test settles most oversized files without a scan.
  if (text.length > MAX_BACKUP_BYTES || utf8Length(text) > MAX_BACKUP_BYTES) {
    throw new ImportError(
      'tooLarge',
      `The file is larger than ${MAX_BACKUP_BYTES / 1024 / 1024} MB; it is not a Kexue Reader backup.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportError('notJson', `The file is not valid JSON (truncated or damaged?): ${(error as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ImportError('notBackup', 'The file is not a Kexue Reader backup (expected a JSON object).');
  }
  const head = json as Record<string, unknown>;
  if (head.format !== BACKUP_FORMAT) {
    throw new ImportError(
      'notBackup',
      `Unknown format ${JSON.stringify(head.format ?? null)?.slice(0, 60)}: expected "${BACKUP_FORMAT}".`,
    );
  }
  if (head.version !== BACKUP_VERSION) {
    const version = JSON.stringify(head.version ?? null)?.slice(0, 20);
    throw new ImportError(
      'version',
      `Unsupported backup version ${version}: this version reads version ${BACKUP_VERSION}.`,
    );
  }
  checkShape(json, []);
  const result = backupSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues;
    const shown = issues.slice(0, 3).map((issue) => `${formatPath(issue.path) || '(root)'}: ${issue.message}`);
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more problems)` : '';
    throw new ImportError(
      'damaged',
      `Invalid backup at ${shown.join('; ')}${more}`,
      // A failed parse has at least one issue.
      formatPath(issues[0]?.path ?? []) || '(root)',
    );
  }
  return result.data as Backup;
}

// ---------------------------------------------------------------- Planning

/** JSON with sorted keys and no undefined members: equality of records regardless of key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

const eventKey = (e: ReadingEvent) => JSON.stringify([e.at, e.articleId, e.from, e.to, e.source, e.batch ?? null]);

/** Union keeping first-seen order (linear: a hostile list of 100,000 ids must not take quadratic time). */
function union<T>(first: T[], second: T[], exclude?: T): T[] {
  const seen = new Set(first);
  const out = [...first];
  for (const item of second) {
    if (seen.has(item) || item === exclude) continue;
    seen.add(item);
    out.push(item);
  }
  return out;
}

/**
 * The same article from two sources: the one seen more recently supplies title and catalog fields (the current one
 * on a tie), the other title becomes an earlier title, seen times widen.
 */
function mergeArticle(current: ArticleRecord, incoming: ArticleRecord): ArticleRecord {
  const [winner, other] = incoming.lastSeen > current.lastSeen ? [incoming, current] : [current, incoming];
  const merged: ArticleRecord = {
    ...other,
    ...Object.fromEntries(Object.entries(winner).filter(([, v]) => v !== undefined)),
    earlierTitles: union(current.earlierTitles, [...incoming.earlierTitles, other.title], winner.title),
    date: winner.date || other.date,
    firstSeen: Math.min(current.firstSeen, incoming.firstSeen),
    lastSeen: Math.max(current.lastSeen, incoming.lastSeen),
    seenOn: union(current.seenOn, incoming.seenOn),
  };
  return merged;
}

/**
 * Puts corrections the way the database does: per article, series name or merged series the latest (by time) wins,
 * and on a tie the one put last. Keeps first-seen order.
 */
function putCorrections(existing: SeriesCorrection[], added: SeriesCorrection[]): SeriesCorrection[] {
  const byKey = new Map(existing.map((c) => [correctionKey(c), c]));
  for (const c of added) {
    const held = byKey.get(correctionKey(c));
    if (!held || held.at <= c.at) byKey.set(correctionKey(c), c);
  }
  return [...byKey.values()];
}

function mergeFollow(current: FollowRecord, incoming: FollowRecord): FollowRecord {
  return {
    seriesKey: current.seriesKey,
    followedAt: Math.min(current.followedAt, incoming.followedAt),
    seenIds: union(current.seenIds, incoming.seenIds),
  };
}

/** A plan that writes nothing. */
export function emptyPlan(): ImportPlan {
  return {
    mode: 'merge',
    articles: [],
    reading: [],
    follows: [],
    corrections: [],
    events: [],
    settings: null,
    summary: { articlesAdded: 0, statesChanged: 0, followsAdded: 0, correctionsAdded: 0 },
  };
}

function countStateChanges(current: ReadingRecord[], next: ReadingRecord[]): number {
  const before = new Map(current.map((r) => [r.id, r.state]));
  return next.filter((r) => r.state !== (before.get(r.id) ?? 'unread')).length;
}

/** A snapshot in a canonical order, to tell whether a replace would change anything. */
function canonicalSnapshot(s: Snapshot): string {
  const byId = <T extends { id: string }>(rows: T[]) =>
    [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return canonical({
    articles: byId(s.articles),
    reading: byId(s.reading),
    follows: [...s.follows].sort((a, b) => (a.seriesKey < b.seriesKey ? -1 : 1)),
    corrections: s.corrections.map(canonical).sort(),
    settings: s.settings,
    events: s.events.map(eventKey).sort(), // sequence numbers are the database's bookkeeping
  });
}

function planReplace(current: Snapshot, backup: Snapshot): ImportPlan {
  const data = { ...backup, corrections: putCorrections([], backup.corrections) };
  // A replace that would change nothing writes nothing (clearing and re-putting the same rows would still be a write).
  if (canonicalSnapshot(current) === canonicalSnapshot(data)) return emptyPlan();
  const known = new Set(current.articles.map((a) => a.id));
  const followed = new Set(current.follows.map((f) => f.seriesKey));
  const corrections = new Set(current.corrections.map(canonical));
  // Ids the backup does not know become unread (their reading rows are cleared).
  const kept = new Set(data.reading.map((r) => r.id));
  const dropped = current.reading.filter((r) => r.state !== 'unread' && !kept.has(r.id));
  return {
    mode: 'replace',
    articles: data.articles,
    reading: data.reading,
    follows: data.follows,
    corrections: data.corrections,
    events: withUniqueSeqs(data.events),
    settings: data.settings,
    summary: {
      articlesAdded: data.articles.filter((a) => !known.has(a.id)).length,
      statesChanged: countStateChanges(current.reading, data.reading) + dropped.length,
      followsAdded: data.follows.filter((f) => !followed.has(f.seriesKey)).length,
      correctionsAdded: data.corrections.filter((c) => !corrections.has(canonical(c))).length,
    },
  };
}

/** Incoming records merged into the current ones with the same key: those new or changed, and how many are new. */
function mergedByKey<T>(
  current: readonly T[],
  incoming: readonly T[],
  key: (r: T) => string,
  merge: (existing: T, incoming: T) => T,
) {
  const byKey = new Map(current.map((r) => [key(r), r]));
  const changed: T[] = [];
  let added = 0;
  for (const record of incoming) {
    const existing = byKey.get(key(record));
    const merged = existing ? merge(existing, record) : record;
    if (!existing) added++;
    if (!existing || canonical(merged) !== canonical(existing)) changed.push(merged);
  }
  return { changed, added };
}

function planMerge(current: Snapshot, data: Snapshot): ImportPlan {
  const plan = emptyPlan();

  const articles = mergedByKey(current.articles, data.articles, (a) => a.id, mergeArticle);
  plan.articles.push(...articles.changed);
  plan.summary.articlesAdded += articles.added;

  // The newer reading state wins per article (by updatedAt; the current one on a tie).
  const reading = new Map(current.reading.map((r) => [r.id, r]));
  for (const incoming of data.reading) {
    const existing = reading.get(incoming.id);
    if (existing && incoming.updatedAt <= existing.updatedAt) continue;
    if (existing && canonical(existing) === canonical(incoming)) continue;
    plan.reading.push(incoming);
    if (incoming.state !== (existing?.state ?? 'unread')) plan.summary.statesChanged++;
  }

  const follows = mergedByKey(current.follows, data.follows, (f) => f.seriesKey, mergeFollow);
  plan.follows.push(...follows.changed);
  plan.summary.followsAdded += follows.added;

  // Corrections: one per article or series, the later one wins (the current one when it is newer).
  const corrections = new Map(current.corrections.map((c) => [correctionKey(c), c]));
  for (const incoming of putCorrections([], data.corrections)) {
    const existing = corrections.get(correctionKey(incoming));
    if (existing && (existing.at > incoming.at || canonical(existing) === canonical(incoming))) continue;
    plan.corrections.push(incoming);
    plan.summary.correctionsAdded++;
  }

  // Events are deduplicated by content; their sequence numbers belong to the other database and are dropped.
  const events = new Set(current.events.map(eventKey));
  for (const incoming of data.events) {
    if (events.has(eventKey(incoming))) continue;
    events.add(eventKey(incoming));
    const { seq: _seq, ...event } = incoming;
    plan.events.push(event);
  }
  return plan;
}

/**
 * What importing `backup` into `current` will write. Merge: by id, the newer reading state wins per article,
 * follows are unioned, corrections too (one per article or series, the later wins, as the database keeps them),
 * events deduplicated, settings kept. Replace: the backup's data and settings
 * replace everything. Importing the same backup twice plans nothing the second time (summary all zeros, no rows).
 */
export function planImport(current: Snapshot, backup: Backup, mode: 'merge' | 'replace'): ImportPlan {
  return mode === 'replace' ? planReplace(current, backup.data) : planMerge(current, backup.data);
}

/** True when a plan writes nothing. */
export function isEmptyPlan(plan: ImportPlan): boolean {
  return (
    plan.mode === 'merge' &&
    plan.settings === null &&
    [plan.articles, plan.reading, plan.follows, plan.corrections, plan.events].every((rows) => rows.length === 0)
  );
}

function upsert<T>(rows: T[], updates: T[], key: (row: T) => string): T[] {
  const index = new Map(rows.map((row, i) => [key(row), i]));
  const out = [...rows];
  for (const row of updates) {
    const at = index.get(key(row));
    if (at === undefined) {
      index.set(key(row), out.length);
      out.push(row);
    } else out[at] = row;
  }
  return out;
}

function numberEvents(existing: ReadingEvent[], added: ReadingEvent[]): ReadingEvent[] {
  let next = [...existing, ...added].reduce((max, e) => Math.max(max, e.seq ?? 0), 0) + 1;
  return added.map((e) => (e.seq === undefined ? { ...e, seq: next++ } : e));
}

/**
 * What the database does with a plan, as a pure function (the reference for the Dexie implementation, and what
 * makes round trips testable): replace starts from empty tables, merge puts rows by key; events without a sequence
 * number get the next ones.
 */
export function applyPlan(snapshot: Snapshot, plan: ImportPlan): Snapshot {
  const base: Snapshot =
    plan.mode === 'replace'
      ? { articles: [], reading: [], follows: [], corrections: [], events: [], settings: snapshot.settings }
      : snapshot;
  return {
    articles: upsert(base.articles, plan.articles, (a) => a.id),
    reading: upsert(base.reading, plan.reading, (r) => r.id),
    follows: upsert(base.follows, plan.follows, (f) => f.seriesKey),
    corrections: putCorrections(base.corrections, plan.corrections),
    events: [...base.events, ...numberEvents(base.events, plan.events)],
    settings: plan.settings ?? base.settings,
  };
}
