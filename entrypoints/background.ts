import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
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

/** Sync through the browser's own storage, running only while the reader has it switched on. */
function syncSwitch(service: ReaderApi) {
  let sync: SyncEngine | null = null;
  const turn = (on: boolean) => {
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
  return { turn, schedule: () => sync?.schedule() };
}

/** Calls that change what sync carries (read marks, follows). */
const CHANGES_SYNC = new Set<keyof ReaderApi>(['setState', 'undo', 'follow', 'unfollow', 'applyImport', 'clearAll']);
/** Calls after which the count of new parts in followed series may have changed. */
const CHANGES_BADGE = new Set<keyof ReaderApi>([
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
/** Calls after which the settings are applied again (mirror, renderer rule, sync, menus). */
const CHANGES_SETTINGS = new Set<keyof ReaderApi>(['updateSettings', 'applyImport', 'clearAll']);
/** Calls after which the state mirror is rebuilt whole (a broadcast cannot say what they removed). */
const CHANGES_EVERYTHING = new Set<keyof ReaderApi>(['applyImport', 'clearAll']);

/** The service as callers see it: each call answers first, then `afterChange` runs for it. */
function withFollowUps(service: ReaderApi, afterChange: (key: keyof ReaderApi) => Promise<void>): ReaderApi {
  return new Proxy(service, {
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
}

export default defineBackground(() => {
  const service = createReaderService(new ReaderDatabase(), {
    now: Date.now,
    broadcast: (records) => void broadcast(records),
    summaryStore: { load: () => popupSummary.getValue(), save: (summary) => popupSummary.setValue(summary) },
  });
  const sync = syncSwitch(service);
  const applySettings = async (settings: Settings) => {
    await settingsMirror.setValue(settings);
    await applyRenderer(settings);
    sync.turn(settings.sync);
    await readerActions.settingsApplied(settings);
  };
  const refreshBadge = async () => {
    const count = await service.newPartsCount();
    await toolbarButton(browser).setBadgeText({ text: badgeText(count) });
  };
  const rebuildMirror = () => updateMirror(async () => mirrorOf((await service.getSnapshot()).reading));

  const api = withFollowUps(service, async (key) => {
    if (CHANGES_SETTINGS.has(key)) await applySettings(await service.getSettings());
    if (CHANGES_EVERYTHING.has(key)) rebuildMirror();
    if (CHANGES_BADGE.has(key)) await refreshBadge();
    if (CHANGES_SYNC.has(key)) sync.schedule();
  });
  const extension = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  registerReaderService(api, (sender) => callerOf(sender, extension));
  const readerActions = installReaderActions(api);

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
