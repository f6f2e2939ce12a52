import { render } from 'preact';
import { browser } from 'wxt/browser';
import { appRoot } from '@/components/app-root';
import { browserPlatform } from '@/components/platform';
import { Popup } from '@/components/popup/Popup';
import { fromSummary, loadPopupData } from '@/components/popup/popup-data';
import { Shell, translatorFor } from '@/components/Shell';
import '@/components/styles.css';
import '@/components/popup.css';
import '@/components/panels.css';
import { getReaderService } from '@/utils/db/proxy';
import { browserI18nLoader } from '@/utils/i18n/browser';

const api = getReaderService();
const platform = browserPlatform(browser, document);

/**
 * One storage read gives the settings the background mirrors and the summary it keeps: the first render is the
 * finished popup, without waiting for the background. Without a kept summary (first run) the popup asks the service;
 * without mirrored settings the Shell does.
 */
async function open(): Promise<void> {
  const start = await platform.popupStart().catch(() => ({ settings: null, summary: null }));
  const ready = start.settings && {
    settings: start.settings,
    translator: await translatorFor(start.settings.language, browserI18nLoader),
  };
  const initial = start.summary ? fromSummary(start.summary) : undefined;
  const preloaded = initial ? undefined : loadPopupData(api, Promise.resolve(start));
  // Its error is shown by the popup once mounted; until then it must not count as unhandled.
  preloaded?.catch(() => {});
  render(
    <Shell api={api} platform={platform} i18n={browserI18nLoader} preloaded={ready ?? undefined}>
      <Popup initial={initial} preloaded={preloaded} />
    </Shell>,
    appRoot(),
  );
}

void open();
