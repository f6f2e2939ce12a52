/**
 * The toolbar popup: continue reading, series with progress (followed first), search, one series' articles, the
 * current tab's diagnostic, the renderer switch and a quick export.
 * Opening it costs one listSeries call (plus continueReading and, on a blog tab, diagnostics) — never one per series.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ReaderApi, SeriesSummary } from '../../utils/db/api';
import type { ArticleRecord, ReadingRecord } from '../../utils/db/model';
import { isBlogHost } from '../../utils/site/hosts';
import { ArticleLink, ErrorBanner, ExternalLink } from '../common';
import { useI18n, useServices } from '../context';
import type { Platform } from '../platform';
import { ARCHIVE_URL, BLOG_HOME, samePage } from '../urls';
import { PopupFooter } from './PopupFooter';
import { SearchResults } from './SearchResults';
import { SeriesList } from './SeriesList';
import { SeriesView } from './SeriesView';

export type Diagnostic = { at: number; url: string; message: string };

export interface PopupData {
  series: SeriesSummary[];
  continueReading: (ArticleRecord & { reading: ReadingRecord }) | null;
  diagnostic: Diagnostic | null;
}

/** Followed series first; otherwise the service's order. */
export function followedFirst(series: SeriesSummary[]): SeriesSummary[] {
  return [...series.filter((s) => s.followed), ...series.filter((s) => !s.followed)];
}

/** The newest diagnostic about the active tab's page, when that tab is on the blog. */
async function activeTabDiagnostic(api: ReaderApi, platform: Platform): Promise<Diagnostic | null> {
  const url = await platform.activeTabUrl();
  if (!url || !URL.canParse(url) || !isBlogHost(new URL(url).hostname)) return null;
  return (await api.diagnostics()).find((d) => samePage(d.url, url)) ?? null;
}

/** Everything the popup shows first, asked for at once: one list call, no per-series call. */
export async function loadPopupData(api: ReaderApi, platform: Platform): Promise<PopupData> {
  const [series, continueReading, diagnostic] = await Promise.all([
    api.listSeries(),
    api.continueReading(),
    // The diagnostic is a hint; failing to get it must not hide the list.
    activeTabDiagnostic(api, platform).catch(() => null),
  ]);
  return { series: followedFirst(series), continueReading, diagnostic };
}

/** `preloaded`: the data already being loaded by the entrypoint (while the settings load), else loaded on mount. */
export function Popup({ preloaded }: { preloaded?: Promise<PopupData> }) {
  const { api, platform } = useServices();
  const { t } = useI18n();
  const [data, setData] = useState<PopupData | null>(null);
  const [error, setError] = useState<unknown>(null);
  // `popup.html?series=KEY` (the series name in an article's strip) opens on that series.
  const [openKey, setOpenKey] = useState<string | null>(() => new URLSearchParams(location.search).get('series'));
  const [query, setQuery] = useState('');

  useEffect(() => {
    (preloaded ?? loadPopupData(api, platform)).then(setData, setError);
  }, [api, platform, preloaded]);

  /** A series summary changed (follow, seen, states): update it in place, keeping the order the user is looking at. */
  const replaceSeries = useCallback((summary: SeriesSummary) => {
    setData((d) => d && { ...d, series: d.series.map((s) => (s.key === summary.key ? summary : s)) });
  }, []);

  const closeSeries = useCallback(() => {
    const key = openKey;
    setOpenKey(null);
    // Return focus to the series the user came from.
    requestAnimationFrame(() => {
      const button = [...document.querySelectorAll<HTMLElement>('[data-series-key]')].find((b) => b.dataset.seriesKey === key);
      button?.focus();
    });
  }, [openKey]);

  /** Series were renamed, merged or split: reload the list, and show the series the change leads to. */
  const groupingChanged = useCallback(
    (next: string | null) => {
      api.listSeries().then((series) => setData((d) => d && { ...d, series: followedFirst(series) }), setError);
      if (next === null) closeSeries();
      else setOpenKey(next);
    },
    [api, closeSeries],
  );

  return (
    <main class="kx-popup" data-kx-ready={data ? '' : undefined} aria-busy={!data && !error}>
      <header class="kx-popup-header">
        <h1>{t('extName')}</h1>
        <button type="button" class="kx-icon-button" onClick={() => platform.openOptionsPage()} aria-label={t('popup.openOptions')}>
          ⚙
        </button>
      </header>
      {error != null && <ErrorBanner error={error} />}
      {data?.diagnostic && <DiagnosticNotice diagnostic={data.diagnostic} />}
      {data &&
        (openKey !== null ? (
          <SeriesView seriesKey={openKey} onBack={closeSeries} onSummaryChange={replaceSeries} onGroupingChange={groupingChanged} />
        ) : (
          <>
            {data.continueReading && <ContinueReading article={data.continueReading} />}
            {(data.series.length > 0 || data.continueReading) && <SearchBox query={query} onQuery={setQuery} />}
            {query.trim() ? (
              <SearchResults query={query.trim()} series={data.series} onOpenSeries={setOpenKey} onSummaryChange={replaceSeries} />
            ) : data.series.length === 0 ? (
              <EmptyState />
            ) : (
              <SeriesList series={data.series} onOpen={setOpenKey} onSummaryChange={replaceSeries} />
            )}
          </>
        ))}
      {data && <PopupFooter />}
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
