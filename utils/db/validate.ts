/**
 * Checks on what callers hand the reader service; each failure names the bad value. They apply the schema of what may
 * be stored (schema.ts), the one the backup format uses too, so whatever the service stores can be exported and
 * imported again.
 */
import type { z } from 'zod';
import type { SeenArticle } from './api';
import { InvalidInputError } from './errors';
import {
  DEFAULT_SETTINGS,
  type ImportPlan,
  type ReadingEvent,
  type ReadState,
  type SeenOn,
  type SeriesCorrection,
  type Settings,
} from './model';
import {
  ARTICLE_ID,
  correctionSchema,
  LIMITS,
  type RowTable,
  settingFields,
  settingsSchema,
  TABLE_ROWS,
} from './schema';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const READ_STATES: readonly ReadState[] = ['unread', 'reading', 'read'];
const SOURCES: readonly ReadingEvent['source'][] = ['manual', 'auto', 'import', 'sync', 'undo'];
const SEEN_ON: readonly SeenOn[] = ['listing', 'archive', 'article', 'related', 'reference'];

export function checkArticleId(id: unknown): string {
  if (typeof id !== 'string' || !ARTICLE_ID.test(id)) {
    throw new InvalidInputError(
      `Invalid article id ${JSON.stringify(id)?.slice(0, 40)}: expected the archive number, e.g. "10122".`,
    );
  }
  return id;
}

/** Distinct, valid ids in first-seen order. */
export function checkArticleIds(ids: unknown): string[] {
  if (!Array.isArray(ids)) throw new InvalidInputError('Expected a list of article ids.');
  return [...new Set(ids.map(checkArticleId))];
}

export function checkReadState(state: unknown): ReadState {
  if (!READ_STATES.includes(state as ReadState)) {
    throw new InvalidInputError(`Invalid reading state ${JSON.stringify(state)}: expected unread, reading or read.`);
  }
  return state as ReadState;
}

export function checkSource(source: unknown): ReadingEvent['source'] {
  if (!SOURCES.includes(source as ReadingEvent['source'])) {
    throw new InvalidInputError(`Invalid change source ${JSON.stringify(source)}.`);
  }
  return source as ReadingEvent['source'];
}

export function checkSeenOn(on: unknown): SeenOn {
  if (!SEEN_ON.includes(on as SeenOn)) throw new InvalidInputError(`Invalid page kind ${JSON.stringify(on)}.`);
  return on as SeenOn;
}

/** A share between 0 and 1; slightly out-of-range values (scroll overshoot) are clamped. */
export function checkShare(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidInputError(`Invalid ${what} ${JSON.stringify(value)}: expected a number between 0 and 1.`);
  }
  return Math.min(1, Math.max(0, value));
}

export function normalizeTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim();
}

/** Validated, title-normalized entries; a later entry for the same id wins. */
export function checkSeenArticles(articles: unknown): SeenArticle[] {
  if (!Array.isArray(articles)) throw new InvalidInputError('Expected a list of articles.');
  if (articles.length > LIMITS.rows) throw new InvalidInputError(`Too many articles at once (${articles.length}).`);
  const byId = new Map<string, SeenArticle>();
  for (const raw of articles) {
    if (!raw || typeof raw !== 'object') throw new InvalidInputError('Expected an article, got nothing.');
    const entry = raw as Partial<SeenArticle>;
    const id = checkArticleId(entry.id);
    if (typeof entry.title !== 'string') throw new InvalidInputError(`Article ${id} has no title.`);
    const title = normalizeTitle(entry.title);
    if (title.length > LIMITS.title) {
      throw new InvalidInputError(`Article ${id} has a title of ${title.length} characters (at most ${LIMITS.title}).`);
    }
    if (
      entry.date !== undefined &&
      entry.date !== '' &&
      !(typeof entry.date === 'string' && ISO_DATE.test(entry.date))
    ) {
      throw new InvalidInputError(
        `Article ${id} has an invalid date ${JSON.stringify(entry.date)} (expected YYYY-MM-DD).`,
      );
    }
    if (
      entry.category !== undefined &&
      !(typeof entry.category === 'string' && entry.category.length <= LIMITS.shortText)
    ) {
      throw new InvalidInputError(
        `Article ${id} has an invalid category (text of at most ${LIMITS.shortText} characters).`,
      );
    }
    if (
      entry.tags !== undefined &&
      !(
        Array.isArray(entry.tags) &&
        entry.tags.length <= LIMITS.listItems &&
        entry.tags.every((t) => typeof t === 'string' && t.length <= LIMITS.shortText)
      )
    ) {
      throw new InvalidInputError(`Article ${id} has invalid tags.`);
    }
    byId.set(id, {
      id,
      title,
      ...(entry.date !== undefined && { date: entry.date }),
      ...(entry.category !== undefined && { category: entry.category }),
      ...(entry.tags !== undefined && { tags: entry.tags }),
    });
  }
  return [...byId.values()];
}

