/**
 * The popup's series list behind a filter: the reader's own series (started or followed), the followed ones, or all.
 * It opens on the reader's own series — the popup is where one continues reading, and the blog's 58 series are
 * mostly ones a reader has not started — and shows the first rows only, the rest one click away.
 */
import { useState } from 'preact/hooks';
import { useI18n } from '@/components/context';
import type { SeriesSummary } from '@/utils/db/api';
import type { MessageKey } from '@/utils/i18n';
import { SeriesList, type SeriesListProps } from './SeriesList';

export type SeriesFilter = 'mine' | 'followed' | 'all';

/** Rows rendered before "show all": a little more than the popup's height holds. */
export const FIRST_ROWS = 8;

const FILTERS: { filter: SeriesFilter; label: MessageKey }[] = [
  { filter: 'mine', label: 'popup.filterMine' },
  { filter: 'followed', label: 'popup.filterFollowed' },
  { filter: 'all', label: 'popup.filterAll' },
];

export function matchesFilter(series: SeriesSummary, filter: SeriesFilter): boolean {
  if (filter === 'followed') return series.followed;
  if (filter === 'mine') return series.followed || series.read + series.reading > 0;
  return true;
}

/** The reader's own series when there are any; all of them for a reader who has not started one. */
export function defaultFilter(series: SeriesSummary[]): SeriesFilter {
  return series.some((s) => matchesFilter(s, 'mine')) ? 'mine' : 'all';
}

export function SeriesFilters({ series, ...handlers }: SeriesListProps) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<SeriesFilter>(() => defaultFilter(series));
  const [expanded, setExpanded] = useState(false);
  const shown = series.filter((s) => matchesFilter(s, filter));
  const visible = expanded ? shown : shown.slice(0, FIRST_ROWS);

  return (
    <section aria-labelledby="kx-series-list-title">
      <h2 id="kx-series-list-title" class="kx-visually-hidden">
        {t('popup.seriesListLabel')}
      </h2>
      <fieldset class="kx-filters kx-group" aria-label={t('popup.filterLabel')}>
        {FILTERS.map(({ filter: value, label }) => (
          <button
            key={value}
            type="button"
            aria-pressed={filter === value}
            data-filter={value}
            onClick={() => {
              setFilter(value);
              setExpanded(false);
            }}
          >
            {t(label)} <span class="kx-count">{series.filter((s) => matchesFilter(s, value)).length}</span>
          </button>
        ))}
      </fieldset>
      {shown.length === 0 ? (
        <p class="kx-hint">{t(filter === 'followed' ? 'popup.noneFollowed' : 'popup.noneStarted')}</p>
      ) : (
        <SeriesList series={visible} {...handlers} />
      )}
      {visible.length < shown.length && (
        <button type="button" class="kx-show-all" onClick={() => setExpanded(true)}>
          {t('popup.showAll', [shown.length])}
        </button>
      )}
    </section>
  );
}
