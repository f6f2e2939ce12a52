/**
 * One series: its articles in part order with read toggles, bulk marking with undo of the last action, follow, and
 * the correction of its grouping (SeriesGrouping). Opening it clears the series' badge count (markSeriesSeen).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  ArticleLink,
  ErrorBanner,
  ProgressBar,
  partLabel,
  progressLabel,
  stateLabel,
  useAction,
} from '@/components/common';
import { useI18n, useServices } from '@/components/context';
import type { SeriesDetail, SeriesSummary } from '@/utils/db/api';
import type { ReadingRecord, ReadState } from '@/utils/db/model';
import { FollowButton } from './FollowButton';
import { type GroupingChange, SeriesGrouping } from './SeriesGrouping';

interface LastAction {
  batch: string;
  count: number;
  state: ReadState;
}

/** The detail with fresh reading records applied and its counts recomputed. */
export function withRecords(detail: SeriesDetail, records: ReadingRecord[]): SeriesDetail {
  const byId = new Map(records.map((r) => [r.id, r]));
  const articles = detail.articles.map((a) => (byId.has(a.id) ? { ...a, reading: byId.get(a.id)! } : a));
  const stateOf = (a: (typeof articles)[number]) => a.reading?.state ?? 'unread';
  return {
    ...detail,
    articles,
    read: articles.filter((a) => stateOf(a) === 'read').length,
    reading: articles.filter((a) => stateOf(a) === 'reading').length,
    nextUnread: articles.find((a) => stateOf(a) !== 'read') ?? null,
  };
}

function summaryOf({ articles: _, ...summary }: SeriesDetail): SeriesSummary {
  return summary;
}

