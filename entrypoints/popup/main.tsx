import { render } from 'preact';
import { browser } from 'wxt/browser';
import { appRoot } from '@/components/app-root';
import { browserPlatform } from '@/components/platform';
import { keptMessagesLoader } from '@/components/popup/kept-messages';
import { Popup } from '@/components/popup/Popup';
import { fromSummary, loadPopupData } from '@/components/popup/popup-data';
import { takePopupStart } from '@/components/popup/popup-start';
import { Shell, translatorFor } from '@/components/Shell';
import '@/components/styles.css';
import '@/components/popup.css';
import '@/components/panels.css';
import { getReaderService } from '@/utils/db/proxy';
import { browserI18nLoader } from '@/utils/i18n/browser';
import { popupMessages } from '@/utils/storage-items';

// The bench (scripts/bench-popup.ts) prints the time between these marks: script running, storage answered, rendered.
performance.mark('kx:popup-script');
const api = getReaderService();
const platform = browserPlatform(browser, document);

/**
 * One storage read, started by the early script (components/popup/popup-start.ts), gives the settings the background
 * mirrors, the summary it keeps and the messages of a language other than the browser's that an earlier open kept:
 * the first render is the finished popup, without waiting for the background or a fetch. Without a kept summary
 * (first run) the popup asks the service; without mirrored settings the Shell does.
 */
async function open(): Promise<void> {
  const start = await takePopupStart(() => platform.popupStart()).catch(() => ({
    settings: null,
    summary: null,
    messages: null,
  }));
  performance.mark('kx:popup-read');
  const version = browser.runtime.getManifest().version;
  const i18n = keptMessagesLoader(browserI18nLoader, start.messages, version, (kept) => popupMessages.setValue(kept));
  const ready = start.settings && {
    settings: start.settings,
    translator: await translatorFor(start.settings.language, i18n),
  };
  const initial = start.summary ? fromSummary(start.summary) : undefined;
  const preloaded = initial ? undefined : loadPopupData(api, Promise.resolve(start));
  // Its error is shown by the popup once mounted; until then it must not count as unhandled.
  preloaded?.catch(() => {});
  render(
    <Shell api={api} platform={platform} i18n={i18n} preloaded={ready ?? undefined}>
      <Popup initial={initial} preloaded={preloaded} />
    </Shell>,
    appRoot(),
  );
  performance.mark('kx:popup-rendered');
}

void open();
