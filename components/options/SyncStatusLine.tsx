/** What the last sync did, and what it could not sync, named one by one (issue 15: nothing stops syncing silently). */
import { useEffect, useState } from 'preact/hooks';
import { useI18n, useServices } from '@/components/context';
import type { Translate } from '@/utils/i18n';
import type { SyncStatus } from '@/utils/sync/engine';

/** How often the status asks again while the page is open (the background syncs in its own time). */
const SYNC_STATUS_REFRESH_MS = 5000;
/** Items named before "and N more": the list must not push the rest of the page away. */
export const NOT_SYNCED_SHOWN = 10;

/**
 * One of the engine's `notSynced` names (utils/sync/engine.ts and codec.ts `unencodable`) said in the reader's
 * language; a name of another shape is shown as it is.
 */
export function notSyncedText(t: Translate, item: string): string {
  const unreadable = /^unreadable item (.+)$/.exec(item)?.[1];
  if (unreadable !== undefined) return t('settings.notSyncedUnreadable', [unreadable]);
  const tooBig = /^item (.+) over the item quota$/.exec(item)?.[1];
  if (tooBig !== undefined) return t('settings.notSyncedTooBig', [tooBig]);
  const article = /^article (.+)$/.exec(item)?.[1];
  if (article !== undefined) return t('settings.notSyncedArticle', [article]);
  const series = /^series (.+)$/s.exec(item)?.[1];
  if (series !== undefined) return t('settings.notSyncedSeries', [series]);
  return item;
}

function statusText(t: Translate, lang: string, status: Exclude<SyncStatus, { kind: 'off' }>): string {
  const time = (at: number) => new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(at);
  switch (status.kind) {
    case 'syncing':
      return t('settings.syncSyncing');
    case 'ok':
      return t('settings.syncOk', [time(status.at), status.bytes]);
    case 'full':
      return t('settings.syncFull', [status.bytes, status.limit]);
    case 'error':
      return t('settings.syncError', [status.message]);
  }
}

/** The background's last status, asked again every few seconds while the page is open. */
function useSyncStatus(): SyncStatus | null {
  const { platform } = useServices();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      void platform.syncStatus().then(
        (next) => live && setStatus(next),
        () => undefined,
      );
    load();
    const timer = setInterval(load, SYNC_STATUS_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [platform]);
  return status;
}

function NotSyncedList({ items }: { items: string[] }) {
  const { t } = useI18n();
  const more = items.length - NOT_SYNCED_SHOWN;
  return (
    <div class="kx-not-synced" data-kx-not-synced>
      <p class="kx-error">{t('settings.syncNotSynced', [items.length])}</p>
      <ul>
        {items.slice(0, NOT_SYNCED_SHOWN).map((item) => (
          <li key={item}>{notSyncedText(t, item)}</li>
        ))}
        {more > 0 && <li>{t('settings.notSyncedMore', [more])}</li>}
      </ul>
    </div>
  );
}

/** In step, full (local changes stay local), or failing (local data untouched); then what is not syncing. */
export function SyncStatusLine() {
  const { t, lang } = useI18n();
  const status = useSyncStatus();
  if (!status || status.kind === 'off') return null;
  const notSynced = status.kind === 'ok' ? (status.notSynced ?? []) : [];
  return (
    <>
      <p
        class={status.kind === 'ok' || status.kind === 'syncing' ? 'kx-hint' : 'kx-error'}
        role="status"
        data-kx-sync={status.kind}
      >
        {statusText(t, lang, status)}
      </p>
      {notSynced.length > 0 && <NotSyncedList items={notSynced} />}
    </>
  );
}
