/**
 * The background's side of the reader's keys, menus and renderer switch:
 * - `commands` (rebindable in the browser): mark the current article read / unread, go to the next part of its series,
 *   switch the renderer;
 * - the context menu on the blog: "Copy TeX" / "Show TeX" on a formula, "Mark as read / unread" on an article link,
 *   titled in the language chosen on the options page;
 * - the renderer switch without a manual reload: blog tabs are reloaded once the network rule is in place, and a page
 *   can have its own renderer (a rule for its tab);
 * - requests from the page's own UI (open a series) and the first-run page on install.
 */
import { browser } from 'wxt/browser';
import { storage } from '#imports';
import type { ReaderApi } from '@/utils/db/api';
import type { Settings } from '@/utils/db/model';
import { extensionUrl } from '@/utils/extension-url';
import { loadTranslator, type Translator } from '@/utils/i18n';
import { browserI18nLoader } from '@/utils/i18n/browser';
import { isPageRequest, PAGE_COMMAND, type PageCommand, type PageRequest } from '@/utils/page-actions';
import { BLOG_HOSTS, CONTENT_MATCHES, isBlogHost } from '@/utils/site/hosts';
import { articleIdOf } from '@/utils/site/url';

/** Which page (path) each tab chose its own renderer on; the tab's rule is dropped when it leaves that page. */
const tabRendererPaths = storage.defineItem<Record<number, string>>('session:tabRendererPaths', { fallback: {} });
/** The renderer setting the blog's tabs were last loaded with (null before the first time). */
const appliedRenderer = storage.defineItem<boolean | null>('session:appliedRenderer', { fallback: null });

export const COMMANDS = {
  toggleRead: 'toggle-read',
  nextPart: 'next-part',
  toggleRenderer: 'toggle-renderer',
} as const;
export const MENU = { copyTex: 'kx-copy-tex', showTex: 'kx-show-tex', mark: 'kx-mark' } as const;

const ARTICLE_LINKS = BLOG_HOSTS.map((host) => `*://${host}/archives/*`);
/** Session rules for one tab's renderer choice: ids above the static ruleset's. */
const TAB_RULE_BASE = 100_000;
const MATHJAX_PATH = '^https?://(www\\.)?(kexue\\.fm|spaces\\.ac\\.cn)/static/MathJax-2\\.7\\.9/';

type Menus = typeof browser.contextMenus;
const menus = (): Menus => browser.contextMenus ?? (browser as unknown as { menus: Menus }).menus;

function isBlogUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    return isBlogHost(new URL(url).host);
  } catch {
    return false;
  }
}

export interface ReaderActions {
  /** Runs a command as the browser does when its key is pressed (exported for the tests and the popup alike). */
  onCommand(command: string, tab?: { id?: number; url?: string }): Promise<void>;
  onMenuClicked(
    info: { menuItemId: string | number; linkUrl?: string; frameId?: number },
    tab?: { id?: number },
  ): Promise<void>;
  /** Call after the settings were applied: reloads blog tabs when the renderer changed, relabels the menu. */
  settingsApplied(settings: Settings): Promise<void>;
}

