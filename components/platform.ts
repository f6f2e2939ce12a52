import { storage } from 'wxt/utils/storage';
import type { Settings } from '@/utils/db/model';
import { isPopupSummary, type PopupSummary } from '@/utils/db/summary';
import { popupMessages, popupSummary, settingsMirror, syncStatus } from '@/utils/storage-items';
import type { SyncStatus } from '@/utils/sync/engine';

/**
 * What the UI needs from the browser besides the ReaderApi. The entrypoints implement it with `browser`; tests pass a
 * fake. Components never touch extension APIs themselves.
 */
export interface Platform {
  /** Opens a URL in a new tab (the popup closes on its own). */
  openTab(url: string): void;
  /** The URL of the active tab of the current window, or null when it is not visible to the extension. */
  activeTabUrl(): Promise<string | null>;
  openOptionsPage(): void;
  /** Saves a file to the user's downloads. */
  download(fileName: string, mimeType: string, content: string): void;
  /** What the background's last sync did. */
  syncStatus(): Promise<SyncStatus>;
  /**
   * What the popup needs to open, in one storage read that does not wake the background: the settings and the
   * precomputed summary as the background mirrored them (null when there is none yet, or of another version), and
   * the messages the popup kept of a language other than the browser's (components/popup/kept-messages.ts).
   */
  popupStart(): Promise<{ settings: Settings | null; summary: PopupSummary | null; messages?: unknown }>;
  /** Calls `listener` with each new summary the background keeps; returns the function that stops it. */
  watchPopupSummary(listener: (summary: PopupSummary) => void): () => void;
}

/** A download made inside the page (Blob + object URL + `<a download>`), which needs no downloads permission. */
export function downloadInPage(doc: Document, fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  // Revoke later: the download may start after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The part of the extension API the platform uses (structural, so `browser` from 'wxt/browser' fits). */
export interface BrowserLike {
  tabs: {
    create(properties: { url: string }): Promise<unknown>;
    query(query: { active: true; currentWindow: true }): Promise<{ url?: string }[]>;
  };
  runtime: { openOptionsPage(): Promise<void> };
}

/** The platform of the extension pages, given the browser object by the entrypoint. */
export function browserPlatform(browser: BrowserLike, doc: Document): Platform {
  const report = (what: string) => (error: unknown) => console.error(`[kexue-reader] ${what}:`, error);
  return {
    openTab: (url) => void browser.tabs.create({ url }).catch(report('open tab')),
    async activeTabUrl() {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      return tab?.url ?? null;
    },
    openOptionsPage: () => void browser.runtime.openOptionsPage().catch(report('open options')),
    download: (fileName, mimeType, content) => downloadInPage(doc, fileName, mimeType, content),
    syncStatus: () => syncStatus.getValue(),
    async popupStart() {
      const keys = [settingsMirror.key, popupSummary.key, popupMessages.key];
      const [settings, summary, messages] = (await storage.getItems(keys)).map((i) => i.value);
      return {
        settings: settings ? { ...settingsMirror.fallback, ...(settings as Settings) } : null,
        summary: isPopupSummary(summary) ? summary : null,
        messages,
      };
    },
    watchPopupSummary: (listener) => popupSummary.watch((summary) => isPopupSummary(summary) && listener(summary)),
  };
}
