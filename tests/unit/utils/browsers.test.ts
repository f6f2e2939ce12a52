/** What differs between the Chrome (MV3) and Firefox (MV2) builds, decided in utils/browsers.ts. */
import { describe, expect, it } from 'vitest';
import { browserManifest, GECKO_ID, toolbarButton, workerScriptLoading } from '@/utils/browsers';

const hosts = ['http://kexue.fm/*', 'https://kexue.fm/*'];
/** KaTeX's fonts, the messages of the language chosen in the settings, the TeX worker's script: nothing else. */
const PAGE_RESOURCES = ['katex/fonts/*', '_locales/*/messages.json', 'tex-worker.js'];

describe('browserManifest', () => {
  it('Chrome: the files its content script reads are web-accessible to the blog hosts only, no gecko settings', () => {
    expect(browserManifest('chrome', hosts)).toEqual({
      web_accessible_resources: [{ resources: PAGE_RESOURCES, matches: hosts }],
    });
  });

  it('Firefox: nothing web-accessible (no site can load its files), a fixed gecko id, no data collected', () => {
    const manifest = browserManifest('firefox', hosts) as {
      web_accessible_resources?: unknown;
      browser_specific_settings: { gecko: Record<string, unknown> };
    };
    // Its content script reads fonts, messages and the worker with fetch, which Firefox allows without it.
    expect(manifest).not.toHaveProperty('web_accessible_resources');
    expect(manifest.browser_specific_settings.gecko.id).toBe(GECKO_ID);
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });
});

describe('toolbarButton', () => {
  it('is MV3 action in Chrome and MV2 browserAction in Firefox', () => {
    const action = { setBadgeText: async () => undefined, getBadgeText: async () => '' };
    expect(toolbarButton({ action })).toBe(action);
    expect(toolbarButton({ browserAction: action })).toBe(action);
    expect(() => toolbarButton({})).toThrow(/Neither action nor browserAction/);
  });
});

describe('workerScriptLoading', () => {
  it('loads the worker script on its own thread where it is web-accessible, reads it first where nothing is', () => {
    expect(workerScriptLoading('chrome')).toBe('importScripts');
    // Firefox has no web_accessible_resources (above): a page-origin worker could not importScripts the file.
    expect(workerScriptLoading('firefox')).toBe('fetch');
    expect(browserManifest('chrome', hosts)).toHaveProperty('web_accessible_resources');
  });
});
