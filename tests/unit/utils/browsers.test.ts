/** What differs between the Chrome (MV3) and Firefox (MV2) builds, decided in utils/browsers.ts. */
import { describe, expect, it } from 'vitest';
import { browserManifest, GECKO_ID, toolbarButton } from '@/utils/browsers';

const hosts = ['http://kexue.fm/*', 'https://kexue.fm/*'];
/**
 * The messages of the language chosen in the settings: nothing else (KaTeX's fonts and the TeX worker's script are
 * carried inside the content script).
 */
const PAGE_RESOURCES = ['_locales/*/messages.json'];

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
    // Its content script reads the messages with fetch, which Firefox allows without it.
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