export function checkSeriesKey(key: unknown): string {
  if (typeof key !== 'string' || key.trim() === '' || key.length > LIMITS.shortText) {
    throw new InvalidInputError(
      `Invalid series key ${JSON.stringify(key)?.slice(0, 40)}: ` +
        `expected a name of 1 to ${LIMITS.shortText} characters.`,
    );
  }
  return key;
}

/** The first problem zod found, as `where: what`. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return error.message;
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

export function checkCorrection(correction: unknown): SeriesCorrection {
  const c = correction as Partial<Record<string, unknown>> | null;
  if (!c || typeof c !== 'object' || typeof c.at !== 'number') {
    throw new InvalidInputError('Invalid series correction: expected an object with a kind and a time.');
  }
  if (c.kind === 'rename' && (typeof c.name !== 'string' || c.name.trim() === '')) {
    throw new InvalidInputError('A series name cannot be empty.');
  }
  if (c.kind !== 'assign' && c.kind !== 'rename' && c.kind !== 'merge') {
    throw new InvalidInputError(`Invalid series correction kind ${JSON.stringify(c.kind)}.`);
  }
  if (c.kind === 'assign') checkArticleId(c.articleId);
  for (const key of c.kind === 'merge'
    ? [c.from, c.into]
    : c.kind === 'assign' && c.seriesKey === null
      ? []
      : [c.seriesKey]) {
    checkSeriesKey(key);
  }
  const result = correctionSchema.safeParse(c);
  if (!result.success) throw new InvalidInputError(`Invalid series correction (${firstIssue(result.error)}).`);
  // into === from is the undo of a merge (see SeriesCorrection); rename names come back trimmed. `+ 0` turns -0,
  // which JSON cannot carry, into 0.
  const valid = { ...result.data, at: result.data.at + 0 };
  if (valid.kind === 'assign' && typeof valid.part === 'number') valid.part += 0;
  return valid as SeriesCorrection;
}

export function checkSettingsPatch(patch: unknown): Partial<Settings> {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch))
    throw new InvalidInputError('Expected settings to change.');
  const valid: Partial<Record<keyof Settings, unknown>> = {};
  for (const [key, value] of Object.entries(patch)) {
    // Own keys only: `constructor` or `toString` are in every object, not settings.
    if (!Object.hasOwn(DEFAULT_SETTINGS, key)) throw new InvalidInputError(`Unknown setting "${key.slice(0, 40)}".`);
    if (!settingFields[key as keyof Settings].safeParse(value).success) {
      throw new InvalidInputError(`Invalid value ${JSON.stringify(value)?.slice(0, 40)} for the setting "${key}".`);
    }
    valid[key as keyof Settings] = value;
  }
  return valid as Partial<Settings>;
}

/** Every row of a table in a plan, against the schema; names the first bad one. */
function checkRows(rows: unknown, table: RowTable): void {
  const { row: schema, max } = TABLE_ROWS[table];
  if (!Array.isArray(rows)) throw new InvalidInputError(`Invalid import: "${table}" is not a list.`);
  if (rows.length > max)
    throw new InvalidInputError(`Invalid import: "${table}" has ${rows.length} rows (at most ${max}).`);
  rows.forEach((row, i) => {
    const result = schema.safeParse(row);
    if (!result.success) throw new InvalidInputError(`Invalid import: ${table}[${i}] ${firstIssue(result.error)}.`);
  });
}

/** The plan's outline and every row, against the same schema as a backup file. */
export function checkImportPlan(plan: unknown): ImportPlan {
  const p = plan as Partial<Record<keyof ImportPlan, unknown>> | null;
  if (!p || typeof p !== 'object' || (p.mode !== 'merge' && p.mode !== 'replace')) {
    throw new InvalidInputError('Invalid import: expected a plan in merge or replace mode.');
  }
  const tables = Object.keys(TABLE_ROWS) as RowTable[];
  for (const table of tables) {
    if (!Array.isArray(p[table])) throw new InvalidInputError(`Invalid import: "${table}" is not a list.`);
  }
  for (const table of tables) checkRows(p[table], table);
  if (p.settings !== null && p.settings !== undefined) {
    const result = settingsSchema.safeParse(p.settings);
    if (!result.success) throw new InvalidInputError(`Invalid import: settings ${firstIssue(result.error)}.`);
  }
  return p as ImportPlan;
}
