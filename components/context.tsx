/** What every component may use: the reader service, the platform hooks, translations and the live settings. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ReaderApi } from '@/utils/db/api';
import type { Settings } from '@/utils/db/model';
import type { Translator } from '@/utils/i18n';
import type { Platform } from './platform';

export interface Services {
  api: ReaderApi;
  platform: Platform;
}

export interface SettingsState {
  settings: Settings;
  /** Saves a change through the api; the UI follows (language, theme) once it is saved. */
  update(patch: Partial<Settings>): Promise<void>;
  /** Reads the settings again after something else replaced them (import, clear all). */
  reload(): Promise<void>;
}

export const ServicesContext = createContext<Services | null>(null);
export const I18nContext = createContext<Translator | null>(null);
export const SettingsContext = createContext<SettingsState | null>(null);

function need<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what} used outside <Shell>`);
  return value;
}

export const useServices = () => need(useContext(ServicesContext), 'useServices');
export const useI18n = () => need(useContext(I18nContext), 'useI18n');
export const useSettings = () => need(useContext(SettingsContext), 'useSettings');
