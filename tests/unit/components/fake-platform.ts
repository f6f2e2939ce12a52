/** The browser side of the UI (tabs, downloads, storage.local's kept summary, sync status), recorded for tests. */
import type { Platform } from '@/components/platform';
import type { Settings } from '@/utils/db/model';
import type { PopupSummary } from '@/utils/db/summary';
import type { SyncStatus } from '@/utils/sync/engine';

export class FakePlatform implements Platform {
  opened: string[] = [];
  downloads: { fileName: string; mimeType: string; content: string }[] = [];
  optionsOpened = 0;
  constructor(public tabUrl: string | null = null) {}
  openTab(url: string) {
    this.opened.push(url);
  }
  async activeTabUrl() {
    return this.tabUrl;
  }
  openOptionsPage() {
    this.optionsOpened++;
  }
  download(fileName: string, mimeType: string, content: string) {
    this.downloads.push({ fileName, mimeType, content });
  }
  sync: SyncStatus = { kind: 'off' };
  async syncStatus() {
    return this.sync;
  }
  /** What storage.local holds for the popup (none by default: the popup asks the api). */
  kept: { settings: Settings | null; summary: PopupSummary | null } = { settings: null, summary: null };
  async popupStart() {
    return this.kept;
  }
  summaryListeners = new Set<(summary: PopupSummary) => void>();
  watchPopupSummary(listener: (summary: PopupSummary) => void) {
    this.summaryListeners.add(listener);
    return () => void this.summaryListeners.delete(listener);
  }
}