export function installReaderActions(service: ReaderApi): ReaderActions {
  let translator: Translator | null = null;
  let language: Settings['language'] | null = null;
  let applying: Promise<void> = Promise.resolve();
  /** The link the last right press was on: its state picks the "Mark as …" label. */
  let linkRead: boolean | null = null;

  const t = async (): Promise<Translator> =>
    translator ?? (translator = await loadTranslator(language ?? 'browser', browserI18nLoader));

  const createMenus = async () => {
    const { t: tr } = await t();
    await menus().removeAll();
    const documentUrlPatterns = CONTENT_MATCHES;
    menus().create({
      id: MENU.copyTex,
      title: tr('content.menuCopyTex'),
      contexts: ['all'],
      documentUrlPatterns,
      visible: false,
    });
    menus().create({
      id: MENU.showTex,
      title: tr('content.menuShowTex'),
      contexts: ['all'],
      documentUrlPatterns,
      visible: false,
    });
    menus().create({
      id: MENU.mark,
      title: tr('content.menuMarkToggle'),
      contexts: ['link'],
      documentUrlPatterns,
      targetUrlPatterns: ARTICLE_LINKS,
    });
  };

  const toggleRead = async (id: string) => {
    const current = (await service.getStates([id]))[id];
    await service.setState([id], current?.state === 'read' ? 'unread' : 'read', 'manual');
  };

  const reloadBlogTabs = async () => {
    const tabs = await browser.tabs.query({ url: CONTENT_MATCHES });
    await Promise.all(tabs.map((tab) => tab.id !== undefined && browser.tabs.reload(tab.id).catch(() => undefined)));
  };

  /** This tab's own renderer: a session rule that lets the site's MathJax through, or keeps it out. */
  const setTabRenderer = async (tabId: number, want: boolean | null, path?: string) => {
    const id = TAB_RULE_BASE + tabId;
    const paths = { ...(await tabRendererPaths.getValue()) };
    if (want === null || path === undefined) delete paths[tabId];
    else paths[tabId] = path;
    await tabRendererPaths.setValue(paths);
    await browser.declarativeNetRequest.updateSessionRules({
      removeRuleIds: [id],
      addRules:
        want === null
          ? []
          : ([
              {
                id,
                priority: 2,
                action: { type: want ? 'block' : 'allow' },
                condition: {
                  regexFilter: MATHJAX_PATH,
                  tabIds: [tabId],
                  resourceTypes: ['script', 'xmlhttprequest', 'font', 'stylesheet', 'image', 'other'],
                },
              },
            ] as never),
    });
  };

  const actions: ReaderActions = {
    async onCommand(command, tab) {
      const id = tab?.url ? articleIdOf(tab.url) : null;
      if (command === COMMANDS.toggleRenderer) {
        const settings = await service.getSettings();
        await service.updateSettings({ renderer: !settings.renderer });
      } else if (command === COMMANDS.toggleRead && id) {
        await toggleRead(id);
      } else if (command === COMMANDS.nextPart && id && tab?.id !== undefined) {
        const next = (await service.seriesNavigation(id))?.next;
        if (next) await browser.tabs.update(tab.id, { url: new URL(`/archives/${next.id}`, tab.url).href });
      }
    },
    async onMenuClicked(info, tab) {
      if (info.menuItemId === MENU.mark) {
        const id = info.linkUrl && isBlogUrl(info.linkUrl) ? articleIdOf(info.linkUrl) : null;
        if (id) await toggleRead(id);
        return;
      }
      const action =
        info.menuItemId === MENU.copyTex ? 'copy-tex' : info.menuItemId === MENU.showTex ? 'show-tex' : null;
      if (!action || tab?.id === undefined) return;
      const command: PageCommand = { type: PAGE_COMMAND, action };
      await browser.tabs.sendMessage(tab.id, command, { frameId: info.frameId ?? 0 });
    },
    settingsApplied(settings) {
      // One at a time, against the database's latest settings: two changes applied close together (a language,
      // then the renderer) must not leave a stale renderer behind and skip a reload.
      applying = applying
        .then(async () => {
          const latest = await service.getSettings().catch(() => settings);
          if (language !== latest.language) {
            language = latest.language;
            translator = null;
            await createMenus();
          }
          // Kept in session storage: a command may wake this worker, which must still know what the tabs were loaded with.
          const before = await appliedRenderer.getValue();
          await appliedRenderer.setValue(latest.renderer);
          if (before !== null && before !== latest.renderer) await reloadBlogTabs();
        })
        .catch(report);
      return applying;
    },
  };

  browser.commands?.onCommand.addListener((command, tab) => void actions.onCommand(command, tab).catch(report));
  menus().onClicked.addListener((info, tab) => void actions.onMenuClicked(info, tab).catch(report));
  browser.runtime.onInstalled.addListener((details) => {
    void createMenus().catch(report);
    if (details.reason === 'install') void browser.tabs.create({ url: extensionUrl('/welcome.html') });
  });

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (!isPageRequest(message)) return;
    // Only our own content scripts on the blog's pages talk this way.
    if (sender.id !== browser.runtime.id || !sender.tab?.id || !isBlogUrl(sender.tab.url ?? sender.url)) return;
    void handlePageRequest(
      message,
      sender.tab.id,
      sender.frameId ?? 0,
      new URL(sender.url ?? sender.tab.url!).pathname,
    ).catch(report);
  });

  async function handlePageRequest(request: PageRequest, tabId: number, frameId: number, senderPath: string) {
    switch (request.action) {
      case 'open-series':
        await browser.tabs.create({
          url: extensionUrl(`/popup.html?series=${encodeURIComponent(request.key)}`),
          openerTabId: tabId,
        });
        return;
      case 'page-renderer':
        await setTabRenderer(tabId, request.renderer, senderPath);
        await browser.tabs.reload(tabId);
        return;
      case 'menu-target': {
        if (frameId !== 0 && !request.formula && !request.link) return;
        const { t: tr } = await t();
        linkRead = request.link?.read ?? null;
        await Promise.all([
          menus().update(MENU.copyTex, { visible: request.formula }),
          menus().update(MENU.showTex, { visible: request.formula }),
          menus().update(MENU.mark, {
            title: tr(
              linkRead === null
                ? 'content.menuMarkToggle'
                : linkRead
                  ? 'content.menuMarkUnread'
                  : 'content.menuMarkRead',
            ),
          }),
        ]);
      }
    }
  }

  // A tab that leaves the page it chose a renderer for follows the global setting again.
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url === undefined) return;
    void tabRendererPaths
      .getValue()
      .then(async (paths) => {
        const path = paths[tabId];
        if (path !== undefined && path !== new URL(change.url!).pathname) await setTabRenderer(tabId, null);
      })
      .catch(report);
  });
  browser.tabs.onRemoved.addListener((tabId) => void setTabRenderer(tabId, null).catch(() => undefined));

  return actions;
}

function report(error: unknown) {
  console.error(`[Kexue Reader] ${error instanceof Error ? error.message : String(error)}`);
}
