/**
 * The reading mark of one listing or archive entry: `data-kx-state` on the entry, and a toggle before its title that
 * says what it is (a box: empty = not read yet, ✓ = read, a percentage = reading; its action shows beside it on hover
 * and focus). Used by the state-marks feature, and run once on a sample page while the page loads (listing-warm-up).
 */
import type { ReadingRecord } from '@/utils/db/model';
import type { Translate } from '@/utils/i18n';
import { stateBoxText, stateToggleLabel } from '@/utils/reading/state-text';

export const TOGGLE_CLASS = 'kx-toggle';

export type Mark = Pick<ReadingRecord, 'id' | 'state' | 'progress'>;

export function applyState(element: Element, record: Mark | undefined, t: Translate): void {
  const state = record?.state ?? 'unread';
  element.setAttribute('data-kx-state', state);
  const toggle = element.querySelector<HTMLButtonElement>(`:scope button.${TOGGLE_CLASS}`);
  if (!toggle) return;
  const text = stateBoxText(record);
  if (toggle.firstChild?.nodeType === Node.TEXT_NODE) toggle.firstChild.nodeValue = text;
  else toggle.prepend(text);
  toggle.setAttribute('aria-pressed', String(state === 'read'));
  toggle.setAttribute('aria-label', stateToggleLabel(t, record));
  // The action, shown beside the box on hover and keyboard focus (CSS), so its meaning is not only in a tooltip.
  const action =
    toggle.querySelector('.kx-toggle-action') ?? toggle.appendChild(element.ownerDocument.createElement('span'));
  action.className = 'kx-toggle-action';
  action.setAttribute('aria-hidden', 'true');
  action.textContent = t(state === 'read' ? 'content.markUnread' : 'content.markRead');
}

/** The toggle sits right before the entry's title link, or first in the entry. */
export function insertToggle(element: Element, id: string): HTMLButtonElement {
  const existing = element.querySelector<HTMLButtonElement>(`:scope button.${TOGGLE_CLASS}`);
  if (existing) return existing;
  const toggle = element.ownerDocument.createElement('button');
  toggle.type = 'button';
  toggle.className = TOGGLE_CLASS;
  toggle.dataset.kxFor = id;
  toggle.tabIndex = -1;
  const titleLink = [...element.querySelectorAll('a[href]')].find(
    (a) => new RegExp(`/archives/${id}/?(?:[#?]|$)`).test(a.getAttribute('href') ?? '') && a.textContent?.trim(),
  );
  if (titleLink) titleLink.before(toggle);
  else element.prepend(toggle);
  return toggle;
}
