/**
 * The background's side of the reader's keys, menus and renderer switch:
 * - `commands` (rebindable in the browser): mark the current article read / unread, go to the next part of its series,
 *   switch the renderer;
 * - the context menu on the blog (background/context-menu.ts);
 * - the renderer switch without a manual reload: blog tabs are reloaded once the network rule is in place, and a page
 *   can have its own renderer (a rule for its tab, background/tab-renderer.ts);
 * - requests from the page's own UI (open a series) and the first-run page on install.
 */
import { type Browser, browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { ReaderApi } from '@/utils/db/api';
import type { Settings } from '@/utils/db/model';
import { extensionUrl } from '@/utils/extension-url';
import { loadTranslator, type Translator } from '@/utils/i18n';
import { browserI18nLoader } from '@/utils/i18n/browser';
import { isPageRequest, PAGE_COMMAND, type PageCommand, type PageRequest } from '@/utils/page-actions';
import { CONTENT_MATCHES, isBlogHost } from '@/utils/site/hosts';
import { articleIdOf } from '@/utils/site/url';
import { createMenus, formulaCommandOf, MENU, menus, showMenuTarget } from './context-menu';
import { forgetTabRenderersOnLeave, setTabRenderer } from './tab-renderer';

/** The renderer setting the blog's tabs were last loaded with (null before the first time). */
const appliedRenderer = storage.defineItem<boolean | null>('session:appliedRenderer', { fallback: null });

export const COMMANDS = {
  toggleRead: 'toggle-read',
  nextPart: 'next-part',
  toggleRenderer: 'toggle-renderer',
} as const;

function isBlogUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    return isBlogHost(new URL(url).host);
  } catch {
    return false;
  }
}

function report(error: unknown) {
  console.error(`[Kexue Reader] ${error instanceof Error ? error.message : String(error)}`);
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

async function reloadBlogTabs(): Promise<void> {
  const tabs = await browser.tabs.query({ url: CONTENT_MATCHES });
  await Promise.all(tabs.map((tab) => tab.id !== undefined && browser.tabs.reload(tab.id).catch(() => undefined)));
}

/** The menu's language: the one chosen on the options page, loaded once per change. */
function menuLanguage() {
  let translator: Translator | null = null;
  let language: Settings['language'] | null = null;
  return {
    async t(): Promise<Translator> {
      translator ??= await loadTranslator(language ?? 'browser', browserI18nLoader);
      return translator;
    },
    /** True when the language changed (the menu must be created again). */
    follow(next: Settings['language']): boolean {
      if (language === next) return false;
      language = next;
      translator = null;
      return true;
    },
  };
}

/** What the keys and the menu's entries do. */
function commandHandlers(service: ReaderApi) {
  const toggleRead = async (id: string) => {
    const current = (await service.getStates([id]))[id];
    await service.setState([id], current?.state === 'read' ? 'unread' : 'read', 'manual');
  };
  const onCommand: ReaderActions['onCommand'] = async (command, tab) => {
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
  };
  const onMenuClicked: ReaderActions['onMenuClicked'] = async (info, tab) => {
    if (info.menuItemId === MENU.mark) {
      const id = info.linkUrl && isBlogUrl(info.linkUrl) ? articleIdOf(info.linkUrl) : null;
      if (id) await toggleRead(id);
      return;
    }
    const action = formulaCommandOf(info.menuItemId);
    if (!action || tab?.id === undefined) return;
    const command: PageCommand = { type: PAGE_COMMAND, action };
    await browser.tabs.sendMessage(tab.id, command, { frameId: info.frameId ?? 0 });
  };
  return { onCommand, onMenuClicked };
}

/** Where a page request came from, if it is one of our own content scripts on the blog's pages. */
function requestingPage(sender: Browser.runtime.MessageSender) {
  const tabId = sender.tab?.id;
  const url = sender.url ?? sender.tab?.url;
  if (sender.id !== browser.runtime.id || !tabId || !url || !isBlogUrl(sender.tab?.url ?? sender.url)) return null;
  return { tabId, frameId: sender.frameId ?? 0, path: new URL(url).pathname };
}

async function handlePageRequest(
  request: PageRequest,
  from: { tabId: number; frameId: number; path: string },
  language: ReturnType<typeof menuLanguage>,
): Promise<void> {
  switch (request.action) {
    case 'open-series':
      await browser.tabs.create({
        url: extensionUrl(`/popup.html?series=${encodeURIComponent(request.key)}`),
        openerTabId: from.tabId,
      });
      return;
    case 'page-renderer':
      await setTabRenderer(from.tabId, request.renderer, from.path);
      await browser.tabs.reload(from.tabId);
      return;
    case 'menu-target':
      await showMenuTarget(request, from.frameId, (await language.t()).t);
  }
}

export function installReaderActions(service: ReaderApi): ReaderActions {
  const language = menuLanguage();
  let applying: Promise<void> = Promise.resolve();
  const actions: ReaderActions = {
    ...commandHandlers(service),
    settingsApplied(settings) {
      // One at a time, against the database's latest settings: two changes applied close together (a language,
      // then the renderer) must not leave a stale renderer behind and skip a reload.
      applying = applying
        .then(async () => {
          const latest = await service.getSettings().catch(() => settings);
          if (language.follow(latest.language)) await createMenus((await language.t()).t);
          // In session storage: a command may wake this worker, which must still know what the tabs were loaded with.
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
    void language
      .t()
      .then(({ t }) => createMenus(t))
      .catch(report);
    if (details.reason === 'install') void browser.tabs.create({ url: extensionUrl('/welcome.html') });
  });
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (!isPageRequest(message)) return; // no answer: other listeners (the service proxy) answer their own messages
    // Only our own content scripts on the blog's pages talk this way.
    const from = requestingPage(sender);
    if (from) void handlePageRequest(message, from, language).catch(report);
  });
  forgetTabRenderersOnLeave(report);
  return actions;
}