export function SeriesView({
  seriesKey,
  onBack,
  onSummaryChange,
  onGroupingChange,
}: {
  seriesKey: string;
  onBack(): void;
  onSummaryChange(summary: SeriesSummary): void;
  /** The grouping changed: the list is stale; `next` is the series to show now (null: none, back to the list). */
  onGroupingChange(next: string | null): void;
}) {
  const { api } = useServices();
  const { t } = useI18n();
  const [detail, setDetail] = useState<SeriesDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const { busy, error, run, setError } = useAction();
  const [lastAction, setLastAction] = useState<LastAction | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState(false);
  /** What the last grouping change did, announced until the next one. */
  const [groupingStatus, setGroupingStatus] = useState('');
  /** Loads counted: a load's answer is dropped once another load started (or the view closed). */
  const loads = useRef(0);

  /** Loads the series once per key (onSummaryChange is stable: useCallback in the popup) and grouping change. */
  const load = useCallback(() => {
    const current = ++loads.current;
    const live = () => current === loads.current;
    (async () => {
      const loaded = await api.getSeries(seriesKey);
      if (!live()) return;
      setMissing(!loaded);
      if (!loaded) return setDetail(null);
      setDetail(loaded);
      if (loaded.followed && loaded.newParts > 0) {
        await api.markSeriesSeen(seriesKey);
        const seen = { ...loaded, newParts: 0 };
        if (live()) setDetail(seen);
        onSummaryChange(summaryOf(seen));
      }
    })().catch((e: unknown) => live() && setError(e));
  }, [api, seriesKey, onSummaryChange]);

  useEffect(() => {
    load();
    return () => {
      loads.current++;
    };
  }, [load]);

  // Another series (after a merge into it): start from its heading, with the editor closed and no stale marks.
  const shownKey = useRef(seriesKey);
  useEffect(() => {
    if (shownKey.current === seriesKey) return;
    shownKey.current = seriesKey;
    setDetail(null);
    setEditing(false);
    setLastAction(null);
  }, [seriesKey]);

  // Focus moves to the heading when the series first shows, not on each reload.
  const shown = detail !== null;
  useEffect(() => {
    if (shown) heading.current?.focus();
  }, [shown]);

  function update(next: SeriesDetail) {
    setDetail(next);
    onSummaryChange(summaryOf(next));
  }

  const setStates = (ids: string[], state: ReadState) =>
    run(async () => {
      if (!detail || ids.length === 0) return;
      const { batch, records } = await api.setState(ids, state, 'manual');
      update(withRecords(detail, records));
      setLastAction({ batch, count: ids.length, state });
    });

  function groupingChanged({ next, message }: GroupingChange) {
    setGroupingStatus(message);
    setLastAction(null);
    onGroupingChange(next);
    if (next === seriesKey) load();
  }

  const undo = () =>
    run(async () => {
      if (!detail || !lastAction) return;
      const records = await api.undo(lastAction.batch);
      update(withRecords(detail, records));
      setLastAction(null);
    });

  const back = (
    <button type="button" class="kx-back" onClick={onBack}>
      ← {t('popup.backToList')}
    </button>
  );
  if (missing) {
    return (
      <section class="kx-series-view">
        {back}
        {groupingStatus && <p role="status">{groupingStatus}</p>}
        <p>{t('popup.seriesGone')}</p>
      </section>
    );
  }
  if (!detail)
    return (
      <section class="kx-series-view">
        {back}
        {error != null && <ErrorBanner error={error} />}
      </section>
    );

  const label = progressLabel(t, detail.read, detail.reading, detail.total);
  const stateOf = (a: SeriesDetail['articles'][number]) => a.reading?.state ?? 'unread';
  const notRead = detail.articles.filter((a) => stateOf(a) !== 'read').map((a) => a.id);
  const notUnread = detail.articles.filter((a) => stateOf(a) !== 'unread').map((a) => a.id);

  return (
    <section class="kx-series-view" aria-labelledby="kx-series-title">
      {back}
      <div class="kx-series-head">
        <h2 id="kx-series-title" tabIndex={-1} ref={heading}>
          {detail.name}
        </h2>
        <FollowButton series={summaryOf(detail)} onChange={(s) => update({ ...detail, ...s })} />
      </div>
      {groupingStatus && (
        <p class="kx-notice" role="status">
          {groupingStatus}
        </p>
      )}
      <ProgressBar read={detail.read} reading={detail.reading} total={detail.total} label={label} />
      <p class="kx-meta">{label}</p>
      <div class="kx-toolbar">
        <button type="button" disabled={busy || notRead.length === 0} onClick={() => setStates(notRead, 'read')}>
          {t('popup.markAllRead')}
        </button>
        <button type="button" disabled={busy || notUnread.length === 0} onClick={() => setStates(notUnread, 'unread')}>
          {t('popup.markAllUnread')}
        </button>
      </div>
      {lastAction && (
        <p class="kx-undo" role="status">
          {t(lastAction.state === 'read' ? 'popup.markedRead' : 'popup.markedUnread', [lastAction.count])}{' '}
          <button type="button" disabled={busy} onClick={undo}>
            {t('popup.undo')}
          </button>
        </p>
      )}
      {error != null && <ErrorBanner error={error} />}
      <ol class="kx-articles">
        {detail.articles.map((a) => {
          const read = stateOf(a) === 'read';
          return (
            <li key={a.id} class={`kx-article kx-state-${stateOf(a)}`}>
              <input
                type="checkbox"
                id={`kx-read-${a.id}`}
                checked={read}
                disabled={busy}
                aria-label={t('popup.readToggle', [a.title || a.id])}
                onChange={(event) => {
                  // The box shows the stored state: it flips when the api has saved the change.
                  event.currentTarget.checked = read;
                  void setStates([a.id], read ? 'unread' : 'read');
                }}
              />
              <span class="kx-part">{partLabel(a)}</span>
              <ArticleLink article={a} />
              <span class="kx-meta">{stateLabel(t, a.reading)}</span>
            </li>
          );
        })}
      </ol>
      <div class="kx-toolbar">
        <button type="button" aria-expanded={editing} aria-controls="kx-grouping" onClick={() => setEditing(!editing)}>
          {t('popup.groupingEdit')}
        </button>
      </div>
      {editing && <SeriesGrouping detail={detail} onChanged={groupingChanged} />}
    </section>
  );
}
