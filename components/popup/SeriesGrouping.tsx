/**
 * Correcting a series' grouping from the popup: rename it, merge it into another series (and separate again the
 * series merged into it), move chosen articles to a new series or out of any series, and reset it to the automatic
 * grouping. Every change is a correction saved through the api (see SeriesCorrection in utils/db/model.ts); the
 * parent reloads what it changed.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ErrorBanner, partLabel, useAction } from '@/components/common';
import { useI18n, useServices } from '@/components/context';
import type { SeriesDetail, SeriesSummary } from '@/utils/db/api';
import type { SeriesCorrection } from '@/utils/db/model';

/** What a saved change leaves to show: the series to open next (null: none, back to the list) and what happened. */
export interface GroupingChange {
  next: string | null;
  message: string;
}

/** A key for a series the user creates by splitting: never one the parser makes (those are series names). */
export function newSeriesKey(now: number, taken: Iterable<string>): string {
  const used = new Set(taken);
  let n = now;
  while (used.has(`user:${n.toString(36)}`)) n++;
  return `user:${n.toString(36)}`;
}

type Run = (action: () => Promise<void>) => Promise<boolean>;

export function SeriesGrouping({
  detail,
  onChanged,
}: {
  detail: SeriesDetail;
  onChanged(change: GroupingChange): void;
}) {
  const { api } = useServices();
  const { t } = useI18n();
  const { busy, error, run, setError } = useAction();
  /** Every series (null until loaded); the one shown is left out below, so the list does not depend on it. */
  const [all, setAll] = useState<SeriesSummary[] | null>(null);
  /** Loads counted, so that only the latest one's answer is kept. */
  const loads = useRef(0);
  const loadAll = useCallback(() => {
    const load = ++loads.current;
    api.listSeries().then(
      (list) => load === loads.current && setAll(list),
      // Without the list only merging is unavailable; the error says why.
      (e: unknown) => load === loads.current && setError(e),
    );
  }, [api]);
  useEffect(loadAll, [loadAll]);

  const others = all?.filter((s) => s.key !== detail.key) ?? null;
  // A saved change can add a series to merge into (a split, a separation, a reset): the list is loaded again.
  const changed = (change: GroupingChange) => {
    onChanged(change);
    loadAll();
  };
  const props = { detail, busy, run, onChanged: changed };
  return (
    <section id="kx-grouping" class="kx-grouping" aria-labelledby="kx-grouping-title">
      <h3 id="kx-grouping-title">{t('popup.groupingTitle')}</h3>
      <p class="kx-hint">{t('popup.groupingHint')}</p>
      <RenameForm {...props} />
      <MergeForm {...props} others={others} />
      {detail.merged.length > 0 && <MergedList {...props} />}
      <SplitForm {...props} taken={others?.map((s) => s.key) ?? []} />
      <ResetGrouping {...props} />
      {error != null && <ErrorBanner error={error} />}
    </section>
  );
}

interface PartProps {
  detail: SeriesDetail;
  busy: boolean;
  run: Run;
  onChanged(change: GroupingChange): void;
}

function RenameForm({ detail, busy, run, onChanged }: PartProps) {
  const { api } = useServices();
  const { t } = useI18n();
  const [name, setName] = useState(detail.name);
  const [empty, setEmpty] = useState(false);

  const submit = (event: Event) => {
    event.preventDefault();
    const trimmed = name.trim();
    setEmpty(trimmed === '');
    if (trimmed === '' || trimmed === detail.name) return;
    void run(async () => {
      await api.correctSeries({ kind: 'rename', seriesKey: detail.key, name: trimmed, at: Date.now() });
      onChanged({ next: detail.key, message: t('popup.renamed', [trimmed]) });
    });
  };

  return (
    <form class="kx-field" onSubmit={submit}>
      <label for="kx-rename">{t('popup.renameLabel')}</label>
      <input
        id="kx-rename"
        type="text"
        value={name}
        aria-invalid={empty || undefined}
        aria-describedby={empty ? 'kx-rename-error' : undefined}
        onInput={(event) => setName(event.currentTarget.value)}
      />
      <button type="submit" disabled={busy}>
        {t('popup.renameSubmit')}
      </button>
      {empty && (
        <span id="kx-rename-error" class="kx-error" role="alert">
          {t('popup.nameEmpty')}
        </span>
      )}
    </form>
  );
}

