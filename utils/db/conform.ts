/**
 * The version-3 upgrade: rows that an earlier service accepted but the one schema (schema.ts) refuses are brought
 * within it, so that every stored reading list can be exported and imported again. Only such rows change, and as
 * little as possible: over-long texts are cut to the limit, fractional part numbers and times rounded, unknown
 * settings dropped, and an id written with leading zeros ("010122") becomes the archive number it names ("10122"),
 * keeping the newer row when both exist. Every other row is left exactly as it was.
 */
import type { Transaction } from 'dexie';
import {
  type ArticleRecord,
  correctionKey,
  DEFAULT_SETTINGS,
  type ReadingRecord,
  type SeriesCorrection,
} from './model';
import { conformArticle, LIMITS, MAX_TIME, part as partSchema, settingFields } from './schema';

const cut = (text: unknown, max: number) => (typeof text === 'string' && text.length > max ? text.slice(0, max) : text);
const canonicalId = (id: unknown) => (typeof id === 'string' && /^0+\d/.test(id) ? id.replace(/^0+/, '') : id);
const roundTime = (t: unknown) =>
  typeof t === 'number' && Number.isFinite(t) ? Math.min(MAX_TIME, Math.max(0, Math.round(t))) : t;
const conformPart = (p: unknown) =>
  typeof p !== 'number' ? p : partSchema.safeParse(Math.round(p)).success ? Math.round(p) : null;

function conformArticleRow(row: ArticleRecord): ArticleRecord {
  const short = (t: string) => cut(t, LIMITS.shortText) as string;
  return conformArticle({
    ...row,
    id: canonicalId(row.id) as string,
    title: cut(row.title, LIMITS.title) as string,
    earlierTitles: row.earlierTitles.map((t) => cut(t, LIMITS.title) as string),
    ...(row.category !== undefined && { category: short(row.category) }),
    ...(row.tags !== undefined && { tags: row.tags.slice(0, LIMITS.listItems).map(short) }),
    ...(typeof row.part === 'number' && { part: conformPart(row.part) as number | null }),
  });
}

function conformCorrection(c: SeriesCorrection): SeriesCorrection {
  const key = (k: string) => cut(k, LIMITS.shortText) as string;
  const at = roundTime(c.at) as number;
  switch (c.kind) {
    case 'assign':
      return {
        kind: 'assign',
        articleId: canonicalId(c.articleId) as string,
        seriesKey: c.seriesKey === null ? null : key(c.seriesKey),
        ...(c.part !== undefined && { part: conformPart(c.part) as number | null }),
        at,
      };
    case 'rename':
      return { kind: 'rename', seriesKey: key(c.seriesKey), name: key(c.name.trim()), at };
    case 'merge':
      return { kind: 'merge', from: key(c.from), into: key(c.into), at };
  }
}

/** Rows keyed by article id: one per canonical id, the newer one when two ids name the same article. */
async function conformById<T extends { id: string }>(
  tx: Transaction,
  table: string,
  fix: (row: T) => T,
  newer: (a: T, b: T) => boolean,
) {
  const rows = (await tx.table(table).toArray()) as T[];
  const kept = new Map<string, T>();
  let changed = false;
  for (const row of rows) {
    const fixed = fix(row);
    changed ||= JSON.stringify(fixed) !== JSON.stringify(row);
    const held = kept.get(fixed.id);
    if (!held || newer(fixed, held)) kept.set(fixed.id, fixed);
  }
  if (!changed) return;
  // Rewritten whole (ids may change): unchanged rows are put back as they were.
  await tx.table(table).clear();
  await tx.table(table).bulkPut([...kept.values()]);
}

export async function upgradeV2ToV3(tx: Transaction): Promise<void> {
  await conformById<ArticleRecord>(tx, 'articles', conformArticleRow, (a, b) => a.lastSeen > b.lastSeen);
  await conformById<ReadingRecord>(
    tx,
    'reading',
    (r) => ({ ...r, id: canonicalId(r.id) as string }),
    (a, b) => a.updatedAt > b.updatedAt,
  );
  await tx
    .table('events')
    .toCollection()
    .modify((e: Record<string, unknown>) => {
      e.articleId = canonicalId(e.articleId);
      if (e.batch !== undefined) e.batch = cut(e.batch, LIMITS.shortText);
      e.at = roundTime(e.at);
    });
  await tx
    .table('follows')
    .toCollection()
    .modify((f: Record<string, unknown>) => {
      if (Array.isArray(f.seenIds)) f.seenIds = [...new Set(f.seenIds.map(canonicalId))];
    });
  // Follows keyed by a series key that is too long: re-keyed at the limit (the primary key cannot be modified in
  // place).
  const longFollows = (await tx.table('follows').toArray()).filter(
    (f: { seriesKey: string }) => f.seriesKey.length > LIMITS.shortText,
  );
  for (const f of longFollows) {
    await tx.table('follows').delete(f.seriesKey);
    await tx.table('follows').put({ ...f, seriesKey: cut(f.seriesKey, LIMITS.shortText) });
  }
  // Corrections are keyed by what they are about: re-put each under its (possibly new) key, the latest winning.
  const corrections = tx.table('corrections');
  const keys = (await corrections.toCollection().primaryKeys()) as string[];
  const rows = (await corrections.toArray()) as SeriesCorrection[];
  const fixed = rows.map(conformCorrection);
  if (fixed.some((c, i) => JSON.stringify(c) !== JSON.stringify(rows[i]) || correctionKey(c) !== keys[i])) {
    const byKey = new Map<string, SeriesCorrection>();
    for (const c of fixed) {
      const held = byKey.get(correctionKey(c));
      if (!held || held.at <= c.at) byKey.set(correctionKey(c), c);
    }
    await corrections.clear();
    await corrections.bulkPut([...byKey.values()], [...byKey.keys()]);
  }
  const settings = tx.table('settings');
  const stored = (await settings.get('settings')) as Record<string, unknown> | undefined;
  if (stored) {
    const valid = Object.fromEntries(
      Object.entries(stored).filter(
        ([k, v]) =>
          Object.hasOwn(DEFAULT_SETTINGS, k) && settingFields[k as keyof typeof settingFields].safeParse(v).success,
      ),
    );
    if (Object.keys(valid).length !== Object.keys(stored).length) await settings.put(valid, 'settings');
  }
}
