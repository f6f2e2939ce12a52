import { render } from 'preact';
import { browser } from 'wxt/browser';
import { browserPlatform } from '@/components/platform';
import { Options } from '@/components/options/Options';
import { Shell } from '@/components/Shell';
import '@/components/styles.css';
import { getReaderService } from '@/utils/db/proxy';
import { browserI18nLoader } from '@/utils/i18n/browser';

render(
  <Shell api={getReaderService()} platform={browserPlatform(browser, document)} i18n={browserI18nLoader}>
    <Options />
  </Shell>,
  document.getElementById('app')!,
);
