/**
 * The reader service: ReaderApi over the reading database. It runs in the extension origin (the background registers
 * it through utils/db/proxy.ts). Every write happens in one Dexie transaction that reads what it changes, so
 * concurrent calls from many tabs serialize in IndexedDB and never lose a write; a failing call writes nothing.
 */
import {
  correctionsShaping,
  mergedSeries,
  mergeMap,
  regroupArticles,
  resolveSeriesKey,
  seriesName,
} from '@/utils/series/catalog';
import type { ReaderApi, SeenArticle, SeriesDetail } from './api';
import { correctionKey, SETTINGS_KEY, type ReaderDatabase } from './database';
import { InvalidInputError, toUserError } from './errors';
import {
  DEFAULT_SETTINGS,
  type ArticleRecord,
  type FollowRecord,
  type ReadingEvent,
  type ReadingRecord,
  type ReadState,
  type SeenOn,
  type Settings,
} from './model';
import { conformArticle, LIMITS, withUniqueSeqs } from './schema';
import { comparePartOrder, navigationOf, newPartIds, summarizeSeries } from './series-progress';
import type { PopupSummary, SummaryStore } from './summary';
import { allSeries, continueReadingOf, createSummaryKeeper } from './summary-keeper';
import {
  checkArticleId,
  checkArticleIds,
  checkCorrection,
  checkImportPlan,
  checkReadState,
  checkSeenArticles,
  checkSeenOn,
  checkSeriesKey,
  checkSettingsPatch,
  checkShare,
  checkSource,
} from './validate';

export interface ReaderServiceDeps {
  now(): number;
  /** Called after a commit with every reading record the call changed, to update open tabs. */
  broadcast(records: ReadingRecord[]): void;
  /** Where the popup's precomputed summary is kept (utils/db/summary.ts); in memory when not given. */
  summaryStore?: SummaryStore;
}

/** ReaderApi plus what the background needs for the toolbar badge. */
export interface ReaderService extends ReaderApi {
  /** New parts over all followed series (the badge count). */
  newPartsCount(): Promise<number>;
  /** Resolves once the popup's summary reflects every change made so far. */
  summaryIdle(): Promise<void>;
}

const DIAGNOSTICS_KEPT = 50;
const SEARCH_LIMIT_MAX = 200;

export function unreadRecord(id: string): ReadingRecord {
  return { id, state: 'unread', progress: 0, position: 0, readAt: null, updatedAt: 0 };
}

function prevOf(record: ReadingRecord): ReadingEvent['prev'] {
  return { progress: record.progress, position: record.position, readAt: record.readAt };
}

/** The record after a deliberate state change (manual, automatic read, sync). */
function withState(record: ReadingRecord, state: ReadState, at: number): ReadingRecord {
  switch (state) {
    case 'read':
      return { ...record, state, progress: 1, readAt: at, updatedAt: at };
    case 'reading':
      return { ...record, state, readAt: null, updatedAt: at };
    case 'unread':
      return { ...record, state, progress: 0, position: 0, readAt: null, updatedAt: at };
  }
}

