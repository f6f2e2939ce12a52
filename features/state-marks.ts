/**
 * Reading state on every listing and archive entry: `data-kx-state` plus a toggle before the title that says what it
 * is (a box: empty = not read yet, ✓ = read, a percentage = reading; its action shows beside it on hover and focus).
 * One round trip records the entries in the catalog and fetches their states; changes made in other tabs arrive
 * as broadcasts from the background and are applied without a reload.
 * The toggles are one tab stop for the whole list (a roving tabindex: arrow keys, Home and End move inside), and
 * J / K / X move between entries and mark one, except while the reader types (inputs, the comment form).
 */
import type { ReadingRecord, ReadState } from '@/utils/db/model';
import type { Translate } from '@/utils/i18n';
import type { PageText } from './page-text';
import { defineFeature } from './feature';
import { onStatesChanged } from './state-broadcasts';
import { mirroredState } from '@/utils/reading/state-mirror';

const TOGGLE_CLASS = 'kx-toggle';

type Mark = Pick<ReadingRecord, 'id' | 'state' | 'progress'>;

export function stateLabel(record: Mark | undefined): { state: ReadState; text: string } {
  const state = record?.state ?? 'unread';
  if (state === 'read') return { state, text: '✓' };
  if (state === 'reading') return { state, text: `${Math.round((record?.progress ?? 0) * 100)}%` };
  return { state, text: '' };
}

