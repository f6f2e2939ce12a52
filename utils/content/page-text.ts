/**
 * The language of everything the extension writes on the blog's pages (strip, toggles, popovers). It follows the
 * language chosen on the options page, not only the browser's, and changes live: the background mirrors the settings
 * into storage.local, and each part of our UI re-labels itself when the language changes.
 */
import type { Settings } from '@/utils/db/model';
import { type Lang, loadTranslator, nativeTranslator, type Translate, type Translator } from '@/utils/i18n';
import { browserI18nLoader } from '@/utils/i18n/browser';
import { settingsMirror } from '@/utils/storage-items';

export interface PageText {
  lang: Lang;
  t: Translate;
  /** Calls `relabel` after every change of language, until the signal aborts. */
  onChange(relabel: () => void, signal: AbortSignal): void;
}

async function translatorFor(language: Settings['language']): Promise<Translator> {
  try {
    return await loadTranslator(language, browserI18nLoader);
  } catch (error) {
    // The other locale could not be loaded: the browser's own language is still readable.
    console.warn(`[Kexue Reader] ${error instanceof Error ? error.message : String(error)}`);
    return loadTranslator('browser', browserI18nLoader);
  }
}

export async function loadPageText(initial: Settings['language'], signal: AbortSignal): Promise<PageText> {
  let translator = await translatorFor(initial);
  let language = initial;
  const listeners = new Set<() => void>();
  const text: PageText = {
    get lang() {
      return translator.lang;
    },
    t: (key, substitutions) => translator.t(key, substitutions),
    onChange(relabel, until) {
      listeners.add(relabel);
      until.addEventListener('abort', () => listeners.delete(relabel), { once: true });
    },
  };
  const unwatch = settingsMirror.watch(async (settings) => {
    const next = settings?.language ?? 'browser';
    if (next === language) return;
    language = next;
    const loaded = await translatorFor(next);
    if (language !== next || signal.aborted) return; // a later change won
    translator = loaded;
    for (const relabel of listeners) relabel();
  });
  signal.addEventListener(
    'abort',
    () => {
      try {
        unwatch();
      } catch {
        // the extension was reloaded: its storage API is gone, and so is the listener
      }
    },
    { once: true },
  );
  return text;
}

/**
 * Our UI's text for a feature that starts before the settings are read (the math at DOMContentLoaded, when the page
 * itself says the renderer is ours): the browser's language until the chosen one is loaded, then every label
 * registered with onChange is relabelled, as after a change of language.
 */
export function textOnceLoaded(
  loading: Promise<PageText>,
  signal: AbortSignal,
  native: Translator = nativeTranslator(browserI18nLoader),
): PageText {
  let loaded: PageText | null = null;
  const waiting: [() => void, AbortSignal][] = [];
  void loading.then(
    (text) => {
      loaded = text;
      for (const [relabel, until] of waiting.splice(0)) {
        if (until.aborted || signal.aborted) continue;
        text.onChange(relabel, until);
        if (text.lang !== native.lang) relabel();
      }
    },
    () => undefined,
  );
  return {
    get lang() {
      return loaded?.lang ?? native.lang;
    },
    t: (key, substitutions) => (loaded ?? native).t(key, substitutions),
    onChange(relabel, until) {
      if (loaded) loaded.onChange(relabel, until);
      else waiting.push([relabel, until]);
    },
  };
}
