/**
 * The toolbar popup: continue reading, series with progress (the reader's own first, filterable), search, one series'
 * articles, the current tab's diagnostic, the renderer switch and a quick export. Its data: ./popup-data.ts.
 */
import { useCallback, useState } from 'preact/hooks';
import { ErrorBanner } from '@/components/common';
import { useI18n, useServices } from '@/components/context';
import type { SeriesSummary } from '@/utils/db/api';
import { PopupFooter } from './PopupFooter';
import { ContinueReading, DiagnosticNotice, EmptyState, SearchBox } from './PopupSections';
import { fromSummary, type PopupData, usePopupData } from './popup-data';
import { SearchResults } from './SearchResults';
import { SeriesFilters } from './SeriesFilters';
import { SeriesView } from './SeriesView';

/** Moves focus back to the series row the reader came from, once the list is drawn again. */
function focusSeriesRow(key: string | null) {
  requestAnimationFrame(() => {
    const row = [...document.querySelectorAll<HTMLElement>('[data-series-key]')].find(
      (b) => b.dataset.seriesKey === key,
    );
    row?.focus();
  });
}

/**
 * `initial`: the data the entrypoint already has (the kept summary), shown in the first render; `preloaded`: data
 * being loaded; else it is loaded on mount.
 */
export function Popup({ initial, preloaded }: { initial?: PopupData; preloaded?: Promise<PopupData> }) {
  const { api, platform } = useServices();
  const { t } = useI18n();
  const { data, setData, diagnostic, error, setError } = usePopupData(initial, preloaded);
  // `popup.html?series=KEY` (the series name in an article's strip) opens on that series.
  const [openKey, setOpenKey] = useState<string | null>(() => new URLSearchParams(location.search).get('series'));
  // Kept here, not in the list: going back from a series shows the same search.
  const [query, setQuery] = useState('');

  /** A series summary changed (follow, seen, states): update it in place, keeping the order the user is looking at. */
  const replaceSeries = useCallback(
    (summary: SeriesSummary) => {
      setData((d) => d && { ...d, series: d.series.map((s) => (s.key === summary.key ? summary : s)) });
    },
    [setData],
  );

  const closeSeries = useCallback(() => {
    setOpenKey(null);
    focusSeriesRow(openKey);
  }, [openKey]);

  /** Series were renamed, merged or split: reload the list, and show the series the change leads to. */
  const groupingChanged = useCallback(
    (next: string | null) => {
      api.popupSummary().then((summary) => setData(fromSummary(summary)), setError);
      if (next === null) closeSeries();
      else setOpenKey(next);
    },
    [api, closeSeries, setData, setError],
  );

  return (
    <main class="kx-popup" data-kx-ready={data ? '' : undefined} aria-busy={!data && !error}>
      <header class="kx-popup-header">
        <h1>{t('extName')}</h1>
        <button
          type="button"
          class="kx-icon-button"
          onClick={() => platform.openOptionsPage()}
          aria-label={t('popup.openOptions')}
        >
          ⚙
        </button>
      </header>
      {error != null && <ErrorBanner error={error} />}
      {diagnostic && <DiagnosticNotice diagnostic={diagnostic} />}
      {data &&
        (openKey !== null ? (
          <SeriesView
            seriesKey={openKey}
            onBack={closeSeries}
            onSummaryChange={replaceSeries}
            onGroupingChange={groupingChanged}
          />
        ) : (
          <PopupHome
            data={data}
            query={query}
            onQuery={setQuery}
            onOpenSeries={setOpenKey}
            onSummaryChange={replaceSeries}
          />
        ))}
      {data && <PopupFooter canExport={data.hasReaderData} />}
    </main>
  );
}

/** The first screen: continue reading, search, and the series list (or the search's results, or the empty state). */
function PopupHome({
  data,
  query,
  onQuery,
  onOpenSeries,
  onSummaryChange,
}: {
  data: PopupData;
  query: string;
  onQuery(query: string): void;
  onOpenSeries(key: string): void;
  onSummaryChange(summary: SeriesSummary): void;
}) {
  const handlers = { onOpen: onOpenSeries, onSummaryChange };
  let body = <SeriesFilters series={data.series} {...handlers} />;
  if (query.trim()) body = <SearchResults query={query.trim()} series={data.series} {...handlers} />;
  else if (data.series.length === 0) body = <EmptyState />;
  return (
    <>
      {data.continueReading && <ContinueReading article={data.continueReading} />}
      {(data.series.length > 0 || data.continueReading) && <SearchBox query={query} onQuery={onQuery} />}
      {body}
    </>
  );
}
