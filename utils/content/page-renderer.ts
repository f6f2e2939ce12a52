/**
 * The renderer of one page, chosen in the page (the strip's "Math" button), beside the global switch: the choice is
 * kept in the tab's sessionStorage for this path, the background adds a rule for this tab that lets the site's
 * MathJax load or keeps it out, and reloads the tab. Another page in the tab follows the global setting again.
 */

import {
  effectiveRenderer,
  PAGE_RENDERER_KEY,
  PAGE_REQUEST,
  type PageRendererChoice,
  type PageRequest,
} from '@/utils/page-actions';
import { sendPageRequest } from './page-request';

export interface RendererChoice {
  /** The global setting (popup, options page, Alt+Shift+M). */
  global: boolean;
  /** What this page uses: the reader's choice for it, else the global setting. */
  page: boolean;
}

function storedChoice(): string | null {
  try {
    return sessionStorage.getItem(PAGE_RENDERER_KEY);
  } catch {
    return null; // storage blocked by the browser's settings: no per-page choice
  }
}

export function rendererOfThisPage(global: boolean): RendererChoice {
  const { renderer, choice } = effectiveRenderer(global, storedChoice(), location.pathname);
  // A choice made on another page of this tab no longer applies: forget it (the background drops its tab rule).
  if (!choice && storedChoice()) sessionStorage.removeItem(PAGE_RENDERER_KEY);
  return { global, page: renderer };
}

export function switchPageRenderer(global: boolean, want: boolean): void {
  try {
    if (want === global) sessionStorage.removeItem(PAGE_RENDERER_KEY);
    else
      sessionStorage.setItem(
        PAGE_RENDERER_KEY,
        JSON.stringify({ path: location.pathname, renderer: want } satisfies PageRendererChoice),
      );
  } catch {
    // without sessionStorage the choice lasts only until the reload
  }
  const request: PageRequest = { type: PAGE_REQUEST, action: 'page-renderer', renderer: want === global ? null : want };
  // The background applies the tab's rule, then reloads the tab.
  sendPageRequest(request);
}