function MergeForm({ detail, busy, run, onChanged, others }: PartProps & { others: SeriesSummary[] | null }) {
  const { api } = useServices();
  const { t } = useI18n();
  const [into, setInto] = useState('');

  // null: still loading, or the list failed (the error is shown).
  if (others === null) return null;
  if (others.length === 0) return <p class="kx-hint">{t('popup.mergeNone')}</p>;

  const submit = (event: Event) => {
    event.preventDefault();
    const target = others.find((s) => s.key === into);
    if (!target) return;
    void run(async () => {
      await api.correctSeries({ kind: 'merge', from: detail.key, into: target.key, at: Date.now() });
      onChanged({ next: target.key, message: t('popup.mergedInto', [target.name]) });
    });
  };

  return (
    <form onSubmit={submit}>
      <div class="kx-field">
        <label for="kx-merge-into">{t('popup.mergeLabel')}</label>
        <select
          id="kx-merge-into"
          value={into}
          aria-describedby="kx-merge-hint"
          onChange={(event) => setInto(event.currentTarget.value)}
        >
          <option value="">—</option>
          {others.map((s) => (
            <option key={s.key} value={s.key}>
              {s.name}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy || into === ''}>
          {t('popup.mergeSubmit')}
        </button>
      </div>
      <p id="kx-merge-hint" class="kx-hint">
        {t('popup.mergeHint')}
      </p>
    </form>
  );
}

function MergedList({ detail, busy, run, onChanged }: PartProps) {
  const { api } = useServices();
  const { t } = useI18n();
  // A merge of a series into itself undoes its merge (and, being recorded, also wins over older backups).
  const separate = (from: { key: string; name: string }) =>
    run(async () => {
      await api.correctSeries({ kind: 'merge', from: from.key, into: from.key, at: Date.now() });
      onChanged({ next: detail.key, message: t('popup.unmerged', [from.name]) });
    });
  return (
    <div>
      <h4 id="kx-merged-title">{t('popup.mergedTitle')}</h4>
      <ul aria-labelledby="kx-merged-title" class="kx-merged">
        {detail.merged.map((from) => (
          <li key={from.key}>
            {from.name}{' '}
            <button
              type="button"
              disabled={busy}
              aria-label={t('popup.unmergeSeries', [from.name])}
              onClick={() => void separate(from)}
            >
              {t('popup.unmerge')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function SplitForm({ detail, busy, run, onChanged, taken }: PartProps & { taken: string[] }) {
  const { api } = useServices();
  const { t } = useI18n();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [name, setName] = useState('');
  const [empty, setEmpty] = useState(false);
  const chosen = detail.articles.filter((a) => selected.has(a.id));
  // All articles gone: the series no longer exists.
  const leavesNothing = chosen.length === detail.articles.length;

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    setSelected(next);
  };

  const move = (seriesKey: string | null, at: number): SeriesCorrection[] =>
    // The part numbers come along, so the moved articles keep their order.
    chosen.map((a) => ({
      kind: 'assign',
      articleId: a.id,
      seriesKey,
      part: seriesKey === null ? null : (a.part ?? null),
      at,
    }));

  const toNewSeries = (event: Event) => {
    event.preventDefault();
    const trimmed = name.trim();
    setEmpty(trimmed === '');
    if (trimmed === '' || chosen.length === 0) return;
    void run(async () => {
      const at = Date.now();
      const key = newSeriesKey(at, [detail.key, ...taken]);
      await api.correctSeries([{ kind: 'rename', seriesKey: key, name: trimmed, at }, ...move(key, at)]);
      setSelected(new Set());
      setName('');
      onChanged({ next: leavesNothing ? key : detail.key, message: t('popup.movedToNew', [chosen.length, trimmed]) });
    });
  };

  const outOfSeries = () =>
    run(async () => {
      await api.correctSeries(move(null, Date.now()));
      setSelected(new Set());
      onChanged({ next: leavesNothing ? null : detail.key, message: t('popup.removedFromSeries', [chosen.length]) });
    });

  return (
    <form onSubmit={toNewSeries}>
      <fieldset>
        <legend>{t('popup.splitTitle')}</legend>
        <ul class="kx-split-list">
          {detail.articles.map((a) => (
            <li key={a.id}>
              <label>
                <input type="checkbox" checked={selected.has(a.id)} disabled={busy} onChange={() => toggle(a.id)} />{' '}
                <span class="kx-part">{partLabel(a)}</span> {a.title || a.id}
              </label>
            </li>
          ))}
        </ul>
        <p class="kx-meta" aria-live="polite">
          {t('popup.selectedCount', [chosen.length])}
        </p>
        <div class="kx-field">
          <label for="kx-split-name">{t('popup.splitName')}</label>
          <input
            id="kx-split-name"
            type="text"
            value={name}
            aria-invalid={empty || undefined}
            aria-describedby={empty ? 'kx-split-error' : undefined}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </div>
        {empty && (
          <p id="kx-split-error" class="kx-error" role="alert">
            {t('popup.nameEmpty')}
          </p>
        )}
        <div class="kx-toolbar">
          <button type="submit" disabled={busy || chosen.length === 0}>
            {t('popup.splitSubmit')}
          </button>
          <button type="button" disabled={busy || chosen.length === 0} onClick={() => void outOfSeries()}>
            {t('popup.removeFromSeries')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

function ResetGrouping({ detail, busy, run, onChanged }: PartProps) {
  const { api } = useServices();
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);

  const reset = () =>
    run(async () => {
      const removed = await api.resetSeries(detail.key);
      setConfirming(false);
      // The parser may no longer make this series (it was the user's own): then back to the list.
      onChanged({ next: detail.key, message: removed > 0 ? t('popup.resetDone', [removed]) : t('popup.resetNothing') });
    });

  if (!confirming) {
    return (
      <div class="kx-toolbar">
        <button type="button" class="kx-danger" disabled={busy} onClick={() => setConfirming(true)}>
          {t('popup.resetStart')}
        </button>
      </div>
    );
  }
  return (
    <div role="alertdialog" aria-labelledby="kx-reset-question">
      <p id="kx-reset-question">{t('popup.resetQuestion')}</p>
      <div class="kx-toolbar">
        <button type="button" class="kx-danger" disabled={busy} onClick={() => void reset()}>
          {t('popup.resetConfirm')}
        </button>
        <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
