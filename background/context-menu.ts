/**
 * The context menu on the blog's pages: "Copy TeX" / "Show TeX" on a formula and "Mark as read / unread" on an article
 * link, titled in the language chosen on the options page. Before the menu opens, the page says what it is about to
 * open on (features/menu-targets.ts), so only the entries that apply show, under the right label.
 */
import { browser } from 'wxt/browser';
import type { Translate } from '@/utils/i18n';
import type { PageCommand, PageRequest } from '@/utils/page-actions';
import { BLOG_HOSTS, CONTENT_MATCHES } from '@/utils/site/hosts';

export const MENU = { copyTex: 'kx-copy-tex', showTex: 'kx-show-tex', mark: 'kx-mark' } as const;

const ARTICLE_LINKS = BLOG_HOSTS.map((host) => `*://${host}/archives/*`);

type Menus = typeof browser.contextMenus;
/** Chrome's `contextMenus`, Firefox's `menus`. */
export const menus = (): Menus => browser.contextMenus ?? (browser as unknown as { menus: Menus }).menus;

/** (Re)creates the entries in the reader's language; the formula entries show only once a formula is targeted. */
export async function createMenus(t: Translate): Promise<void> {
  await menus().removeAll();
  const documentUrlPatterns = CONTENT_MATCHES;
  for (const [id, key] of [
    [MENU.copyTex, 'content.menuCopyTex'],
    [MENU.showTex, 'content.menuShowTex'],
  ] as const) {
    menus().create({ id, title: t(key), contexts: ['all'], documentUrlPatterns, visible: false });
  }
  menus().create({
    id: MENU.mark,
    title: t('content.menuMarkToggle'),
    contexts: ['link'],
    documentUrlPatterns,
    targetUrlPatterns: ARTICLE_LINKS,
  });
}

type MenuTarget = Extract<PageRequest, { action: 'menu-target' }>;

/** Shows the entries for what the right press was on: the formula entries on a formula, the link's own label. */
export async function showMenuTarget(target: MenuTarget, frameId: number, t: Translate): Promise<void> {
  // A frame without a target must not hide what the top frame just showed.
  if (frameId !== 0 && !target.formula && !target.link) return;
  const read = target.link?.read ?? null;
  const markKey = read === null ? 'content.menuMarkToggle' : read ? 'content.menuMarkUnread' : 'content.menuMarkRead';
  await Promise.all([
    menus().update(MENU.copyTex, { visible: target.formula }),
    menus().update(MENU.showTex, { visible: target.formula }),
    menus().update(MENU.mark, { title: t(markKey) }),
  ]);
}

/** The page command a formula entry stands for, or null for any other entry. */
export function formulaCommandOf(menuItemId: string | number): PageCommand['action'] | null {
  if (menuItemId === MENU.copyTex) return 'copy-tex';
  if (menuItemId === MENU.showTex) return 'show-tex';
  return null;
}
