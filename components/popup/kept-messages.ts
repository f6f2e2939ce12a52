/**
 * The messages of a language other than the browser's, kept in storage.local by the popup. `browser.i18n` speaks only
 * the browser's language, so the other one is fetched from the built `_locales/<dir>/messages.json` (utils/i18n):
 * measured in the popup, that fetch was the slowest step of an open (60–130 ms on a loaded machine, more than
 * everything else of ours together). Kept after the first fetch, the messages come with the settings and the summary
 * in the popup's one storage read. Tied to the extension's version: an update brings its own messages.
 */
import type { ChromeMessages, I18nLoader, Lang } from '@/utils/i18n';

export interface KeptMessages {
  /** The extension's version (manifest) whose messages these are. */
  version: string;
  lang: Lang;
  messages: ChromeMessages;
}

/** A stored value is a kept copy of some language's messages (anything else is fetched again and replaced). */
export function isKeptMessages(value: unknown): value is KeptMessages {
  const kept = value as KeptMessages | null;
  return (
    !!kept &&
    typeof kept.version === 'string' &&
    (kept.lang === 'en' || kept.lang === 'zh-CN') &&
    !!kept.messages &&
    typeof kept.messages === 'object'
  );
}

/**
 * `loader`, whose messages come from `kept` when it holds that language of this `version`; otherwise they are
 * fetched, and what was fetched is handed to `keep` for the next open (a failure to keep them is only logged).
 */
export function keptMessagesLoader(
  loader: I18nLoader,
  kept: unknown,
  version: string,
  keep: (kept: KeptMessages) => Promise<void>,
): I18nLoader {
  return {
    uiLocale: () => loader.uiLocale(),
    getMessage: (key, substitutions) => loader.getMessage(key, substitutions),
    async loadMessages(lang) {
      if (isKeptMessages(kept) && kept.version === version && kept.lang === lang) return kept.messages;
      const messages = await loader.loadMessages(lang);
      keep({ version, lang, messages }).catch((error: unknown) =>
        console.warn('[kexue-reader] could not keep the messages of', lang, error),
      );
      return messages;
    },
  };
}
