/**
 * A page's own renderer (the strip's "Math" button): a session rule for its tab lets the site's MathJax through, or
 * keeps it out, whatever the global setting says. The rule lasts while the tab stays on the page (path) it was chosen
 * on; a tab that leaves that page, or closes, follows the global setting again.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';

/** Which page (path) each tab chose its own renderer on. */
const tabRendererPaths = storage.defineItem<Record<number, string>>('session:tabRendererPaths', { fallback: {} });

/** Session rules for one tab's renderer choice: ids above the static ruleset's. */
const TAB_RULE_BASE = 100_000;
const MATHJAX_PATH = '^https?://(www\\.)?(kexue\\.fm|spaces\\.ac\\.cn)/static/MathJax-2\\.7\\.9/';

/** This tab's own renderer (true: ours, false: the site's MathJax), or null to drop the tab's rule. */
export async function setTabRenderer(tabId: number, want: boolean | null, path?: string): Promise<void> {
  const id = TAB_RULE_BASE + tabId;
  const paths = { ...(await tabRendererPaths.getValue()) };
  if (want === null || path === undefined) delete paths[tabId];
  else paths[tabId] = path;
  await tabRendererPaths.setValue(paths);
  const rule = {
    id,
    priority: 2,
    action: { type: want ? 'block' : 'allow' },
    condition: {
      regexFilter: MATHJAX_PATH,
      tabIds: [tabId],
      resourceTypes: ['script', 'xmlhttprequest', 'font', 'stylesheet', 'image', 'other'],
    },
  };
  await browser.declarativeNetRequest.updateSessionRules({
    removeRuleIds: [id],
    // The rule's string literals are the API's enums; WXT's types name them as enums only.
    addRules: want === null ? [] : ([rule] as never),
  });
}

/** Drops a tab's rule when the tab leaves the page it chose a renderer for, or closes. */
export function forgetTabRenderersOnLeave(report: (error: unknown) => void): void {
  browser.tabs.onUpdated.addListener((tabId, change) => {
    const url = change.url;
    if (url === undefined) return;
    void tabRendererPaths
      .getValue()
      .then(async (paths) => {
        const path = paths[tabId];
        if (path !== undefined && path !== new URL(url).pathname) await setTabRenderer(tabId, null);
      })
      .catch(report);
  });
  browser.tabs.onRemoved.addListener((tabId) => void setTabRenderer(tabId, null).catch(() => undefined));
}
