/**
 * One series: its articles in part order with read toggles, bulk marking with undo of the last action, follow, and
 * the correction of its grouping (SeriesGrouping). Opening it clears the series' badge count (markSeriesSeen).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ArticleLink,
  ErrorBanner,
  ProgressBar,
  partLabel,
  progressLabel,
  type Run,
  useAction,
} from '@/components/common';
import { useI18n, useServices } from '@/components/context';
import type { SeriesDetail, SeriesSummary } from '@/utils/db/api';
import type { ReadState } from '@/utils/db/model';
import { stateText } from '@/utils/reading/state-text';
import { FollowButton } from './FollowButton';
import { type GroupingChange, SeriesGrouping } from './SeriesGrouping';
import { summaryOf, useSeriesDetail, withRecords } from './series-detail';

interface LastAction {
  batch: string;
  count: number;
  state: ReadState;
}

/** Marking articles read or unread, one or all at once, with the undo of the last marking. */
function useMarking(detail: SeriesDetail | null, update: (next: SeriesDetail) => void, run: Run) {
  const { api } = useServices();
  const [lastAction, setLastAction] = useState<LastAction | null>(null);
  const mark = (ids: string[], state: ReadState) =>
    run(async () => {
      if (!detail || ids.length === 0) return;
      const { batch, records } = await api.setState(ids, state, 'manual');
      update(withRecords(detail, records));
      setLastAction({ batch, count: ids.length, state });
    });
  const undo = () =>
    run(async () => {
      if (!detail || !lastAction) return;
      update(withRecords(detail, await api.undo(lastAction.batch)));
      setLastAction(null);
    });
  return { lastAction, setLastAction, mark, undo };
}

type Article = SeriesDetail['articles'][number];
const stateOf = (a: Article) => a.reading?.state ?? 'unread';

export function SeriesView({
  seriesKey,
  onBack,
  onSummaryChange,
  onGroupingChange,
}: {
  seriesKey: string;
  onBack(): void;
  /** A series' summary changed; must keep its identity (the series is loaded again when it changes). */
  onSummaryChange(summary: SeriesSummary): void;
  /** The grouping changed: the list is stale; `next` is the series to show now (null: none, back to the list). */
  onGroupingChange(next: string | null): void;
}) {
  const { t } = useI18n();
  const { busy, error, run, setError } = useAction();
  const { detail, setDetail, missing, reload } = useSeriesDetail(seriesKey, onSummaryChange, setError);
  const update = (next: SeriesDetail) => {
    setDetail(next);
    onSummaryChange(summaryOf(next));
  };
  const { lastAction, setLastAction, mark, undo } = useMarking(detail, update, run);
  const [editing, setEditing] = useState(false);
  /** What the last grouping change did, announced until the next one. */
  const [groupingStatus, setGroupingStatus] = useState('');

  // Another series (after a merge into it): start from its heading, with the editor closed and no stale marks.
  const shownKey = useRef(seriesKey);
  useEffect(() => {
    if (shownKey.current === seriesKey) return;
    shownKey.current = seriesKey;
    setDetail(null);
    setEditing(false);
    setLastAction(null);
  }, [seriesKey, setDetail, setLastAction]);

  function groupingChanged({ next, message }: GroupingChange) {
    setGroupingStatus(message);
    setLastAction(null);
    onGroupingChange(next);
    if (next === seriesKey) void reload();
  }

  if (missing || !detail) {
    return (
      <SeriesFrame onBack={onBack}>
        {missing && groupingStatus && <p role="status">{groupingStatus}</p>}
        {missing && <p>{t('popup.seriesGone')}</p>}
        {!missing && error != null && <ErrorBanner error={error} />}
      </SeriesFrame>
    );
  }
  return (
    <SeriesFrame onBack={onBack} detail={detail} onFollow={(s) => update({ ...detail, ...s })}>
      {groupingStatus && (
        <p class="kx-notice" role="status">
          {groupingStatus}
        </p>
      )}
      <BulkMarks detail={detail} busy={busy} lastAction={lastAction} onMark={mark} onUndo={undo} />
      {error != null && <ErrorBanner error={error} />}
      <SeriesArticles detail={detail} busy={busy} onMark={mark} />
      <div class="kx-toolbar">
        <button type="button" aria-expanded={editing} aria-controls="kx-grouping" onClick={() => setEditing(!editing)}>
          {t('popup.groupingEdit')}
        </button>
      </div>
      {editing && <SeriesGrouping detail={detail} onChanged={groupingChanged} />}
    </SeriesFrame>
  );
}

/**
 * The back button and, once loaded, the series' heading (focused when it appears) with its follow button. Without a
 * detail the frame is the loading, failed or gone state and has no name.
 */
function SeriesFrame({
  onBack,
  detail,
  onFollow,
  children,
}: {
  onBack(): void;
  detail?: SeriesDetail;
  onFollow?(summary: SeriesSummary): void;
  children: ComponentChildren;
}) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = detail !== undefined;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);
  return (
    <section class="kx-series-view" aria-labelledby={detail ? 'kx-series-title' : undefined}>
      <button type="button" class="kx-back" onClick={onBack}>
        ← {t('popup.backToList')}
      </button>
      {detail && onFollow && (
        <div class="kx-series-head">
          <h2 id="kx-series-title" tabIndex={-1} ref={heading}>
            {detail.name}
          </h2>
          <FollowButton series={summaryOf(detail)} onChange={onFollow} />
        </div>
      )}
      {children}
    </section>
  );
}

type Mark = (ids: string[], state: ReadState) => Promise<boolean>;

/** Progress, "mark all read / unread", and the undo of the last of those. */
function BulkMarks({
  detail,
  busy,
  lastAction,
  onMark,
  onUndo,
}: {
  detail: SeriesDetail;
  busy: boolean;
  lastAction: LastAction | null;
  onMark: Mark;
  onUndo(): void;
}) {
  const { t } = useI18n();
  const label = progressLabel(t, detail.read, detail.reading, detail.total);
  const notRead = detail.articles.filter((a) => stateOf(a) !== 'read').map((a) => a.id);
  const notUnread = detail.articles.filter((a) => stateOf(a) !== 'unread').map((a) => a.id);
  return (
    <>
      <ProgressBar read={detail.read} reading={detail.reading} total={detail.total} label={label} />
      <p class="kx-meta">{label}</p>
      <div class="kx-toolbar">
        <button type="button" disabled={busy || notRead.length === 0} onClick={() => onMark(notRead, 'read')}>
          {t('popup.markAllRead')}
        </button>
        <button type="button" disabled={busy || notUnread.length === 0} onClick={() => onMark(notUnread, 'unread')}>
          {t('popup.markAllUnread')}
        </button>
      </div>
      {lastAction && (
        <p class="kx-undo" role="status">
          {t(lastAction.state === 'read' ? 'popup.markedRead' : 'popup.markedUnread', [lastAction.count])}{' '}
          <button type="button" disabled={busy} onClick={onUndo}>
            {t('popup.undo')}
          </button>
        </p>
      )}
    </>
  );
}

function SeriesArticles({ detail, busy, onMark }: { detail: SeriesDetail; busy: boolean; onMark: Mark }) {
  const { t } = useI18n();
  return (
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
                void onMark([a.id], read ? 'unread' : 'read');
              }}
            />
            <span class="kx-part">{partLabel(a)}</span>
            <ArticleLink article={a} />
            <span class="kx-meta">{stateText(t, a.reading)}</span>
          </li>
        );
      })}
    </ol>
  );
}
