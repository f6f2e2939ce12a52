/**
 * Reading state on every listing and archive entry: `data-kx-state` plus a small keyboard-accessible toggle.
 * One round trip records the entries in the catalog and fetches their states; changes made in other tabs arrive
 * as broadcasts from the background and are applied without a reload.
 */
import { i18n } from '#i18n';
import type { ReadingRecord, ReadState } from '../utils/db/model';
import { defineFeature } from './feature';
import { onStatesChanged } from './state-broadcasts';
import { mirroredState } from '../utils/reading/state-mirror';

const TOGGLE_CLASS = 'kx-toggle';

type Mark = Pick<ReadingRecord, 'id' | 'state' | 'progress'>;

export function stateLabel(record: Mark | undefined): { state: ReadState; text: string } {
  const state = record?.state ?? 'unread';
  if (state === 'read') return { state, text: '✓' };
  if (state === 'reading') return { state, text: `${Math.round((record?.progress ?? 0) * 100)}%` };
  return { state, text: '' };
}

export function applyState(element: Element, record: Mark | undefined): void {
  const { state, text } = stateLabel(record);
  element.setAttribute('data-kx-state', state);
  const toggle = element.querySelector<HTMLButtonElement>(`:scope button.${TOGGLE_CLASS}`);
  if (!toggle) return;
  toggle.textContent = text;
  toggle.setAttribute('aria-pressed', String(state === 'read'));
  const action = state === 'read' ? i18n.t('content.markUnread') : i18n.t('content.markRead');
  toggle.title = action;
  toggle.setAttribute('aria-label', action);
}

/** The toggle sits right before the entry's title link, or first in the entry. */
export function insertToggle(element: Element, id: string): HTMLButtonElement {
  const existing = element.querySelector<HTMLButtonElement>(`:scope button.${TOGGLE_CLASS}`);
  if (existing) return existing;
  const toggle = element.ownerDocument.createElement('button');
  toggle.type = 'button';
  toggle.className = TOGGLE_CLASS;
  toggle.dataset.kxFor = id;
  const titleLink = [...element.querySelectorAll('a[href]')].find((a) =>
    new RegExp(`/archives/${id}/?(?:[#?]|$)`).test(a.getAttribute('href') ?? '') && a.textContent?.trim(),
  );
  if (titleLink) titleLink.before(toggle);
  else element.prepend(toggle);
  return toggle;
}

export const stateMarks = defineFeature({
  id: 'state-marks',
  runsOn: ['listing', 'archive'],
  async init({ reading, api, signal, mirroredStates }) {
    const elements = new Map(reading.entries.map((entry) => [entry.id, entry.element]));
    const known = new Map<string, Mark>();
    const show = (records: Iterable<Mark>) => {
      for (const record of records) {
        const element = elements.get(record.id);
        if (!element) continue;
        known.set(record.id, record);
        applyState(element, record);
      }
    };

    for (const [id, element] of elements) {
      const toggle = insertToggle(element, id);
      toggle.addEventListener(
        'click',
        async (event) => {
          event.preventDefault();
          // Only the reader's own click: a page script's synthetic click marks nothing.
          if (!event.isTrusted) return;
          const next: ReadState = known.get(id)?.state === 'read' ? 'unread' : 'read';
          const { records } = await api.setState([id], next, 'manual');
          show(records);
        },
        { signal },
      );
    }
    onStatesChanged(show, signal);

    // The mirror gives the marks at once (before any await, so before the math renderer takes the main thread); the
    // database's answer below confirms or corrects them.
    show([...elements.keys()].map((id) => mirroredState(mirroredStates, id)));
    performance.mark('kx:states-shown');

    const seen = reading.entries.map(({ id, title, date }) => ({ id, title, ...(/^\d{4}/.test(date) ? { date } : {}) }));
    const states = await api.seenAndStates(seen, reading.kind);
    show(Object.values(states));
    performance.mark('kx:states-confirmed');
  },
});
