/**
 * The `chrome` global of the extension's service worker, for the Chromium suites' `worker.evaluate` callbacks (they
 * run there, not in Node): WXT's browser types, plus `dispatch` on the events a test fires as the browser would.
 */
import type { Browser } from 'wxt/browser';

interface Dispatchable<Args extends unknown[]> {
  /** Runs the event's listeners with these arguments (Chrome's own events have it; the types don't say so). */
  dispatch(...args: Args): void;
}

type Api = typeof Browser;

export type WorkerChrome = Omit<Api, 'commands' | 'contextMenus'> & {
  commands: Api['commands'] & { onCommand: Dispatchable<[string, Browser.tabs.Tab?]> };
  contextMenus: Api['contextMenus'] & {
    onClicked: Dispatchable<[Partial<Browser.contextMenus.OnClickData>, Browser.tabs.Tab | undefined]>;
  };
};
