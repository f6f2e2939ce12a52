/** Sends a PageRequest to the background; after an extension reload the old content script stays quiet. */
import { browser } from 'wxt/browser';
import type { PageRequest } from '@/utils/page-actions';

export function sendPageRequest(request: PageRequest): void {
  try {
    // Throws at once ("Extension context invalidated") when the extension was reloaded under this page.
    void browser.runtime.sendMessage(request).catch(() => undefined);
  } catch {
    // nothing to tell: the page's new content script (after a reload of the page) will be connected
  }
}
