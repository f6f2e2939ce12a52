import { ErrorBanner, useAction } from '@/components/common';
import { useI18n, useServices } from '@/components/context';
import type { SeriesSummary } from '@/utils/db/api';

/** Follow / unfollow a series; reports the updated summary. */
export function FollowButton({ series, onChange }: { series: SeriesSummary; onChange(summary: SeriesSummary): void }) {
  const { api } = useServices();
  const { t } = useI18n();
  const { busy, error, run } = useAction();

  const toggle = () =>
    run(async () => {
      if (series.followed) await api.unfollow(series.key);
      // Following starts from what exists now: none of the current parts count as new.
      else await api.follow(series.key);
      onChange({ ...series, followed: !series.followed, newParts: 0 });
    });

  return (
    <>
      <button
        type="button"
        class={`kx-follow${series.followed ? ' kx-on' : ''}`}
        disabled={busy}
        aria-label={t(series.followed ? 'popup.unfollowSeries' : 'popup.followSeries', [series.name])}
        onClick={toggle}
      >
        {series.followed ? `★ ${t('popup.unfollow')}` : `☆ ${t('popup.follow')}`}
      </button>
      {error != null && <ErrorBanner error={error} />}
    </>
  );
}
