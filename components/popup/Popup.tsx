/**
 * The toolbar popup: continue reading, series with progress (the reader's own first, filterable), search, one series'
 * articles, the current tab's diagnostic, the renderer switch and a quick export.
 * Opening it reads one precomputed summary (utils/db/summary.ts) from storage.local with the settings: no scan of the
 * catalog and no round trip to the background; only the diagnostic of a blog tab is asked for, after the first render.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ReaderApi, SeriesSummary } from '@/utils/db/api';
import type { PopupSummary } from '@/utils/db/summary';
import type { ArticleRecord, ReadingRecord } from '@/utils/db/model';
import { isBlogHost } from '@/utils/site/hosts';
import { ArticleLink, ErrorBanner, ExternalLink } from '@/components/common';
import { useI18n, useServices } from '@/components/context';
import type { Platform } from '@/components/platform';
import { ARCHIVE_URL, BLOG_HOME, samePage } from '@/components/urls';
import { PopupFooter } from './PopupFooter';
import { SearchResults } from './SearchResults';
import { SeriesFilters } from './SeriesFilters';
import { SeriesView } from './SeriesView';

export type Diagnostic = { at: number; url: string; message: string };

export interface PopupData {
  /** In list order: followed first, then by newest article. */
  series: SeriesSummary[];
  continueReading: (ArticleRecord & { reading: ReadingRecord }) | null;
  /** Reading states or follows exist: there is something to export. */
  hasReaderData: boolean;
}

export function fromSummary({ series, continueReading, hasReaderData }: PopupSummary): PopupData {
  return { series, continueReading, hasReaderData };
}

/**
 * The kept summary's series with the values of `next`, in the order the reader is looking at (a follow must not
 * make the row jump away); series that appeared come last, series that are gone leave.
 */
export function keepOrder(shown: SeriesSummary[], next: SeriesSummary[]): SeriesSummary[] {
  const byKey = new Map(next.map((s) => [s.key, s]));
  const kept = shown.flatMap((s) => (byKey.has(s.key) ? [byKey.get(s.key)!] : []));
  const known = new Set(shown.map((s) => s.key));
  return [...kept, ...next.filter((s) => !known.has(s.key))];
}

/** The newest diagnostic about the active tab's page, when that tab is on the blog. */
async function activeTabDiagnostic(api: ReaderApi, platform: Platform): Promise<Diagnostic | null> {
  const url = await platform.activeTabUrl();
  if (!url || !URL.canParse(url) || !isBlogHost(new URL(url).hostname)) return null;
  return (await api.diagnostics()).find((d) => samePage(d.url, url)) ?? null;
}

/**
 * What the popup shows first: the summary read with the settings (`start`, see Platform.popupStart), or, when none
 * is kept yet (first run), the one the service builds.
 */
export async function loadPopupData(
  api: ReaderApi,
  start: Promise<{ summary: PopupSummary | null }>,
): Promise<PopupData> {
  const kept = await start.then((s) => s.summary).catch(() => null);
  return fromSummary(kept ?? (await api.popupSummary()));
}

/**
 * `initial`: the data the entrypoint already has (the kept summary), shown in the first render; `preloaded`: data
 * being loaded; else it is loaded on mount.
 */
