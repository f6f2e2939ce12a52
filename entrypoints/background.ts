import { browser } from 'wxt/browser';
import { installReaderActions } from '@/background/reader-actions';
import { badgeText } from '@/utils/badge';
import { toolbarButton } from '@/utils/browsers';
import { callerOf } from '@/utils/db/access';
import type { ReaderApi } from '@/utils/db/api';
import { ReaderDatabase } from '@/utils/db/database';
import type { ReadingRecord, Settings } from '@/utils/db/model';
import { registerReaderService } from '@/utils/db/proxy';
import { createReaderService } from '@/utils/db/service';
import { STATES_CHANGED, type StatesChangedMessage } from '@/utils/reading/state-broadcasts';
import { mirrorOf, patchMirror, type StateMirror } from '@/utils/reading/state-mirror';
import { CONTENT_MATCHES } from '@/utils/site/hosts';
import { popupSummary, settingsMirror, stateMirror, syncMemory, syncStatus } from '@/utils/storage-items';
import { createSyncEngine, type SyncArea, type SyncEngine } from '@/utils/sync/engine';
import { readerApiSyncLocal } from '@/utils/sync/local';

/** The static ruleset (public/rules) that keeps the site's MathJax from loading while our renderer is on. */
const MATHJAX_RULESET = 'block_site_mathjax';

/** Mirror updates run one after another, so no change is lost between a read and a write of the mirror. */
let mirrorQueue: Promise<unknown> = Promise.resolve();
function updateMirror(change: (mirror: StateMirror) => StateMirror | Promise<StateMirror>) {
  mirrorQueue = mirrorQueue
    .then(async () => stateMirror.setValue(await change(await stateMirror.getValue())))
    .catch((error: Error) => console.error(`[Kexue Reader] state mirror: ${error.message}`));
}

async function broadcast(records: ReadingRecord[]): Promise<void> {
  if (records.length === 0) return;
  updateMirror((mirror) => patchMirror(mirror, records));
  const message: StatesChangedMessage = { type: STATES_CHANGED, records };
  const tabs = await browser.tabs.query({ url: CONTENT_MATCHES });
  await Promise.all(
    tabs.map((tab) => tab.id !== undefined && browser.tabs.sendMessage(tab.id, message).catch(() => undefined)),
  );
}

/** The renderer switch: our KaTeX or the site's own MathJax, never both. */
async function applyRenderer(settings: Settings): Promise<void> {
  await browser.declarativeNetRequest.updateEnabledRulesets(
    settings.renderer ? { enableRulesetIds: [MATHJAX_RULESET] } : { disableRulesetIds: [MATHJAX_RULESET] },
  );
}

export default defineBackground(() => {
  let sync: SyncEngine | null = null;
  const applySync = (on: boolean) => {
    if (on && !sync) {
      sync = createSyncEngine({
        area: browser.storage.sync as unknown as SyncArea,
        local: readerApiSyncLocal(service),
        memory: { load: () => syncMemory.getValue(), save: (value) => syncMemory.setValue(value) },
        onStatus: (status) => void syncStatus.setValue(status),
      });
      sync.start();
    } else if (!on && sync) {
      sync.stop();
      sync = null;
      void syncStatus.setValue({ kind: 'off' });
    }
  };
  const applySettings = async (settings: Settings) => {
    await settingsMirror.setValue(settings);
    await applyRenderer(settings);
    applySync(settings.sync);
    await readerActions.settingsApplied(settings);
  };

  const service = createReaderService(new ReaderDatabase(), {
    now: Date.now,
    broadcast: (records) => void broadcast(records),
    summaryStore: { load: () => popupSummary.getValue(), save: (summary) => popupSummary.setValue(summary) },
  });

  const refreshBadge = async () => {
    const count = await service.newPartsCount();
    await toolbarButton(browser).setBadgeText({ text: badgeText(count) });
  };
  // Calls that change what sync carries (read marks, follows).
  const changesSync = new Set<keyof ReaderApi>(['setState', 'undo', 'follow', 'unfollow', 'applyImport', 'clearAll']);
  // Calls after which the count of new parts in followed series may have changed.
  const changesBadge = new Set<keyof ReaderApi>([
    'seenAndStates',
    'importArchive',
    'follow',
    'unfollow',
    'markSeriesSeen',
    'applyImport',
    'clearAll',
    'correctSeries',
    'resetSeries',
  ]);

  const afterChange = async (key: keyof ReaderApi) => {
    if (key === 'updateSettings' || key === 'applyImport' || key === 'clearAll')
      await applySettings(await service.getSettings());
    if (key === 'applyImport' || key === 'clearAll') rebuildMirror();
    if (changesBadge.has(key)) await refreshBadge();
    if (changesSync.has(key)) sync?.schedule();
  };

  const api: ReaderApi = new Proxy(service, {
    get(target, key: keyof ReaderApi) {
      const method = target[key];
      if (typeof method !== 'function') return method;
      return async (...args: unknown[]) => {
        const result = await (method as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        // What follows a change runs after the caller has its answer: a page waits for nothing but its data.
        void afterChange(key).catch((error: Error) => console.error(`[Kexue Reader] after ${key}: ${error.message}`));
        return result;
      };
    },
  });
  const extension = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  registerReaderService(api, (sender) => callerOf(sender, extension));
  const readerActions = installReaderActions(api);

  const rebuildMirror = () => updateMirror(async () => mirrorOf((await service.getSnapshot()).reading));

  // The mirror follows every broadcast; it is rebuilt whole when the extension is installed or updated and when the
  // browser starts (not at every wake-up of this service worker).
  browser.runtime.onInstalled.addListener(rebuildMirror);
  browser.runtime.onStartup.addListener(rebuildMirror);

  // Every start of this worker re-applies what the database says (cheap: a few rows).
  void service
    .getSettings()
    .then(applySettings)
    .catch((error: Error) => console.error(`[Kexue Reader] ${error.message}`));
  void refreshBadge().catch(() => undefined);
});
