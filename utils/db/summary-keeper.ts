/** Computes the popup's summary (summary.ts) and keeps it up to date after the service's writes. */
import { Dexie } from 'dexie';
import { seriesName } from '@/utils/series/catalog';
import type { SeriesSummary } from './api';
import type { ReaderDatabase } from './database';
import type { ArticleRecord } from './model';
import { comparePartOrder, compareSeriesForList, summarizeSeries } from './series-progress';
import {
  type InProgress,
  isPopupSummary,
  type ListedSeries,
  type PopupSummary,
  SUMMARY_VERSION,
  type SummaryStore,
} from './summary';

/** The list's summaries of the given series (all when `keys` is undefined), from the database, in list order. */
async function listedSeries(db: ReaderDatabase, keys?: string[]): Promise<ListedSeries[]> {
  const tables = [db.articles, db.reading, db.follows, db.corrections];
  const [articles, states, follows, corrections] = await db.transaction('r', tables, async () => {
    // Only articles with a series are in the 'series' index.
    const articles = keys
      ? await db.articles.where('series').anyOf(keys).toArray()
      : await db.articles.orderBy('series').toArray();
    return Promise.all([
      articles,
      keys ? db.reading.bulkGet(articles.map((a) => a.id)) : db.reading.toArray(),
      keys ? db.follows.bulkGet(keys) : db.follows.toArray(),
      db.corrections.toArray(),
    ]);
  });
  const stateById = new Map(states.flatMap((r) => (r ? [[r.id, r.state] as const] : [])));
  const followByKey = new Map(follows.flatMap((f) => (f ? [[f.seriesKey, f] as const] : [])));
  const bySeries = new Map<string, ArticleRecord[]>();
  for (const article of articles) {
    if (!article.series) continue;
    const list = bySeries.get(article.series);
    if (list) list.push(article);
    else bySeries.set(article.series, [article]);
  }
  const listed: ListedSeries[] = [];
  for (const [key, list] of bySeries) {
    list.sort(comparePartOrder);
    const summary = summarizeSeries(
      key,
      seriesName(key, list, corrections),
      list,
      (id) => stateById.get(id) ?? 'unread',
      followByKey.get(key),
    );
    // Dates are YYYY-MM-DD (or ''): the greatest string is the newest.
    listed.push({
      ...summary,
      newest:
        list
          .map((a) => a.date)
          .sort()
          .at(-1) ?? '',
    });
  }
  return listed.sort(compareSeriesForList);
}

/** Every series with its progress, in list order: the one full scan, for listSeries and a rebuild. */
export async function allSeries(db: ReaderDatabase): Promise<SeriesSummary[]> {
  return (await listedSeries(db)).map(({ newest: _newest, ...summary }) => summary);
}

/** The article last in progress that the catalog knows. */
export async function continueReadingOf(db: ReaderDatabase): Promise<InProgress | null> {
  return db.transaction('r', [db.reading, db.articles], async () => {
    const inProgress = await db.reading
      .where('[state+updatedAt]')
      .between(['reading', Dexie.minKey], ['reading', Dexie.maxKey])
      .reverse()
      .limit(20)
      .toArray();
    const articles = await db.articles.bulkGet(inProgress.map((r) => r.id));
    // Reading records can outlive their catalog row (imports): take the newest one the catalog knows.
    for (const [i, article] of articles.entries()) {
      const reading = inProgress[i];
      if (article && reading) return { ...article, reading };
    }
    return null;
  });
}

async function hasReaderData(db: ReaderDatabase): Promise<boolean> {
  const [reading, follows] = await Promise.all([db.reading.count(), db.follows.count()]);
  return reading + follows > 0;
}

async function buildSummary(db: ReaderDatabase): Promise<PopupSummary> {
  const [series, continueReading, data] = await Promise.all([
    listedSeries(db),
    continueReadingOf(db),
    hasReaderData(db),
  ]);
  return { version: SUMMARY_VERSION, series, continueReading, hasReaderData: data };
}

/** The summary with the given series recomputed (and dropped when they no longer have articles). */
async function patchSummary(db: ReaderDatabase, kept: PopupSummary, keys: ReadonlySet<string>): Promise<PopupSummary> {
  const [fresh, continueReading, data] = await Promise.all([
    keys.size > 0 ? listedSeries(db, [...keys]) : [],
    continueReadingOf(db),
    hasReaderData(db),
  ]);
  const series = [...kept.series.filter((s) => !keys.has(s.key)), ...fresh].sort(compareSeriesForList);
  return { version: SUMMARY_VERSION, series, continueReading, hasReaderData: data };
}

export interface SummaryKeeper {
  /** Reading states of these articles changed: their series and "continue reading" are recomputed. */
  articlesChanged(ids: readonly string[]): void;
  /** These series' follow or seen parts changed. */
  seriesChanged(keys: readonly string[]): void;
  /** The grouping or the whole data changed (catalog, corrections, import, clear): rebuilt whole. */
  allChanged(): void;
  /** The kept summary, rebuilt first when none is stored (first run, another version) or changes are pending. */
  current(): Promise<PopupSummary>;
  /** Resolves once every change reported so far is in the store. */
  idle(): Promise<void>;
}

/**
 * Updates run one after another, after the write that caused them has committed (a caller never waits for them);
 * changes reported while one runs are folded into the next.
 */
export function createSummaryKeeper(db: ReaderDatabase, store: SummaryStore): SummaryKeeper {
  let pendingAll = false;
  const pendingIds = new Set<string>();
  const pendingKeys = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();
  let scheduled = false;

  async function update(): Promise<PopupSummary> {
    const all = pendingAll;
    const ids = [...pendingIds];
    const keys = new Set(pendingKeys);
    pendingAll = false;
    pendingIds.clear();
    pendingKeys.clear();
    const kept = await store.load();
    let next: PopupSummary;
    if (all || !isPopupSummary(kept)) next = await buildSummary(db);
    else {
      for (const article of await db.articles.bulkGet(ids)) if (article?.series) keys.add(article.series);
      // A series an article left (regrouping is reported as allChanged) is not among these: nothing else moves.
      next = ids.length === 0 && keys.size === 0 ? kept : await patchSummary(db, kept, keys);
    }
    if (next !== kept) await store.save(next);
    return next;
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    queue = queue
      .then(async () => {
        scheduled = false;
        await update();
      })
      .catch((error: Error) => console.error(`[Kexue Reader] popup summary: ${error.message}`));
  }

  return {
    articlesChanged(ids) {
      if (ids.length === 0) return;
      for (const id of ids) pendingIds.add(id);
      schedule();
    },
    seriesChanged(keys) {
      for (const key of keys) pendingKeys.add(key);
      schedule();
    },
    allChanged() {
      pendingAll = true;
      schedule();
    },
    async current() {
      const run = queue.then(async () => {
        const kept = await store.load();
        if (isPopupSummary(kept) && !pendingAll && pendingIds.size === 0 && pendingKeys.size === 0) return kept;
        return update();
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async idle() {
      await queue;
    },
  };
}
