/**
 * Search over series names (in the popup's list) and article titles (through the api), Chinese or English. Each
 * article found shows its reading state; its series is linked once, on its first article, and not at all when the
 * series is among the series found above.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SeriesSummary } from '@/utils/db/api';
import type { ArticleRecord, ReadingRecord } from '@/utils/db/model';
import { ArticleLink, ErrorBanner, stateLabel } from '@/components/common';
import { useI18n, useServices } from '@/components/context';
import { SeriesList } from './SeriesList';

const ARTICLE_RESULTS = 30;

/** Case- and width-insensitive form for matching (`ＭｏＥ` matches `moe`). */
export function searchForm(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function matchingSeries(series: SeriesSummary[], query: string): SeriesSummary[] {
  const q = searchForm(query);
  return series.filter((s) => searchForm(s.name).includes(q) || searchForm(s.key).includes(q));
}

export function SearchResults({
  query,
  series,
  onOpenSeries,
  onSummaryChange,
}: {
  query: string;
  series: SeriesSummary[];
  onOpenSeries(key: string): void;
  onSummaryChange(summary: SeriesSummary): void;
}) {
  const { api } = useServices();
  const { t } = useI18n();
  const [articles, setArticles] = useState<ArticleRecord[] | null>(null);
  const [states, setStates] = useState<Record<string, ReadingRecord>>({});
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    // Typing fires a search per keystroke; only the answer to the latest query is shown.
    let live = true;
    api
      .searchArticles(query, ARTICLE_RESULTS)
      .then(async (found) => [found, found.length > 0 ? await api.getStates(found.map((a) => a.id)) : {}] as const)
      .then(
        ([found, foundStates]) => live && (setArticles(found), setStates(foundStates), setError(null)),
        (e: unknown) => live && setError(e),
      );
    return () => {
      live = false;
    };
  }, [api, query]);

  const seriesFound = matchingSeries(series, query);
  const names = new Map(series.map((s) => [s.key, s.name]));
  const nothing = seriesFound.length === 0 && articles?.length === 0;
  // The series linked on an article row: not one listed above, each once.
  const linked = new Set(seriesFound.map((s) => s.key));
  const seriesLink = (a: ArticleRecord) =>
    a.series && !linked.has(a.series) ? (linked.add(a.series), a.series) : null;

  return (
    <div class="kx-search-results" aria-live="polite">
      {error != null && <ErrorBanner error={error} />}
      {nothing && <p class="kx-empty">{t('popup.noResults', [query])}</p>}
      {seriesFound.length > 0 && (
        <section aria-labelledby="kx-found-series">
          <h2 id="kx-found-series">{t('popup.foundSeries')}</h2>
          <SeriesList series={seriesFound} onOpen={onOpenSeries} onSummaryChange={onSummaryChange} />
        </section>
      )}
      {articles && articles.length > 0 && (
        <section aria-labelledby="kx-found-articles">
          <h2 id="kx-found-articles">{t('popup.foundArticles')}</h2>
          <ul class="kx-found-articles">
            {articles.map((a) => {
              const state = states[a.id]?.state ?? 'unread';
              const series = seriesLink(a);
              return (
                <li key={a.id} class={`kx-state-${state}`} data-kx-found={a.id}>
                  <span class="kx-state-mark" aria-hidden="true" />
                  <div>
                    <ArticleLink article={a} />
                    <p class="kx-meta">
                      <span class="kx-found-state">{stateLabel(t, states[a.id] ?? null)}</span>
                      {series && (
                        <>
                          {' · '}
                          <button type="button" class="kx-link-button" onClick={() => onOpenSeries(series)}>
                            {t('popup.inSeries', [names.get(series) ?? series])}
                          </button>
                        </>
                      )}
                    </p>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