export function Popup({ initial, preloaded }: { initial?: PopupData; preloaded?: Promise<PopupData> }) {
  const { api, platform } = useServices();
  const { t } = useI18n();
  const [data, setData] = useState<PopupData | null>(initial ?? null);
  const [diagnostic, setDiagnostic] = useState<Diagnostic | null>(null);
  const [error, setError] = useState<unknown>(null);
  // `popup.html?series=KEY` (the series name in an article's strip) opens on that series.
  const [openKey, setOpenKey] = useState<string | null>(() => new URLSearchParams(location.search).get('series'));
  const [query, setQuery] = useState('');

  useEffect(() => {
    if (!initial) (preloaded ?? loadPopupData(api, platform.popupStart())).then(setData, setError);
    // The diagnostic is a hint; failing to get it must not hide the list, and the list does not wait for it.
    activeTabDiagnostic(api, platform).then(setDiagnostic, () => undefined);
  }, [api, platform, initial, preloaded]);

  // Changes made while the popup is open (here, in a tab, by sync) arrive with the summary the background keeps.
  useEffect(
    () =>
      platform.watchPopupSummary((summary) =>
        setData((d) => ({ ...fromSummary(summary), series: d ? keepOrder(d.series, summary.series) : summary.series })),
      ),
    [platform],
  );

  /** A series summary changed (follow, seen, states): update it in place, keeping the order the user is looking at. */
  const replaceSeries = useCallback((summary: SeriesSummary) => {
    setData((d) => d && { ...d, series: d.series.map((s) => (s.key === summary.key ? summary : s)) });
  }, []);

  const closeSeries = useCallback(() => {
    const key = openKey;
    setOpenKey(null);
    // Return focus to the series the user came from.
    requestAnimationFrame(() => {
      const button = [...document.querySelectorAll<HTMLElement>('[data-series-key]')].find(
        (b) => b.dataset.seriesKey === key,
      );
      button?.focus();
    });
  }, [openKey]);

  /** Series were renamed, merged or split: reload the list, and show the series the change leads to. */
  const groupingChanged = useCallback(
    (next: string | null) => {
      api.popupSummary().then((summary) => setData(fromSummary(summary)), setError);
      if (next === null) closeSeries();
      else setOpenKey(next);
    },
    [api, closeSeries],
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
          <>
            {data.continueReading && <ContinueReading article={data.continueReading} />}
            {(data.series.length > 0 || data.continueReading) && <SearchBox query={query} onQuery={setQuery} />}
            {query.trim() ? (
              <SearchResults
                query={query.trim()}
                series={data.series}
                onOpenSeries={setOpenKey}
                onSummaryChange={replaceSeries}
              />
            ) : data.series.length === 0 ? (
              <EmptyState />
            ) : (
              <SeriesFilters series={data.series} onOpen={setOpenKey} onSummaryChange={replaceSeries} />
            )}
          </>
        ))}
      {data && <PopupFooter canExport={data.hasReaderData} />}
    </main>
  );
}

function DiagnosticNotice({ diagnostic }: { diagnostic: Diagnostic }) {
  const { t } = useI18n();
  return (
    <section class="kx-notice" role="status" aria-labelledby="kx-diagnostic-title">
      <h2 id="kx-diagnostic-title">{t('popup.diagnosticTitle')}</h2>
      <p class="kx-diagnostic-message">{diagnostic.message}</p>
      <p class="kx-hint">{t('popup.diagnosticHint')}</p>
    </section>
  );
}

function ContinueReading({ article }: { article: ArticleRecord & { reading: ReadingRecord } }) {
  const { t } = useI18n();
  return (
    <section class="kx-continue" aria-labelledby="kx-continue-title">
      <h2 id="kx-continue-title">{t('popup.continueReading')}</h2>
      <p>
        <ArticleLink article={article} />{' '}
        <span class="kx-meta">{t('common.stateReading', [Math.round(article.reading.progress * 100)])}</span>
      </p>
    </section>
  );
}

function EmptyState() {
  const { t } = useI18n();
  return (
    <section class="kx-empty">
      <h2>{t('popup.emptyTitle')}</h2>
      <p>{t('popup.emptyVisit')}</p>
      <p>
        <ExternalLink class="kx-button" href={BLOG_HOME}>
          {t('popup.emptyOpenBlog')}
        </ExternalLink>{' '}
        <ExternalLink class="kx-button" href={ARCHIVE_URL}>
          {t('popup.emptyOpenArchive')}
        </ExternalLink>
      </p>
      <p class="kx-hint">{t('popup.emptyArchiveHint')}</p>
    </section>
  );
}

function SearchBox({ query, onQuery }: { query: string; onQuery(query: string): void }) {
  const { t } = useI18n();
  return (
    <div class="kx-search" role="search">
      <input
        type="search"
        value={query}
        placeholder={t('popup.searchPlaceholder')}
        aria-label={t('popup.searchLabel')}
        onInput={(event) => onQuery(event.currentTarget.value)}
      />
    </div>
  );
}
