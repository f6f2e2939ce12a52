import { render } from 'preact';
import { browser } from 'wxt/browser';
import { browserPlatform } from '../../components/platform';
import { loadPopupData, Popup } from '../../components/popup/Popup';
import { Shell } from '../../components/Shell';
import '../../components/styles.css';
import { getReaderService } from '../../utils/db/proxy';
import { browserI18nLoader } from '../../utils/i18n/browser';

const api = getReaderService();
const platform = browserPlatform(browser, document);
// One storage read gives the settings and the precomputed summary: the popup opens without waiting for the
// background (asked only when no summary is kept yet).
const start = platform.popupStart();
const preloaded = loadPopupData(api, start);
// Its error is shown by the popup once mounted; until then it must not count as unhandled.
preloaded.catch(() => {});

render(
  <Shell api={api} platform={platform} i18n={browserI18nLoader} initialSettings={start.then((s) => s.settings)}>
    <Popup preloaded={preloaded} />
  </Shell>,
  document.getElementById('app')!,
);
