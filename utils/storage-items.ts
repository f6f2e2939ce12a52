/** What the extension keeps in browser.storage.local, beside the database. */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, type Settings } from './db/model';
import type { PopupSummary } from './db/summary';
import type { StateMirror } from './reading/state-mirror';
import type { SyncStatus } from './sync/engine';

/**
 * The settings live in the database (extension origin); the background mirrors them here so a content script knows
 * at once, without waking the background, whether to render math.
 */
export const settingsMirror = storage.defineItem<Settings>('local:settings', { fallback: DEFAULT_SETTINGS });

/** The sync engine's memory of the last sync (device-only). */
export const syncMemory = storage.defineItem<string | null>('local:syncMemory', { fallback: null });

/** What the last sync did, for the options page. */
export const syncStatus = storage.defineItem<SyncStatus>('local:syncStatus', { fallback: { kind: 'off' } });

/** Every article's reading state, mirrored by the background for instant marks on listing pages. */
export const stateMirror = storage.defineItem<StateMirror>('local:states', { fallback: {} });

/**
 * What a content script needs before it touches the page, in one storage round trip (started at document_start, it
 * is normally answered before the page is parsed).
 */
export async function loadPageStart(): Promise<{ settings: Settings; mirroredStates: StateMirror }> {
  const [settings, states] = await storage.getItems([settingsMirror, stateMirror]);
  // One item per key asked for.
  return { settings: { ...DEFAULT_SETTINGS, ...settings?.value }, mirroredStates: states?.value ?? {} };
}

/** The popup's precomputed data (utils/db/summary.ts), kept by the background's service, read by the popup at once. */
export const popupSummary = storage.defineItem<PopupSummary | null>('local:popupSummary', { fallback: null });

/** The popup's copy of the messages of a language other than the browser's (components/popup/kept-messages.ts). */
export const popupMessages = storage.defineItem<unknown>('local:popupMessages', { fallback: null });

/** When /content.html was last read (opened by the reader or refreshed), with its validators for the next refresh. */
export interface CatalogFetchState {
  fetchedAt: number;
  etag: string | null;
  lastModified: string | null;
}

export const catalogFetchState = storage.defineItem<CatalogFetchState | null>('local:catalogFetch', {
  fallback: null,
});
