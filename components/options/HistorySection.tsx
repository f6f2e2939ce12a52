/** Reading history: articles read per week (last 26 weeks) or per month (last 12 months), from the event log. */
import { useEffect, useState } from 'preact/hooks';
import { ErrorBanner } from '@/components/common';
import { useI18n, useServices } from '@/components/context';
import type { ReadingEvent } from '@/utils/db/model';
import { type HistoryBucket, readsPerMonth, readsPerWeek } from '@/utils/history';
import { type Bar, BarChart } from './BarChart';

const WEEKS = 26;
const MONTHS = 12;
/** Events read for the chart; a year of reading (bulk marks included) stays far below it. */
export const HISTORY_EVENTS = 50_000;

type Period = 'week' | 'month';

/** Weeks are labeled `MM-DD` every fourth bar, months `YYYY-MM` every other bar (so labels never overlap). */
function toBars(buckets: HistoryBucket[], period: Period, title: (b: HistoryBucket) => string): Bar[] {
  const every = period === 'week' ? 4 : 2;
  return buckets.map((b, i) => ({
    key: b.label,
    tick: (buckets.length - 1 - i) % every === 0 ? (period === 'week' ? b.label.slice(5) : b.label) : '',
    title: title(b),
    value: b.count,
  }));
}

export function HistorySection({ now = Date.now }: { now?: () => number }) {
  const { api } = useServices();
  const { t } = useI18n();
  const [events, setEvents] = useState<ReadingEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [period, setPeriod] = useState<Period>('week');

  useEffect(() => {
    api.recentEvents(HISTORY_EVENTS).then(setEvents, setError);
  }, [api]);

  const buckets =
    events && (period === 'week' ? readsPerWeek(events, now(), WEEKS) : readsPerMonth(events, now(), MONTHS));
  const total = buckets?.reduce((sum, b) => sum + b.count, 0) ?? 0;

  return (
    <section class="kx-card" aria-labelledby="kx-history-title">
      <h2 id="kx-history-title">{t('options.historyTitle')}</h2>
      {error != null && <ErrorBanner error={error} />}
      {buckets && total === 0 && <p class="kx-hint">{t('history.empty')}</p>}
      {buckets && total > 0 && (
        <>
          <fieldset class="kx-toolbar kx-group" aria-label={t('history.view')}>
            <button type="button" aria-pressed={period === 'week'} onClick={() => setPeriod('week')}>
              {t('history.perWeek')}
            </button>
            <button type="button" aria-pressed={period === 'month'} onClick={() => setPeriod('month')}>
              {t('history.perMonth')}
            </button>
          </fieldset>
          <BarChart
            bars={toBars(buckets, period, (b) => t('history.bar', [b.label, b.count]))}
            label={t(period === 'week' ? 'history.chartWeek' : 'history.chartMonth', [buckets.length, total])}
          />
        </>
      )}
    </section>
  );
}
