/** The I18nLoader of the extension pages: the browser's i18n API and the built `_locales/<dir>/messages.json`. */
import { browser } from 'wxt/browser';
import { extensionUrl } from '@/utils/extension-url';
import { type ChromeMessages, type I18nLoader, type Lang, LOCALE_DIRS } from './index';

export const browserI18nLoader: I18nLoader = {
  uiLocale: () => browser.i18n.getUILanguage(),
  getMessage: (key, substitutions) =>
    (browser.i18n.getMessage as (key: string, subs?: string[]) => string)(
      key,
      substitutions.length ? substitutions : undefined,
    ),
  async loadMessages(lang: Lang): Promise<ChromeMessages> {
    const response = await fetch(extensionUrl(`/_locales/${LOCALE_DIRS[lang]}/messages.json`));
    if (!response.ok) throw new Error(`messages of ${lang}: HTTP ${response.status}`);
    return (await response.json()) as ChromeMessages;
  },
};
