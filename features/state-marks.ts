/**
 * Reading state on every listing and archive entry (utils/content/entry-marks.ts: `data-kx-state` and a toggle
 * before the title). One round trip records the entries in the catalog and fetches their states; changes made in
 * other tabs arrive as broadcasts from the background and are applied without a reload. The toggles are one tab stop
 * for the whole list, and J / K / X move between entries and mark one (utils/content/toggle-keys.ts).
 */

import { applyState, insertToggle, type Mark } from '@/utils/content/entry-marks';
import { defineFeature } from '@/utils/content/feature';
import { markTiming } from '@/utils/content/mark-timing';
import type { PageText } from '@/utils/content/page-text';
import { seenArticle } from '@/utils/content/seen-article';
import { listenToToggleKeys, type RovingFocus, rovingFocus } from '@/utils/content/toggle-keys';
import type { ReadState } from '@/utils/db/model';
import { onStatesChanged } from '@/utils/reading/state-broadcasts';
import { mirroredState } from '@/utils/reading/state-mirror';
import type { ListingEntry } from '@/utils/site/types';

/** The entries' toggles, and their marks as last shown (a language change shows them again). */
function entryMarks(entries: readonly Pick<ListingEntry, 'id' | 'element'>[], text: PageText) {
  const elements = new Map(entries.map((entry) => [entry.id, entry.element]));
  const known = new Map<string, Mark>();
  const show = (records: Iterable<Mark>) => {
    for (const record of records) {
      const element = elements.get(record.id);
      if (!element) continue;
      known.set(record.id, record);
      applyState(element, record, text.t);
    }
  };
  const ids = [...elements.keys()];
  const toggles = [...elements].map(([id, element]) => insertToggle(element, id));
  return { ids, toggles, show, showAgain: () => show([...known.values()]), stateOf: (id: string) => known.get(id) };
}

/** Only the reader's own click: a page script's synthetic click marks nothing. */
function listenToClicks(
  toggles: readonly HTMLButtonElement[],
  roving: RovingFocus,
  toggleAt: (index: number) => void,
  signal: AbortSignal,
): void {
  for (const [i, toggle] of toggles.entries()) {
    toggle.setAttribute('aria-keyshortcuts', 'ArrowUp ArrowDown Home End');
    const onClick = (event: MouseEvent) => {
      event.preventDefault();
      if (!event.isTrusted) return;
      roving.setCurrent(i, false);
      toggleAt(i);
    };
    toggle.addEventListener('click', onClick, { signal });
  }
}

export const stateMarks = defineFeature({
  id: 'state-marks',
  runsOn: ['listing', 'archive'],
  async init({ doc, reading, api, signal, mirroredStates, text }) {
    const marks = entryMarks(reading.entries, text);
    const firstEntry = reading.entries[0];
    if (reading.kind === 'archive' && firstEntry) addLegend(firstEntry.element, text, signal);
    const toggleAt = (index: number) => {
      const id = marks.ids[index];
      if (id === undefined) return;
      const next: ReadState = marks.stateOf(id)?.state === 'read' ? 'unread' : 'read';
      void api.setState([id], next, 'manual').then(({ records }) => marks.show(records));
    };
    const roving = rovingFocus(marks.toggles);
    listenToClicks(marks.toggles, roving, toggleAt, signal);
    listenToToggleKeys(doc, marks.toggles, roving, toggleAt, signal);
    text.onChange(marks.showAgain, signal);
    onStatesChanged(marks.show, signal);

    // The mirror gives the marks at once (before any await, so before the math renderer takes the main thread); the
    // database's answer below confirms or corrects them.
    marks.show(marks.ids.map((id) => mirroredState(mirroredStates, id)));
    markTiming('kx:states-shown');

    const states = await api.seenAndStates(reading.entries.map(seenArticle), reading.kind);
    marks.show(Object.values(states));
    markTiming('kx:states-confirmed');
  },
});

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
