/** One series as the popup's series view holds it: loaded, marked seen, and kept in step with the reader's marks. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useServices } from '@/components/context';
import type { SeriesDetail, SeriesSummary } from '@/utils/db/api';
import type { ReadingRecord } from '@/utils/db/model';

/** The detail with fresh reading records applied and its counts recomputed. */
export function withRecords(detail: SeriesDetail, records: ReadingRecord[]): SeriesDetail {
  const byId = new Map(records.map((r) => [r.id, r]));
  const articles = detail.articles.map((a) => {
    const reading = byId.get(a.id);
    return reading ? { ...a, reading } : a;
  });
  const stateOf = (a: (typeof articles)[number]) => a.reading?.state ?? 'unread';
  return {
    ...detail,
    articles,
    read: articles.filter((a) => stateOf(a) === 'read').length,
    reading: articles.filter((a) => stateOf(a) === 'reading').length,
    nextUnread: articles.find((a) => stateOf(a) !== 'read') ?? null,
  };
}

export function summaryOf({ articles: _, ...summary }: SeriesDetail): SeriesSummary {
  return summary;
}

/**
 * Loads the series `seriesKey` (again on `reload`, after a grouping change that keeps it open); opening a followed
 * series with new parts marks them seen and tells the list. `onSummaryChange` and `onError` must keep their identity.
 * `missing`: the series no longer exists. Only the answer to the latest request is shown.
 */
export function useSeriesDetail(
  seriesKey: string,
  onSummaryChange: (summary: SeriesSummary) => void,
  onError: (error: unknown) => void,
) {
  const { api } = useServices();
  const [detail, setDetail] = useState<SeriesDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const request = ++latest.current;
    const current = () => request === latest.current;
    try {
      const loaded = await api.getSeries(seriesKey);
      if (!current()) return;
      setMissing(!loaded);
      setDetail(loaded);
      if (!loaded?.followed || loaded.newParts === 0) return;
      await api.markSeriesSeen(seriesKey);
      const seen = { ...loaded, newParts: 0 };
      if (current()) setDetail(seen);
      onSummaryChange(summaryOf(seen));
    } catch (e) {
      if (current()) onError(e);
    }
  }, [api, seriesKey, onSummaryChange, onError]);

  useEffect(() => {
    void reload();
    return () => {
      latest.current++;
    };
  }, [reload]);

  return { detail, setDetail, missing, reload };
}
