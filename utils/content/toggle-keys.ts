/**
 * The keyboard on a list of reading toggles: one tab stop for the whole list (a roving tabindex: arrow keys, Home and
 * End move inside it), and J / K / X anywhere on the page (move between entries, mark one), except while the reader
 * types (inputs, the comment form). Only the reader's own keys count, never a page script's synthetic ones.
 */

/** True when a key press belongs to what the reader is typing (a field, an editable region, the comment form). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as Element | null;
  if (!el || typeof el.closest !== 'function') return false;
  return (
    el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], form') !== null ||
    (el as HTMLElement).isContentEditable === true
  );
}

export interface RovingFocus {
  readonly current: number;
  setCurrent(index: number, focus: boolean): void;
  indexOf(toggle: Element): number;
}

/** One tab stop for all toggles: the current one has tabindex 0, the others -1. */
export function rovingFocus(toggles: readonly HTMLButtonElement[]): RovingFocus {
  let current = 0;
  const setCurrent = (index: number, focus: boolean) => {
    const next = toggles[Math.max(0, Math.min(toggles.length - 1, index))];
    if (!next) return;
    const previous = toggles[current];
    if (previous) previous.tabIndex = -1;
    current = toggles.indexOf(next);
    next.tabIndex = 0;
    if (focus) {
      next.focus();
      next.scrollIntoView({ block: 'nearest' });
    }
  };
  if (toggles[0]) toggles[0].tabIndex = 0;
  return {
    get current() {
      return current;
    },
    setCurrent,
    indexOf: (toggle: Element) => toggles.indexOf(toggle as HTMLButtonElement),
  };
}

function onScreen(el: Element | undefined): boolean {
  if (!el) return false;
  const { top, bottom } = el.getBoundingClientRect();
  return bottom > 0 && top < window.innerHeight;
}

function firstOnScreen(toggles: readonly HTMLButtonElement[], fallback: number): number {
  const index = toggles.findIndex(onScreen);
  return index < 0 ? fallback : index;
}

const IN_LIST_MOVES: Record<string, number> = {
  ArrowDown: 1,
  ArrowRight: 1,
  ArrowUp: -1,
  ArrowLeft: -1,
  Home: -Infinity,
  End: Infinity,
  j: 1,
  k: -1,
};
const PAGE_MOVES: Record<string, number> = { j: 1, k: -1 };

/** Which toggle a move lands on; from outside the list, J / K first bring focus to the entry on screen. */
function moveTarget(toggles: readonly HTMLButtonElement[], roving: RovingFocus, onToggle: number, step: number) {
  if (step === -Infinity) return 0;
  if (step === Infinity) return toggles.length - 1;
  if (onToggle >= 0) return onToggle + step;
  return onScreen(toggles[roving.current]) ? roving.current : firstOnScreen(toggles, roving.current);
}

const withModifier = (event: KeyboardEvent) => event.ctrlKey || event.metaKey || event.altKey;

/** Arrow keys inside the list of toggles; J / K / X anywhere on the page but in what the reader types. */
export function listenToToggleKeys(
  doc: Document,
  toggles: readonly HTMLButtonElement[],
  roving: RovingFocus,
  toggleAt: (index: number) => void,
  signal: AbortSignal,
): void {
  const onKey = (event: KeyboardEvent) => {
    if (!event.isTrusted || event.defaultPrevented || event.isComposing || withModifier(event)) return;
    const onToggle = roving.indexOf(event.target as Element);
    if (onToggle < 0 && isTyping(event.target)) return;
    const moves = onToggle >= 0 ? IN_LIST_MOVES : PAGE_MOVES;
    const step = Object.hasOwn(moves, event.key) ? moves[event.key] : undefined;
    if (step !== undefined) {
      roving.setCurrent(moveTarget(toggles, roving, onToggle, step), true);
      event.preventDefault();
    } else if (event.key === 'x' && !event.shiftKey) {
      const index = onToggle >= 0 ? onToggle : roving.current;
      if (toggles[index]) toggleAt(index);
      event.preventDefault();
    }
  };
  doc.addEventListener('keydown', onKey, { signal });
}
