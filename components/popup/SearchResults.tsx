/**
 * Search over series names (in the popup's list) and article titles (through the api), Chinese or English. Each
 * article found shows its reading state; its series is linked once, on its first article, and not at all when the
 * series is among the series found above.
 */
import { useEffect, useState } from 'preact/hooks';
import { ArticleLink, ErrorBanner } from '@/components/common';
import { useI18n, useServices } from '@/components/context';
import type { SeriesSummary } from '@/utils/db/api';
import type { ArticleRecord, ReadingRecord } from '@/utils/db/model';
import { stateText } from '@/utils/reading/state-text';
import { type SeriesHandlers, SeriesList } from './SeriesList';

const ARTICLE_RESULTS = 30;

/** Case- and width-insensitive form for matching (`ＭｏＥ` matches `moe`). */
export function searchForm(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function matchingSeries(series: SeriesSummary[], query: string): SeriesSummary[] {
  const q = searchForm(query);
  return series.filter((s) => searchForm(s.name).includes(q) || searchForm(s.key).includes(q));
}

interface Found {
  articles: ArticleRecord[];
  states: Record<string, ReadingRecord>;
}

/** The articles whose title matches, with their reading states; null until the first answer. */
function useArticleSearch(query: string): { found: Found | null; error: unknown } {
  const { api } = useServices();
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    // Typing fires a search per keystroke; only the answer to the latest query is shown.
    let live = true;
    api
      .searchArticles(query, ARTICLE_RESULTS)
      .then(async (articles) => ({
        articles,
        states: articles.length > 0 ? await api.getStates(articles.map((a) => a.id)) : {},
      }))
      .then(
        (next) => {
          if (!live) return;
          setFound(next);
          setError(null);
        },
        (e: unknown) => live && setError(e),
      );
    return () => {
      live = false;
    };
  }, [api, query]);
  return { found, error };
}

export function SearchResults({
  query,
  series,
  ...handlers
}: { query: string; series: SeriesSummary[] } & SeriesHandlers) {
  const { t } = useI18n();
  const { found, error } = useArticleSearch(query);
  const seriesFound = matchingSeries(series, query);
  const nothing = seriesFound.length === 0 && found?.articles.length === 0;
  return (
    <div class="kx-search-results" aria-live="polite">
      {error != null && <ErrorBanner error={error} />}
      {nothing && <p class="kx-empty">{t('popup.noResults', [query])}</p>}
      {seriesFound.length > 0 && (
        <section aria-labelledby="kx-found-series">
          <h2 id="kx-found-series">{t('popup.foundSeries')}</h2>
          <SeriesList series={seriesFound} {...handlers} />
        </section>
      )}
      {found && found.articles.length > 0 && (
        <FoundArticles found={found} series={series} seriesFound={seriesFound} onOpen={handlers.onOpen} />
      )}
    </div>
  );
}

function FoundArticles({
  found,
  series,
  seriesFound,
  onOpen,
}: {
  found: Found;
  series: SeriesSummary[];
  seriesFound: SeriesSummary[];
  onOpen(key: string): void;
}) {
  const { t } = useI18n();
  const names = new Map(series.map((s) => [s.key, s.name]));
  // The series linked on an article row: not one listed above, each once.
  const linked = new Set(seriesFound.map((s) => s.key));
  const seriesLink = (a: ArticleRecord) => {
    if (!a.series || linked.has(a.series)) return null;
    linked.add(a.series);
    return a.series;
  };
  return (
    <section aria-labelledby="kx-found-articles">
      <h2 id="kx-found-articles">{t('popup.foundArticles')}</h2>
      <ul class="kx-found-articles">
        {found.articles.map((a) => {
          const reading = found.states[a.id] ?? null;
          const key = seriesLink(a);
          return (
            <li key={a.id} class={`kx-state-${reading?.state ?? 'unread'}`} data-kx-found={a.id}>
              <span class="kx-state-mark" aria-hidden="true" />
              <div>
                <ArticleLink article={a} />
                <p class="kx-meta">
                  <span class="kx-found-state">{stateText(t, reading)}</span>
                  {key && (
                    <>
                      {' · '}
                      <button type="button" class="kx-link-button" onClick={() => onOpen(key)}>
                        {t('popup.inSeries', [names.get(key) ?? key])}
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
  );
}