export function applyState(element: Element, record: Mark | undefined, t: Translate): void {
  const { state, text } = stateLabel(record);
  element.setAttribute('data-kx-state', state);
  const toggle = element.querySelector<HTMLButtonElement>(`:scope button.${TOGGLE_CLASS}`);
  if (!toggle) return;
  toggle.firstChild?.nodeType === 3 ? (toggle.firstChild.nodeValue = text) : toggle.prepend(text);
  toggle.setAttribute('aria-pressed', String(state === 'read'));
  const label =
    state === 'read'
      ? t('content.toggleRead')
      : state === 'reading'
        ? t('content.toggleReading', [Math.round((record?.progress ?? 0) * 100)])
        : t('content.toggleUnread');
  toggle.setAttribute('aria-label', label);
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

/** True when a key press belongs to what the reader is typing (a field, an editable region, the comment form). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as Element | null;
  if (!el || typeof el.closest !== 'function') return false;
  return (
    el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], form') !== null ||
    (el as HTMLElement).isContentEditable === true
  );
}

/** One tab stop for all toggles: the current one has tabindex 0, the others -1. */
function rovingFocus(toggles: HTMLButtonElement[]) {
  let current = 0;
  const setCurrent = (index: number, focus: boolean) => {
    if (toggles.length === 0) return;
    const next = Math.max(0, Math.min(toggles.length - 1, index));
    toggles[current].tabIndex = -1;
    current = next;
    toggles[current].tabIndex = 0;
    if (focus) {
      toggles[current].focus();
      toggles[current].scrollIntoView({ block: 'nearest' });
    }
  };
  if (toggles.length) toggles[0].tabIndex = 0;
  return {
    get current() {
      return current;
    },
    setCurrent,
    indexOf: (toggle: Element) => toggles.indexOf(toggle as HTMLButtonElement),
  };
}

export const stateMarks = defineFeature({
  id: 'state-marks',
  runsOn: ['listing', 'archive'],
  async init({ doc, reading, api, signal, mirroredStates, text }) {
    const elements = new Map(reading.entries.map((entry) => [entry.id, entry.element]));
    const known = new Map<string, Mark>();
    const show = (records: Iterable<Mark>) => {
      for (const record of records) {
        const element = elements.get(record.id);
        if (!element) continue;
        known.set(record.id, record);
        applyState(element, record, text.t);
      }
    };

    const toggles: HTMLButtonElement[] = [];
    const ids: string[] = [];
    for (const [id, element] of elements) {
      toggles.push(insertToggle(element, id));
      ids.push(id);
    }
    const roving = rovingFocus(toggles);
    if (reading.kind === 'archive' && reading.entries.length > 0) addLegend(reading.entries[0].element, text, signal);
    const toggleState = async (id: string) => {
      const next: ReadState = known.get(id)?.state === 'read' ? 'unread' : 'read';
      const { records } = await api.setState([id], next, 'manual');
      show(records);
    };
    for (const [i, toggle] of toggles.entries()) {
      toggle.setAttribute('aria-keyshortcuts', 'ArrowUp ArrowDown Home End');
      toggle.addEventListener(
        'click',
        (event) => {
          event.preventDefault();
          // Only the reader's own click: a page script's synthetic click marks nothing.
          if (!event.isTrusted) return;
          roving.setCurrent(i, false);
          void toggleState(ids[i]);
        },
        { signal },
      );
    }
    // Arrow keys inside the list of toggles; J / K / X anywhere on the page but in what the reader types.
    doc.addEventListener(
      'keydown',
      (event) => {
        if (
          !event.isTrusted ||
          event.defaultPrevented ||
          event.isComposing ||
          event.ctrlKey ||
          event.metaKey ||
          event.altKey
        )
          return;
        const onToggle = roving.indexOf(event.target as Element);
        const moves: Record<string, number> =
          onToggle >= 0
            ? { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: -Infinity, End: Infinity, j: 1, k: -1 }
            : { j: 1, k: -1 };
        if (onToggle < 0 && isTyping(event.target)) return;
        if (event.key in moves) {
          const step = moves[event.key];
          // From outside the list, J / K first bring focus to the entry on screen (the current one if it is).
          const target = !Number.isFinite(step)
            ? step < 0
              ? 0
              : toggles.length - 1
            : onToggle >= 0
              ? onToggle + step
              : onScreen(toggles[roving.current])
                ? roving.current
                : firstOnScreen(toggles, roving.current);
          roving.setCurrent(target, true);
          event.preventDefault();
        } else if (event.key === 'x' && !event.shiftKey) {
          const index = onToggle >= 0 ? onToggle : roving.current;
          if (toggles[index]) void toggleState(ids[index]);
          event.preventDefault();
        }
      },
      { signal },
    );
    text.onChange(() => show([...known.values()]), signal);
    onStatesChanged(show, signal);

    // The mirror gives the marks at once (before any await, so before the math renderer takes the main thread); the
    // database's answer below confirms or corrects them.
    show(ids.map((id) => mirroredState(mirroredStates, id)));
    performance.mark('kx:states-shown');

    const seen = reading.entries.map(({ id, title, date }) => ({
      id,
      title,
      ...(/^\d{4}/.test(date) ? { date } : {}),
    }));
    const states = await api.seenAndStates(seen, reading.kind);
    show(Object.values(states));
    performance.mark('kx:states-confirmed');
  },
});

function onScreen(el: Element | undefined): boolean {
  if (!el) return false;
  const { top, bottom } = el.getBoundingClientRect();
  return bottom > 0 && top < window.innerHeight;
}

function firstOnScreen(toggles: HTMLButtonElement[], fallback: number): number {
  const index = toggles.findIndex(onScreen);
  return index < 0 ? fallback : index;
}

/** A line before the archive's list saying what the boxes mean (1,295 of them deserve one explanation). */
function addLegend(firstEntry: Element, text: PageText, signal: AbortSignal): void {
  let list: Element = firstEntry;
  for (let up = firstEntry.parentElement; up && up !== firstEntry.ownerDocument.body; up = up.parentElement) {
    if (up.matches('ul, ol')) list = up;
  }
  const legend = firstEntry.ownerDocument.createElement('p');
  legend.className = 'kx-legend';
  const relabel = () => {
    legend.textContent = text.t('content.legend');
    legend.lang = text.lang;
  };
  relabel();
  text.onChange(relabel, signal);
  list.before(legend);
  signal.addEventListener('abort', () => legend.remove(), { once: true });
}
