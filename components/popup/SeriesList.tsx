/** Series with their progress bars, next unread part and follow button. */

import { ArticleLink, ProgressBar, progressLabel } from '@/components/common';
import { useI18n } from '@/components/context';
import type { SeriesSummary } from '@/utils/db/api';
import { FollowButton } from './FollowButton';

/** What a list of series does when a series is opened or its summary changes (follow). */
export interface SeriesHandlers {
  onOpen(key: string): void;
  onSummaryChange(summary: SeriesSummary): void;
}

export type SeriesListProps = SeriesHandlers & { series: SeriesSummary[] };

export function SeriesList({ series, onOpen, onSummaryChange }: SeriesListProps) {
  const { t } = useI18n();
  return (
    <ul class="kx-series-list" aria-label={t('popup.seriesListLabel')}>
      {series.map((s) => (
        <SeriesRow key={s.key} series={s} onOpen={onOpen} onSummaryChange={onSummaryChange} />
      ))}
    </ul>
  );
}

function SeriesRow({ series: s, onOpen, onSummaryChange }: SeriesHandlers & { series: SeriesSummary }) {
  const { t } = useI18n();
  const label = progressLabel(t, s.read, s.reading, s.total);
  return (
    <li class={`kx-series${s.followed ? ' kx-followed' : ''}`} data-series={s.key}>
      <div class="kx-series-head">
        <button type="button" class="kx-series-name" data-series-key={s.key} onClick={() => onOpen(s.key)}>
          {s.name}
        </button>
        {s.newParts > 0 && <span class="kx-badge">{t('popup.newParts', [s.newParts])}</span>}
        <FollowButton series={s} onChange={onSummaryChange} />
      </div>
      <ProgressBar read={s.read} reading={s.reading} total={s.total} label={label} />
      <p class="kx-meta">{label}</p>
      <p class="kx-next">
        {s.nextUnread ? (
          <>
            {t('popup.nextUnread')} <ArticleLink article={s.nextUnread} />
          </>
        ) : (
          t('popup.allRead')
        )}
      </p>
    </li>
  );
}
