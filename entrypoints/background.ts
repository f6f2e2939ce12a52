import { browser } from 'wxt/browser';
import { ReaderDatabase } from '../utils/db/database';
import type { ReaderApi } from '../utils/db/api';
import type { ReadingRecord, Settings } from '../utils/db/model';
import { registerReaderService } from '../utils/db/proxy';
import { createReaderService } from '../utils/db/service';
import { CONTENT_MATCHES } from '../utils/site/hosts';
import { STATES_CHANGED, type StatesChangedMessage } from '../features/state-broadcasts';
import { settingsMirror } from '../features/settings-mirror';
import { badgeText } from '../utils/badge';

/** The static ruleset (public/rules) that keeps the site's MathJax from loading while our renderer is on. */
const MATHJAX_RULESET = 'block_site_mathjax';

async function broadcast(records: ReadingRecord[]): Promise<void> {
  if (records.length === 0) return;
  const message: StatesChangedMessage = { type: STATES_CHANGED, records };
  const tabs = await browser.tabs.query({ url: CONTENT_MATCHES });
  await Promise.all(tabs.map((tab) => tab.id !== undefined && browser.tabs.sendMessage(tab.id, message).catch(() => undefined)));
}

/** The renderer switch: our KaTeX or the site's own MathJax, never both. */
async function applySettings(settings: Settings): Promise<void> {
  await settingsMirror.setValue(settings);
  await browser.declarativeNetRequest.updateEnabledRulesets(
    settings.renderer ? { enableRulesetIds: [MATHJAX_RULESET] } : { disableRulesetIds: [MATHJAX_RULESET] },
  );
}

export default defineBackground(() => {
  const service = createReaderService(new ReaderDatabase(), {
    now: Date.now,
    broadcast: (records) => void broadcast(records),
  });

  const refreshBadge = async () => {
    const count = await service.newPartsCount();
    await browser.action.setBadgeText({ text: badgeText(count) });
  };
  // Calls after which the count of new parts in followed series may have changed.
  const changesBadge = new Set<keyof ReaderApi>(['seenAndStates', 'importArchive', 'follow', 'unfollow', 'markSeriesSeen', 'applyImport', 'clearAll', 'correctSeries']);

  const api: ReaderApi = new Proxy(service, {
    get(target, key: keyof ReaderApi) {
      const method = target[key];
      if (typeof method !== 'function') return method;
      return async (...args: unknown[]) => {
        const result = await (method as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (key === 'updateSettings' || key === 'applyImport' || key === 'clearAll') await applySettings(await target.getSettings());
        if (changesBadge.has(key)) await refreshBadge();
        return result;
      };
    },
  });
  registerReaderService(api);

  // A fresh start (install, update, browser start) re-applies what the database says.
  void service.getSettings().then(applySettings).catch((error: Error) => console.error(`[Kexue Reader] ${error.message}`));
  void refreshBadge().catch(() => undefined);
});
