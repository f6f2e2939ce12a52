/**
 * Loads the settings and the translator every page needs, applies theme and language to the document, and provides
 * the contexts. Shows the database's error (meant for the user) instead of the page when the settings can't load.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import type { ReaderApi } from '@/utils/db/api';
import type { Settings } from '@/utils/db/model';
import { type I18nLoader, loadTranslator, type Translator } from '@/utils/i18n';
import { ErrorBanner } from './common';
import { I18nContext, ServicesContext, SettingsContext, type SettingsState } from './context';
import type { Platform } from './platform';

export interface ShellProps {
  api: ReaderApi;
  platform: Platform;
  i18n: I18nLoader;
  /**
   * Settings and translator the entrypoint already has (the popup reads the settings mirrored in storage.local with
   * its summary): the first render is the page itself, with no wait for the api. Without it they are loaded here.
   */
  preloaded?: { settings: Settings; translator: Translator };
  children: ComponentChildren;
}

type Loaded =
  | { kind: 'loading' }
  | { kind: 'ready'; settings: Settings; translator: Translator }
  | { kind: 'failed'; error: unknown; translator: Translator };

/** The chosen language's translator, or the browser's when the other locale can't be loaded. */
export async function translatorFor(language: Settings['language'], loader: I18nLoader): Promise<Translator> {
  try {
    return await loadTranslator(language, loader);
  } catch (error) {
    console.warn('[kexue-reader] language', language, 'unavailable:', error);
    return loadTranslator('browser', loader);
  }
}

function applyToDocument(settings: Settings, translator: Translator): void {
  const root = document.documentElement;
  root.lang = translator.lang;
  root.dataset.theme = settings.theme;
}

export function Shell({ api, platform, i18n, preloaded, children }: ShellProps) {
  const [loaded, setLoaded] = useState<Loaded>(preloaded ? { kind: 'ready', ...preloaded } : { kind: 'loading' });

  useEffect(() => {
    if (preloaded) return;
    let live = true;
    api
      .getSettings()
      .then(async (settings) => ({
        kind: 'ready' as const,
        settings,
        translator: await translatorFor(settings.language, i18n),
      }))
      .catch(async (error: unknown) => ({
        kind: 'failed' as const,
        error,
        translator: await translatorFor('browser', i18n),
      }))
      .then((next) => {
        if (live) setLoaded(next);
      });
    return () => {
      live = false;
    };
    // Loaded once (or given): later changes come through SettingsState.
  }, [api, i18n, preloaded]);

  // Before the browser paints: no frame in the wrong theme or language.
  useLayoutEffect(() => {
    if (loaded.kind === 'ready') applyToDocument(loaded.settings, loaded.translator);
  }, [loaded]);

  const services = useMemo(() => ({ api, platform }), [api, platform]);
  const settingsState = useMemo<SettingsState | null>(() => {
    if (loaded.kind !== 'ready') return null;
    const follow = async (settings: Settings) => {
      const translator =
        settings.language === loaded.settings.language
          ? loaded.translator
          : await translatorFor(settings.language, i18n);
      setLoaded({ kind: 'ready', settings, translator });
    };
    return {
      settings: loaded.settings,
      update: async (patch) => follow(await api.updateSettings(patch)),
      reload: async () => follow(await api.getSettings()),
    };
  }, [loaded, api, i18n]);

  if (loaded.kind === 'loading') return null;
  if (loaded.kind === 'failed') {
    return (
      <I18nContext.Provider value={loaded.translator}>
        <main class="kx-page">
          <ErrorBanner error={loaded.error} />
        </main>
      </I18nContext.Provider>
    );
  }
  return (
    <ServicesContext.Provider value={services}>
      <I18nContext.Provider value={loaded.translator}>
        <SettingsContext.Provider value={settingsState}>{children}</SettingsContext.Provider>
      </I18nContext.Provider>
    </ServicesContext.Provider>
  );
}
