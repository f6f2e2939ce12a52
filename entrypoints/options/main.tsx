import { render } from 'preact';
import { browser } from 'wxt/browser';
import { appRoot } from '@/components/app-root';
import { Options } from '@/components/options/Options';
import { browserPlatform } from '@/components/platform';
import { Shell } from '@/components/Shell';
import '@/components/styles.css';
import '@/components/popup.css';
import '@/components/panels.css';
import { getReaderService } from '@/utils/db/proxy';
import { browserI18nLoader } from '@/utils/i18n/browser';

render(
  <Shell api={getReaderService()} platform={browserPlatform(browser, document)} i18n={browserI18nLoader}>
    <Options />
  </Shell>,
  appRoot(),
);
