/** Series as the reader sees them: the list, the popup's summary, one series, an article's place in its series. */
import type { ReaderService, SeriesDetail } from '@/utils/db/api';
import { comparePartOrder, navigationOf, summarizeSeries } from '@/utils/db/series-progress';
import { allSeries, continueReadingOf } from '@/utils/db/summary-keeper';
import { checkArticleId, checkSeriesKey } from '@/utils/db/validate';
import { mergedSeries, seriesName } from '@/utils/series/catalog';
import type { ServiceContext } from './context';

type SeriesCalls = Pick<
  ReaderService,
  | 'listSeries'
  | 'popupSummary'
  | 'summaryIdle'
  | 'getSeries'
  | 'seriesOfArticle'
  | 'seriesNavigation'
  | 'continueReading'
>;

/** One series with its parts in series order and each part's reading record (inside a read transaction). */
async function seriesDetail(db: ServiceContext['db'], seriesKey: string): Promise<SeriesDetail | null> {
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
}

export function seriesCalls({ db, guarded, summary }: ServiceContext): SeriesCalls {
  const getSeries = (seriesKey: string) =>
    db.transaction('r', [db.articles, db.reading, db.follows, db.corrections], () => seriesDetail(db, seriesKey));

  /** The series detail of the article's series, with the article; null when it belongs to none. */
  async function detailOfArticle(id: unknown) {
    const article = await db.articles.get(checkArticleId(id));
    if (!article?.series) return null;
    const detail = await getSeries(article.series);
    return detail && { article, detail };
  }

  return {
    listSeries() {
      return guarded('Could not read the series', () => allSeries(db));
    },

    popupSummary() {
      return guarded('Could not read the series', () => summary.current());
    },

    summaryIdle() {
      return summary.idle();
    },

    getSeries(key) {
      return guarded('Could not read the series', () => getSeries(checkSeriesKey(key)));
    },

    seriesOfArticle(id) {
      return guarded('Could not read the series', async () => {
        const found = await detailOfArticle(id);
        if (!found) return null;
        const { articles: _articles, ...seriesSummary } = found.detail;
        return seriesSummary;
      });
    },

    seriesNavigation(id) {
      return guarded('Could not read the series', async () => {
        const found = await detailOfArticle(id);
        if (!found) return null;
        const { article, detail } = found;
        const stateById = new Map(detail.articles.map((a) => [a.id, a.reading?.state ?? 'unread'] as const));
        return navigationOf(detail, detail.articles, article.id, (part) => stateById.get(part) ?? 'unread');
      });
    },

    continueReading() {
      return guarded('Could not find the article in progress', () => continueReadingOf(db));
    },
  };
}
