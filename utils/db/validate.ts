/** Checks on what callers hand the reader service; each failure names the bad value. */
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

const ARTICLE_ID = /^\d{1,12}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const READ_STATES: readonly ReadState[] = ['unread', 'reading', 'read'];
const SOURCES: readonly ReadingEvent['source'][] = ['manual', 'auto', 'import', 'sync', 'undo'];
const SEEN_ON: readonly SeenOn[] = ['listing', 'archive', 'article', 'related', 'reference'];

export function checkArticleId(id: unknown): string {
  if (typeof id !== 'string' || !ARTICLE_ID.test(id)) {
    throw new InvalidInputError(`Invalid article id ${JSON.stringify(id)}: expected the archive number, e.g. "10122".`);
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
  const byId = new Map<string, SeenArticle>();
  for (const raw of articles) {
    if (!raw || typeof raw !== 'object') throw new InvalidInputError('Expected an article, got nothing.');
    const entry = raw as Partial<SeenArticle>;
    const id = checkArticleId(entry.id);
    if (typeof entry.title !== 'string') throw new InvalidInputError(`Article ${id} has no title.`);
    if (entry.date !== undefined && entry.date !== '' && !(typeof entry.date === 'string' && ISO_DATE.test(entry.date))) {
      throw new InvalidInputError(`Article ${id} has an invalid date ${JSON.stringify(entry.date)} (expected YYYY-MM-DD).`);
    }
    if (entry.category !== undefined && typeof entry.category !== 'string') {
      throw new InvalidInputError(`Article ${id} has an invalid category.`);
    }
    if (entry.tags !== undefined && !(Array.isArray(entry.tags) && entry.tags.every((t) => typeof t === 'string'))) {
      throw new InvalidInputError(`Article ${id} has invalid tags.`);
    }
    byId.set(id, { ...entry, id, title: normalizeTitle(entry.title) });
  }
  return [...byId.values()];
}

export function checkSeriesKey(key: unknown): string {
  if (typeof key !== 'string' || key.trim() === '') {
    throw new InvalidInputError(`Invalid series key ${JSON.stringify(key)}.`);
  }
  return key;
}

export function checkCorrection(correction: unknown): SeriesCorrection {
  const c = correction as Partial<Record<string, unknown>> | null;
  if (!c || typeof c !== 'object' || typeof c.at !== 'number') {
    throw new InvalidInputError('Invalid series correction: expected an object with a kind and a time.');
  }
  if (c.kind === 'assign') {
    checkArticleId(c.articleId);
    if (c.seriesKey !== null) checkSeriesKey(c.seriesKey);
    if (c.part !== undefined && c.part !== null && !(typeof c.part === 'number' && Number.isFinite(c.part))) {
      throw new InvalidInputError(`Invalid part number ${JSON.stringify(c.part)}.`);
    }
    return c as SeriesCorrection;
  }
  if (c.kind === 'rename') {
    checkSeriesKey(c.seriesKey);
    if (typeof c.name !== 'string' || c.name.trim() === '') throw new InvalidInputError('A series name cannot be empty.');
    return { ...(c as SeriesCorrection & { kind: 'rename' }), name: c.name.trim() };
  }
  if (c.kind === 'merge') {
    // into === from is the undo of a merge (see SeriesCorrection).
    return { kind: 'merge', from: checkSeriesKey(c.from), into: checkSeriesKey(c.into), at: c.at };
  }
  throw new InvalidInputError(`Invalid series correction kind ${JSON.stringify(c.kind)}.`);
}

const SETTINGS_CHECKS: { [K in keyof Settings]: (value: unknown) => boolean } = {
  renderer: (v) => typeof v === 'boolean',
  autoReadThreshold: (v) => typeof v === 'number' && v > 0 && v <= 1,
  autoReadDwellMs: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 600_000,
  language: (v) => v === 'browser' || v === 'zh-CN' || v === 'en',
  theme: (v) => v === 'auto' || v === 'light' || v === 'dark',
  sync: (v) => typeof v === 'boolean',
};

export function checkSettingsPatch(patch: unknown): Partial<Settings> {
  if (!patch || typeof patch !== 'object') throw new InvalidInputError('Expected settings to change.');
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in DEFAULT_SETTINGS)) throw new InvalidInputError(`Unknown setting "${key}".`);
    if (!SETTINGS_CHECKS[key as keyof Settings](value)) {
      throw new InvalidInputError(`Invalid value ${JSON.stringify(value)} for the setting "${key}".`);
    }
  }
  return patch as Partial<Settings>;
}

/** The plan's outline; its rows were validated when it was computed (utils/export) and IndexedDB rejects bad keys. */
export function checkImportPlan(plan: unknown): ImportPlan {
  const p = plan as Partial<Record<keyof ImportPlan, unknown>> | null;
  if (!p || typeof p !== 'object' || (p.mode !== 'merge' && p.mode !== 'replace')) {
    throw new InvalidInputError('Invalid import: expected a plan in merge or replace mode.');
  }
  for (const table of ['articles', 'reading', 'follows', 'corrections', 'events'] as const) {
    if (!Array.isArray(p[table])) throw new InvalidInputError(`Invalid import: "${table}" is not a list.`);
  }
  if (p.settings !== null && p.settings !== undefined) checkSettingsPatch(p.settings);
  return p as ImportPlan;
}
