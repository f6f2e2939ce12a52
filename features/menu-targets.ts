/**
 * The content side of the context menu. A right press tells the background what the menu is about to open on (a
 * formula, an article link and its state), so it shows only the entries that apply, under the right label; a chosen
 * formula entry comes back here as a command (copy or show the TeX of the formula that was right-clicked).
 */
import { browser } from 'wxt/browser';
import { defineFeature } from '@/utils/content/feature';
import { mathLabels } from '@/utils/content/math-labels';
import { sendPageRequest } from '@/utils/content/page-request';
import type { ReadState } from '@/utils/db/model';
import { isPageCommand, PAGE_REQUEST, type PageCommand, type PageRequest } from '@/utils/page-actions';
import { onStatesChanged } from '@/utils/reading/state-broadcasts';
import { mirroredState } from '@/utils/reading/state-mirror';
import { archiveLinkOf, isCommentLink } from '@/utils/site/links';
import { openTexPopover } from '@/utils/tex/dom/interactions';
import { MATH_ATTR, TEX_ATTR } from '@/utils/tex/dom/render';

/** Puts text on the clipboard from a page (a context-menu click is not a user activation of the page). */
function copyText(doc: Document, text: string): void {
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.cssText = 'position:fixed;top:0;left:0;opacity:0;pointer-events:none';
  doc.body.append(area);
  area.select();
  try {
    doc.execCommand('copy');
  } finally {
    area.remove();
  }
  void navigator.clipboard?.writeText(text).catch(() => undefined);
}

export const menuTargets = defineFeature({
  id: 'menu-targets',
  runsOn: ['listing', 'article', 'archive'],
  init({ doc, signal, text, mirroredStates }) {
    let formula: HTMLElement | null = null;
    const states = new Map<string, ReadState>();
    onStatesChanged((records) => {
      for (const r of records) states.set(r.id, r.state);
    }, signal);
    const stateOf = (id: string) =>
      states.get(id) ??
      doc.querySelector(`[data-kx-entry="${id}"]`)?.getAttribute('data-kx-state') ??
      mirroredState(mirroredStates, id).state;

    const onPress = (event: MouseEvent) => {
      if (event.button !== 2) return;
      const target = event.target as Element | null;
      formula = (target?.closest?.(`[${MATH_ATTR}]`) as HTMLElement | null) ?? null;
      const anchor = target?.closest?.('a[href]');
      const link = anchor ? archiveLinkOf(anchor.getAttribute('href')) : null;
      const id = link && !isCommentLink(link) ? link.id : null;
      const request: PageRequest = {
        type: PAGE_REQUEST,
        action: 'menu-target',
        formula: formula !== null,
        link: id ? { id, read: stateOf(id) === 'read' } : null,
      };
      sendPageRequest(request);
    };
    // pointerdown comes well before contextmenu, so the menu is updated before the browser shows it.
    doc.addEventListener('pointerdown', onPress, { capture: true, signal });
    doc.addEventListener(
      'contextmenu',
      (event) => {
        formula = ((event.target as Element | null)?.closest?.(`[${MATH_ATTR}]`) as HTMLElement | null) ?? formula;
      },
      { capture: true, signal },
    );

    const labels = mathLabels(text, signal);
    const listener = (message: unknown) => {
      if (!isPageCommand(message) || !formula?.isConnected) return;
      const command: PageCommand = message;
      if (command.action === 'show-tex') openTexPopover(formula, { signal, labels });
      else copyText(doc, formula.getAttribute(TEX_ATTR) ?? '');
    };
    browser.runtime.onMessage.addListener(listener);
    signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
  },
});
