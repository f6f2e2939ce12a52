/**
 * Messages between the blog's pages and the background that are not database calls: what the page's own UI asks the
 * extension to do (open a series, switch the renderer for this page), what the page tells the context menu about the
 * element under the pointer, and the context-menu or command actions the background hands back to the page.
 */
export const PAGE_REQUEST = 'kx:page-request';
export const PAGE_COMMAND = 'kx:page-command';

export type PageRequest =
  /** Open a series in the extension's own UI (the series view of the popup page). */
  | { type: typeof PAGE_REQUEST; action: 'open-series'; key: string }
  /** Show this page with our renderer (true), the site's MathJax (false), or as the global setting says (null). */
  | { type: typeof PAGE_REQUEST; action: 'page-renderer'; renderer: boolean | null }
  /** What a right-click is about to open a menu on: a formula, an article link (with its state), or neither. */
  | { type: typeof PAGE_REQUEST; action: 'menu-target'; formula: boolean; link: { id: string; read: boolean } | null };

export type PageCommand =
  | { type: typeof PAGE_COMMAND; action: 'copy-tex' }
  | { type: typeof PAGE_COMMAND; action: 'show-tex' };

export function isPageRequest(message: unknown): message is PageRequest {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === PAGE_REQUEST;
}

export function isPageCommand(message: unknown): message is PageCommand {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === PAGE_COMMAND;
}

/** The per-page renderer choice, kept in the tab's sessionStorage (per tab and origin, survives the reload). */
export const PAGE_RENDERER_KEY = 'kx-page-renderer';

export interface PageRendererChoice {
  /** The page (path) the choice was made on; another page of the tab follows the global setting again. */
  path: string;
  renderer: boolean;
}

/** The renderer this page uses: the reader's choice for this very page, else the global setting. */
export function effectiveRenderer(
  global: boolean,
  stored: string | null,
  path: string,
): { renderer: boolean; choice: PageRendererChoice | null } {
  if (!stored) return { renderer: global, choice: null };
  try {
    const choice = JSON.parse(stored) as PageRendererChoice;
    if (choice.path === path && typeof choice.renderer === 'boolean') return { renderer: choice.renderer, choice };
  } catch {
    // not ours or damaged: ignore it
  }
  return { renderer: global, choice: null };
}