function searchable(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Pages whose links may carry shortened or quoted titles: they add articles but never rename one. */
const TITLE_HINT_ONLY: readonly SeenOn[] = ['related', 'reference'];

/** What a page showed, merged into catalog rows: identity by id, a rename keeps the old title. */
/**
 * Renames one archive refresh may make. A real refresh renames a few articles at most; a forged /content.html (the
 * blog is also served over plain http) could rename them all: beyond this, the refresh renames none.
 */
export const MAX_ARCHIVE_RENAMES = 50;

function mergeSeen(
  entries: SeenArticle[],
  existing: (ArticleRecord | undefined)[],
  on: SeenOn,
  now: number,
  renames = true,
) {
  const mayRename = renames && !TITLE_HINT_ONLY.includes(on);
  let added = 0;
  let renamed = 0;
  const rows = entries.map((entry, i): ArticleRecord => {
    const old = existing[i];
    if (!old) {
      added++;
      return {
        id: entry.id,
        title: entry.title,
        earlierTitles: [],
        date: entry.date ?? '',
        ...(entry.category !== undefined && { category: entry.category }),
        ...(entry.tags !== undefined && { tags: entry.tags }),
        series: null,
        part: null,
        subpart: null,
        firstSeen: now,
        lastSeen: now,
        seenOn: [on],
      };
    }
    const next: ArticleRecord = { ...old, lastSeen: now };
    if (mayRename && entry.title && entry.title !== old.title) {
      renamed++;
      next.title = entry.title;
      // A title that comes back (e.g. after an English page) leaves the earlier ones: no duplicates, no growth.
      next.earlierTitles = old.earlierTitles.filter((t) => t !== old.title && t !== entry.title);
      if (old.title) next.earlierTitles.push(old.title);
    }
    if (entry.date) next.date = entry.date;
    if (entry.category !== undefined) next.category = entry.category;
    if (entry.tags !== undefined) next.tags = entry.tags;
    if (!old.seenOn.includes(on)) next.seenOn = [...old.seenOn, on];
    return conformArticle(next);
  });
  return { rows, added, renamed };
}

function memoryStore(): SummaryStore {
  let kept: PopupSummary | null = null;
  return { load: async () => kept, save: async (summary) => void (kept = summary) };
}

export function createReaderService(db: ReaderDatabase, deps: ReaderServiceDeps): ReaderService {
  const summaryKeeper = createSummaryKeeper(db, deps.summaryStore ?? memoryStore());

  /** Runs a call, turning any failure into an Error meant for the user. */
  async function guarded<T>(context: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      throw toUserError(error, context);
    }
  }

  /** After the commit: a failure to notify tabs must not turn a saved change into a reported failure. */
  function broadcast(records: ReadingRecord[]): void {
    if (records.length === 0) return;
    summaryKeeper.articlesChanged(records.map((r) => r.id));
    try {
      deps.broadcast(records);
    } catch (error) {
      console.error('[Kexue Reader] could not notify open tabs of a reading state change', error);
    }
  }

  async function statesOf(ids: string[]): Promise<Record<string, ReadingRecord>> {
    const rows = await db.reading.bulkGet(ids);
    const states: Record<string, ReadingRecord> = {};
    ids.forEach((id, i) => (states[id] = rows[i] ?? unreadRecord(id)));
    return states;
  }

  /**
   * Regroups the whole catalog (the title grouper needs every title; the user's corrections win over it) and writes,
   * in one bulk, the rows that were `touched` or whose series placement changed.
   */
  async function regroupAndWrite(
    catalog: ArticleRecord[],
    stored: Map<string, ArticleRecord>,
    touched: ReadonlySet<string>,
  ) {
    const regrouped = regroupArticles(catalog, await db.corrections.toArray()).map(conformArticle);
    const changed = regrouped.filter((next) => {
      const before = stored.get(next.id);
      return (
        touched.has(next.id) ||
        !before ||
        next.series !== (before.series ?? null) ||
        next.part !== (before.part ?? null) ||
        next.subpart !== (before.subpart ?? null)
      );
    });
    if (changed.length > 0) await db.articles.bulkPut(changed);
  }

  async function regroupCatalog(): Promise<void> {
    const all = await db.articles.toArray();
    await regroupAndWrite(all, new Map(all.map((a) => [a.id, a])), new Set());
  }

  /**
   * Records what a page showed (inside a transaction). A new id or title regroups the whole catalog; otherwise only
   * the rows shown are written (lastSeen, where seen).
   */
  async function recordSeen(entries: SeenArticle[], on: SeenOn, regroup: 'always' | 'if-changed') {
    const existing = await db.articles.bulkGet(entries.map((e) => e.id));
    let merged = mergeSeen(entries, existing, on, deps.now());
    if (on === 'archive' && merged.renamed > MAX_ARCHIVE_RENAMES)
      merged = mergeSeen(entries, existing, on, deps.now(), false);
    const { rows, added, renamed } = merged;
    if (regroup === 'if-changed' && added === 0 && renamed === 0) {
      await db.articles.bulkPut(rows);
    } else {
      const all = await db.articles.toArray();
      const stored = new Map(all.map((a) => [a.id, a]));
      const catalog = new Map(stored);
      for (const row of rows) catalog.set(row.id, row);
      await regroupAndWrite([...catalog.values()], stored, new Set(rows.map((r) => r.id)));
    }
    return { added, renamed };
  }

  /**
   * Before `from` is merged into `into` (inside the transaction): a follow of `from` carries over to `into`, so its
   * later parts still reach the badge. The parts `into` has now are not new; those of `from` not yet shown stay new.
   * The follow of `from` is kept: it applies again if the merge is undone.
   */
  async function carryFollow(from: string, into: string) {
    const followed = await db.follows.get(from);
    if (!followed) return;
    const target = await db.follows.get(into);
    const seenInInto = target
      ? target.seenIds
      : ((await db.articles.where('series').equals(into).primaryKeys()) as string[]);
    await db.follows.put({
      seriesKey: into,
      followedAt: target?.followedAt ?? deps.now(),
      seenIds: [...new Set([...seenInInto, ...followed.seenIds])],
    });
  }

  const service: ReaderService = {
    seenAndStates(articles, on) {
      return guarded('Could not record the articles of this page', async () => {
        const entries = checkSeenArticles(articles);
        const kind = checkSeenOn(on);
        if (entries.length === 0) return {};
        const { states, added, renamed } = await db.transaction(
          'rw',
          [db.articles, db.corrections, db.reading],
          async () => ({
            ...(await recordSeen(entries, kind, 'if-changed')),
            states: await statesOf(entries.map((e) => e.id)),
          }),
        );
        if (added + renamed > 0) summaryKeeper.allChanged();
        return states;
      });
    },

    getStates(ids) {
      return guarded('Could not read the reading states', async () => {
        const valid = checkArticleIds(ids);
        if (valid.length === 0) return {};
        return db.transaction('r', db.reading, () => statesOf(valid));
      });
    },

    setState(ids, state, source) {
      return guarded('Could not change the reading state', async () => {
        const valid = checkArticleIds(ids);
        const target = checkReadState(state);
        const origin = checkSource(source);
        const batch = crypto.randomUUID();
        const changed: ReadingRecord[] = [];
        const records = await db.transaction('rw', [db.reading, db.events], async () => {
          const at = deps.now();
          const current = await db.reading.bulkGet(valid);
          const events: ReadingEvent[] = [];
          const result = valid.map((id, i) => {
            const before = current[i] ?? unreadRecord(id);
            if (before.state === target) return before;
            const after = withState(before, target, at);
            changed.push(after);
            events.push({
              at,
              articleId: id,
              from: before.state,
              to: target,
              batch,
              source: origin,
              prev: prevOf(before),
            });
            return after;
          });
          await db.reading.bulkPut(changed);
          await db.events.bulkAdd(events);
          return result;
        });
        broadcast(changed);
        return { batch, records };
      });
    },

    reportProgress(id, progress, position) {
      return guarded('Could not save the reading progress', async () => {
        const articleId = checkArticleId(id);
        const share = checkShare(progress, 'progress');
        const where = checkShare(position, 'position');
        const record = await db.transaction('rw', [db.reading, db.events], async () => {
          const at = deps.now();
          const before = (await db.reading.get(articleId)) ?? unreadRecord(articleId);
          const furthest = Math.max(before.progress, share);
          // Progress never lowers read; becoming read is the caller's decision (end seen plus dwell), not ours.
          const state: ReadState = before.state === 'read' ? 'read' : furthest > 0 ? 'reading' : before.state;
          const after: ReadingRecord = { ...before, state, progress: furthest, position: where, updatedAt: at };
          await db.reading.put(after);
          if (state !== before.state) {
            await db.events.add({ at, articleId, from: before.state, to: state, source: 'auto', prev: prevOf(before) });
          }
          return after;
        });
        broadcast([record]);
        return record;
      });
    },

    undo(batch) {
      return guarded('Could not undo', async () => {
        if (typeof batch !== 'string' || batch === '') throw new InvalidInputError('Nothing to undo: no action given.');
        // Undoing an undo again and again must not grow the batch id past what a backup accepts.
        const undoBatch = batch.length + 5 <= LIMITS.shortText ? `${batch}:undo` : `${crypto.randomUUID()}:undo`;
        const changed = await db.transaction('rw', [db.reading, db.events], async () => {
          const at = deps.now();
          const batchEvents = await db.events.where('batch').equals(batch).sortBy('seq');
          // The first event of each article in the batch holds the state to return to.
          const firstById = new Map<string, ReadingEvent>();
          for (const event of batchEvents) if (!firstById.has(event.articleId)) firstById.set(event.articleId, event);
          const ids = [...firstById.keys()];
          const current = await db.reading.bulkGet(ids);
          const restored: ReadingRecord[] = [];
          const events: ReadingEvent[] = [];
          ids.forEach((id, i) => {
            const event = firstById.get(id)!;
            const before = current[i] ?? unreadRecord(id);
            if (before.state === event.from) return;
            const after: ReadingRecord = event.prev
              ? { id, state: event.from, ...event.prev, updatedAt: at }
              : withState(before, event.from, at);
            restored.push(after);
            events.push({
              at,
              articleId: id,
              from: before.state,
              to: event.from,
              batch: undoBatch,
              source: 'undo',
              prev: prevOf(before),
            });
          });
          await db.reading.bulkPut(restored);
          await db.events.bulkAdd(events);
          return restored;
        });
        broadcast(changed);
        return changed;
      });
    },

    getSettings() {
      return guarded('Could not read the settings', async () => {
        const stored = await db.settings.get(SETTINGS_KEY);
        return { ...DEFAULT_SETTINGS, ...stored };
      });
    },

    updateSettings(patch) {
      return guarded('Could not save the settings', async () => {
        const valid = checkSettingsPatch(patch);
        return db.transaction('rw', db.settings, async () => {
          const next: Settings = { ...DEFAULT_SETTINGS, ...(await db.settings.get(SETTINGS_KEY)), ...valid };
          await db.settings.put(next, SETTINGS_KEY);
          return next;
        });
      });
    },

    listSeries() {
      return guarded('Could not read the series', () => allSeries(db));
    },

    popupSummary() {
      return guarded('Could not read the series', () => summaryKeeper.current());
    },

    summaryIdle() {
      return summaryKeeper.idle();
    },

    getSeries(key) {
      return guarded('Could not read the series', async () => {
        const seriesKey = checkSeriesKey(key);
        return db.transaction(
          'r',
          [db.articles, db.reading, db.follows, db.corrections],
          async (): Promise<SeriesDetail | null> => {
            const list = await db.articles.where('series').equals(seriesKey).toArray();
            if (list.length === 0) return null;
            list.sort(comparePartOrder);
            const [reading, follow, corrections] = await Promise.all([
              db.reading.bulkGet(list.map((a) => a.id)),
              db.follows.get(seriesKey),
              db.corrections.toArray(),
            ]);
            const name = seriesName(seriesKey, list, corrections);
            const stateById = new Map(reading.flatMap((r) => (r ? [[r.id, r.state] as const] : [])));
            const summary = summarizeSeries(seriesKey, name, list, (id) => stateById.get(id) ?? 'unread', follow);
            return {
              ...summary,
              articles: list.map((article, i) => ({ ...article, reading: reading[i] ?? null })),
              merged: mergedSeries(seriesKey, list, corrections),
            };
          },
        );
      });
    },

    seriesOfArticle(id) {
      return guarded('Could not read the series', async () => {
        const article = await db.articles.get(checkArticleId(id));
        if (!article?.series) return null;
        const detail = await this.getSeries(article.series);
        if (!detail) return null;
        const { articles: _articles, ...summary } = detail;
        return summary;
      });
    },

    seriesNavigation(id) {
      return guarded('Could not read the series', async () => {
        const article = await db.articles.get(checkArticleId(id));
        if (!article?.series) return null;
        const detail = await this.getSeries(article.series);
        if (!detail) return null;
        const stateById = new Map(detail.articles.map((a) => [a.id, a.reading?.state ?? 'unread'] as const));
        return navigationOf(detail, detail.articles, article.id, (part) => stateById.get(part) ?? 'unread');
      });
    },

    searchArticles(query, limit = 20) {
      return guarded('Could not search the articles', async () => {
        if (typeof query !== 'string') throw new InvalidInputError('Expected text to search for.');
        const tokens = searchable(query).split(/\s+/).filter(Boolean);
        if (tokens.length === 0) return [];
        const max = Math.min(Math.max(1, Math.floor(Number(limit) || 20)), SEARCH_LIMIT_MAX);
        const articles = await db.articles.toArray();
        const hits: { article: ArticleRecord; inCurrentTitle: boolean }[] = [];
        for (const article of articles) {
          const title = searchable(article.title);
          const rest = searchable([...article.earlierTitles, article.series ?? ''].join('\n'));
          if (!tokens.every((t) => title.includes(t) || rest.includes(t))) continue;
          hits.push({ article, inCurrentTitle: tokens.every((t) => title.includes(t)) });
        }
        // Matches on the current title first, then newest first.
        hits.sort((a, b) =>
          a.inCurrentTitle !== b.inCurrentTitle
            ? a.inCurrentTitle
              ? -1
              : 1
            : a.article.date !== b.article.date
              ? a.article.date > b.article.date
                ? -1
                : 1
              : Number(b.article.id) - Number(a.article.id),
        );
        return hits.slice(0, max).map((h) => h.article);
      });
    },

    continueReading() {
      return guarded('Could not find the article in progress', () => continueReadingOf(db));
    },

    follow(seriesKey) {
      return guarded('Could not follow the series', async () => {
        const key = checkSeriesKey(seriesKey);
        const followed = await db.transaction('rw', [db.articles, db.follows], async () => {
          const existing = await db.follows.get(key);
          if (existing) return existing;
          // The parts already there when following are not new.
          const seenIds = (await db.articles.where('series').equals(key).primaryKeys()) as string[];
          const record: FollowRecord = { seriesKey: key, followedAt: deps.now(), seenIds };
          await db.follows.put(record);
          return record;
        });
        summaryKeeper.seriesChanged([key]);
        return followed;
      });
    },

    unfollow(seriesKey) {
      return guarded('Could not unfollow the series', async () => {
        const key = checkSeriesKey(seriesKey);
        await db.follows.delete(key);
        summaryKeeper.seriesChanged([key]);
      });
    },

    markSeriesSeen(seriesKey) {
      return guarded('Could not update the followed series', async () => {
        const key = checkSeriesKey(seriesKey);
        await db.transaction('rw', [db.articles, db.follows], async () => {
          const follow = await db.follows.get(key);
          if (!follow) return;
          const ids = (await db.articles.where('series').equals(key).primaryKeys()) as string[];
          await db.follows.put({ ...follow, seenIds: [...new Set([...follow.seenIds, ...ids])] });
        });
        summaryKeeper.seriesChanged([key]);
      });
    },

    newPartsCount() {
      return guarded('Could not count the new parts', async () =>
        db.transaction('r', [db.articles, db.follows], async () => {
          const follows = await db.follows.toArray();
          const counts = await Promise.all(
            follows.map(
              async (f) =>
                newPartIds((await db.articles.where('series').equals(f.seriesKey).primaryKeys()) as string[], f).length,
            ),
          );
          return counts.reduce((sum, n) => sum + n, 0);
        }),
      );
    },

    correctSeries(correction) {
      return guarded('Could not save the series correction', async () => {
        const list = Array.isArray(correction) ? correction.map(checkCorrection) : [checkCorrection(correction)];
        if (list.length === 0) return;
        await db.transaction('rw', [db.corrections, db.articles, db.follows], async () => {
          for (const valid of list) {
            if (valid.kind === 'merge' && valid.into !== valid.from) {
              // Into the end of the chain when `into` is itself merged.
              const shown = resolveSeriesKey(valid.into, mergeMap([...(await db.corrections.toArray()), valid]));
              if (shown !== valid.from) await carryFollow(valid.from, shown);
            }
            await db.corrections.put(valid, correctionKey(valid));
          }
          // A rename changes only a display name; assigns and merges move articles. An assign for an article not yet
          // in the catalog, and a merge of parts not there yet, apply when they arrive.
          if (list.some((c) => c.kind !== 'rename')) await regroupCatalog();
        });
        summaryKeeper.allChanged();
      });
    },

    resetSeries(seriesKey) {
      return guarded('Could not reset the series grouping', async () => {
        const key = checkSeriesKey(seriesKey);
        const removed = await db.transaction('rw', [db.corrections, db.articles], async () => {
          const [articles, corrections] = await Promise.all([db.articles.toArray(), db.corrections.toArray()]);
          const removed = correctionsShaping(key, articles, corrections);
          if (removed.length === 0) return 0;
          await db.corrections.bulkDelete(removed.map(correctionKey));
          await regroupCatalog();
          return removed.length;
        });
        // Outside the transaction: the update must not run in its zone.
        if (removed > 0) summaryKeeper.allChanged();
        return removed;
      });
    },

    importArchive(entries) {
      return guarded('Could not update the catalog from the archive', async () => {
        const valid = checkSeenArticles(entries);
        const counts = await db.transaction('rw', [db.articles, db.corrections], async () => {
          // Always regrouped: the daily archive refresh also brings a newer grouper's results to older rows.
          return recordSeen(valid, 'archive', 'always');
        });
        summaryKeeper.allChanged();
        return counts;
      });
    },

    getSnapshot() {
      return guarded('Could not read the database for export', async () =>
        db.transaction('r', [db.articles, db.reading, db.follows, db.corrections, db.settings, db.events], async () => {
          const [articles, reading, follows, corrections, settings, events] = await Promise.all([
            db.articles.toArray(),
            db.reading.toArray(),
            db.follows.toArray(),
            db.corrections.toArray(),
            db.settings.get(SETTINGS_KEY),
            db.events.toArray(),
          ]);
          return {
            articles,
            reading,
            follows,
            corrections,
            settings: { ...DEFAULT_SETTINGS, ...settings },
            // `prev` is undo bookkeeping, not part of a backup.
            events: events.map(({ prev: _prev, ...event }) => event),
          };
        }),
      );
    },

    applyImport(plan) {
      return guarded('The import failed', async () => {
        const valid = checkImportPlan(plan);
        const tables = [db.articles, db.reading, db.follows, db.corrections, db.settings, db.events];
        const removedIds = await db.transaction('rw', tables, async () => {
          let before: string[] = [];
          if (valid.mode === 'replace') {
            before = (await db.reading.toCollection().primaryKeys()) as string[];
            await Promise.all(tables.map((t) => t.clear()));
          }
          await db.articles.bulkPut(valid.articles);
          await db.reading.bulkPut(valid.reading);
          await db.follows.bulkPut(valid.follows);
          // One correction per article or series: the latest (by time) wins, whether local or imported.
          const corrections = [...valid.corrections].sort((a, b) => a.at - b.at);
          const keys = corrections.map(correctionKey);
          const local = await db.corrections.bulkGet(keys);
          const newer = corrections.flatMap((c, i) =>
            !local[i] || local[i].at <= c.at ? [[c, keys[i]] as const] : [],
          );
          await db.corrections.bulkPut(
            newer.map(([c]) => c),
            newer.map(([, key]) => key),
          );
          if (valid.mode === 'replace') await db.events.bulkPut(withUniqueSeqs(valid.events));
          // Merged events join the local log after its own: their numbers would collide with local ones.
          else await db.events.bulkAdd(valid.events.map(({ seq: _seq, ...event }) => event));
          if (valid.settings) await db.settings.put({ ...DEFAULT_SETTINGS, ...valid.settings }, SETTINGS_KEY);
          const kept = new Set(valid.reading.map((r) => r.id));
          return before.filter((id) => !kept.has(id));
        });
        summaryKeeper.allChanged();
        broadcast([...valid.reading, ...removedIds.map(unreadRecord)]);
      });
    },

    clearAll() {
      return guarded('Could not clear the data', async () => {
        const tables = [db.articles, db.reading, db.follows, db.corrections, db.settings, db.events, db.diagnostics];
        const cleared = await db.transaction('rw', tables, async () => {
          const ids = (await db.reading.toCollection().primaryKeys()) as string[];
          await Promise.all(tables.map((t) => t.clear()));
          return ids;
        });
        summaryKeeper.allChanged();
        broadcast(cleared.map(unreadRecord));
      });
    },

    recentEvents(limit) {
      return guarded('Could not read the history', async () => {
        const max = Math.max(0, Math.floor(Number(limit) || 0));
        return db.events.reverse().limit(max).toArray();
      });
    },

    diagnostics() {
      return guarded('Could not read the diagnostics', async () => {
        const rows = await db.diagnostics.reverse().toArray();
        return rows.map(({ at, url, message }) => ({ at, url, message }));
      });
    },

    reportDiagnostic(url, message) {
      return guarded('Could not record the diagnostic', async () => {
        if (typeof url !== 'string' || typeof message !== 'string') {
          throw new InvalidInputError('A diagnostic needs a page address and a message.');
        }
        await db.transaction('rw', db.diagnostics, async () => {
          await db.diagnostics.add({ at: deps.now(), url: url.slice(0, 2000), message: message.slice(0, 2000) });
          const excess = (await db.diagnostics.count()) - DIAGNOSTICS_KEPT;
          if (excess > 0)
            await db.diagnostics.bulkDelete((await db.diagnostics.limit(excess).primaryKeys()) as number[]);
        });
      });
    },
  };
  return service;
}
