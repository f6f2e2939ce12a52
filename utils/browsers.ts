/**
 * Everything that differs between the Chrome (MV3) and Firefox (MV2) builds, in one place: the manifest keys that
 * differ (wxt.config.ts) and the toolbar button at run time (background). WXT itself turns `action` into MV2's
 * `browser_action` and `host_permissions` into MV2 `permissions`; what it cannot know is here. Both builds use
 * declarativeNetRequest (Firefox has it in MV2 since 113) and storage.sync with the same quotas
 * (utils/sync/codec.ts: 102,400 bytes, 8,192 a item, 512 items).
 */
export type TargetBrowser = 'chrome' | 'firefox';

/** The add-on id Firefox stores sync data and updates under: never change it once published. */
export const GECKO_ID = 'kexue-reader@kexue-reader.github.io';

/** Firefox 140 (the current ESR) is the first to know `data_collection_permissions`, which AMO requires. */
export const GECKO_MIN_VERSION = '140.0';
/** Firefox for Android 142 is the first to know `data_collection_permissions`. */
export const GECKO_ANDROID_MIN_VERSION = '142.0';

export function browserManifest(browser: TargetBrowser | string, hostPatterns: string[]): Record<string, unknown> {
  if (browser === 'firefox') {
    return {
      // None: Firefox lets the content script read the extension's own files (the messages) with fetch, so no site
      // can load or probe them (an MV2 list would open them to every site).
      browser_specific_settings: {
        // Nothing leaves the browser but what the user's own browser sync carries (opt-in).
        gecko: {
          id: GECKO_ID,
          strict_min_version: GECKO_MIN_VERSION,
          data_collection_permissions: { required: ['none'] },
        },
        gecko_android: { strict_min_version: GECKO_ANDROID_MIN_VERSION },
      },
    };
  }
  return { web_accessible_resources: [{ resources: [...PAGE_RESOURCES], matches: hostPatterns }] };
}

/**
 * What the content script reads from the extension (Chrome lets it read only web-accessible files): the messages
 * that let the page's UI speak the language chosen in the settings (not only the browser's). KaTeX's fonts and the
 * TeX worker's script are carried inside the content script (utils/tex/dom/font-bytes.ts, worker-client.ts).
 */
const PAGE_RESOURCES = ['_locales/*/messages.json'] as const;

/** What the extension uses of the toolbar button. */
export interface ToolbarButton {
  setBadgeText(details: { text: string }): Promise<void>;
  getBadgeText(details: Record<string, never>): Promise<string>;
}

/** The toolbar button's API: MV3's `action`, MV2's `browserAction`. */
export function toolbarButton(api: { action?: unknown; browserAction?: unknown }): ToolbarButton {
  const button = (api.action ?? api.browserAction) as ToolbarButton | undefined;
  if (!button) throw new Error('Neither action nor browserAction: not a browser this extension supports');
  return button;
}
