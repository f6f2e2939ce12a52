/**
 * The popup's one storage read, started before the popup's own script has loaded: entrypoints/popup-start.ts is a
 * small classic script the popup's HTML loads `async` before its module, so the read (a round trip to the browser)
 * runs while the module and the stylesheet are fetched and compiled; the module takes the answer when it runs. Any
 * failure (the early script missing, the read rejected) falls back to Platform.popupStart.
 */
import { DEFAULT_SETTINGS, type Settings } from '@/utils/db/model';
import { isPopupSummary, type PopupSummary } from '@/utils/db/summary';

/** storage.local keys of the settings mirror, the kept summary and messages (utils/storage-items.ts, no `local:`). */
export const POPUP_START_KEYS = ['settings', 'popupSummary', 'popupMessages'];

export interface PopupStart {
  settings: Settings | null;
  summary: PopupSummary | null;
  messages?: unknown;
}

type Stored = Record<string, unknown>;

/** Where the early script leaves its read for the module (both run in the popup's window). */
const scope = globalThis as { kexueReaderPopupRead?: Promise<Stored> };

/** Run by the early script: starts the read with the browser's `storage.local.get`. */
export function startPopupRead(get: (keys: string[]) => Promise<Stored>): void {
  scope.kexueReaderPopupRead = get(POPUP_START_KEYS);
}

/** What the stored values give the popup, checked as Platform.popupStart checks them. */
export function popupStartOf(stored: Stored): PopupStart {
  const settings = stored.settings as Partial<Settings> | undefined;
  return {
    settings: settings ? { ...DEFAULT_SETTINGS, ...settings } : null,
    summary: isPopupSummary(stored.popupSummary) ? stored.popupSummary : null,
    messages: stored.popupMessages,
  };
}

/** The read the early script started (once), or the platform's own read when there is none or it failed. */
export function takePopupStart(fallback: () => Promise<PopupStart>): Promise<PopupStart> {
  const early = scope.kexueReaderPopupRead;
  scope.kexueReaderPopupRead = undefined;
  return early ? early.then(popupStartOf, fallback) : fallback();
}
