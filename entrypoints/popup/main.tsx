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
// Ask for the series while the Shell loads the settings: both round trips run at once.
const preloaded = loadPopupData(api, platform);
// Its error is shown by the popup once mounted; until then it must not count as unhandled.
preloaded.catch(() => {});

render(
  <Shell api={api} platform={platform} i18n={browserI18nLoader}>
    <Popup preloaded={preloaded} />
  </Shell>,
  document.getElementById('app')!,
);
