/**
 * The first step of rendering (render.ts): every formula's source nodes (text and `<br>`s) move into a wrapper
 * `<span data-kx-math="inline|display" data-kx-tex="…" data-kx-pending>`, so the page looks unchanged and the next
 * steps can work in any order without stale text offsets; escaped dollars become a plain "$" never scanned again.
 */
import type { EscapeMatch, MathMatch, TextPoint } from '@/utils/tex/scan';
import { ESCAPE_ATTR, MATH_ATTR, PENDING_ATTR, TEX_ATTR } from './attrs';

/** Replaces each formula's source with a pending wrapper holding the same nodes. Works back to front. */
export function wrapSources(
  doc: Document,
  matches: readonly MathMatch[],
  escapes: readonly EscapeMatch[],
): (HTMLElement | null)[] {
  const wrappers: (HTMLElement | null)[] = matches.map(() => null);
  type Item = { start: TextPoint; end: TextPoint; math?: [number, MathMatch]; escape?: EscapeMatch };
  const items: Item[] = [
    ...matches.map((m, i): Item => ({ start: m.start, end: m.end, math: [i, m] })),
    ...escapes.map((e): Item => ({ start: e.start, end: e.end, escape: e })),
  ];
  // Matches and escapes each come in document order; only a mix needs sorting.
  if (escapes.length > 0) items.sort((a, b) => comparePoints(a.start, b.start));
  for (const item of items.reverse()) {
    if (item.math !== undefined) {
      const [index, m] = item.math;
      if (!isLiveMatch(m)) continue;
      const w = doc.createElement('span');
      w.setAttribute(MATH_ATTR, m.display ? 'display' : 'inline');
      w.setAttribute(TEX_ATTR, m.tex);
      w.setAttribute(PENDING_ATTR, '');
      moveRangeInto(m.start, m.end, w);
      wrappers[index] = w;
    } else if (item.escape && isLiveRange(item.start, item.end)) {
      const span = doc.createElement('span');
      span.setAttribute(ESCAPE_ATTR, '');
      moveRangeInto(item.start, item.end, span);
      span.textContent = item.escape.text;
    }
  }
  return wrappers;
}

function comparePoints(a: TextPoint, b: TextPoint): number {
  if (a.node === b.node) return a.offset - b.offset;
  // DOCUMENT_POSITION_FOLLOWING = 4: b follows a.
  return a.node.compareDocumentPosition(b.node) & 4 ? -1 : 1;
}

function isLiveRange(start: TextPoint, end: TextPoint): boolean {
  const parent = start.node.parentNode;
  return (
    parent !== null &&
    end.node.parentNode === parent &&
    start.offset <= start.node.data.length &&
    end.offset <= end.node.data.length &&
    !(parent as Element).closest?.(`[${MATH_ATTR}],[${ESCAPE_ATTR}]`)
  );
}

/** A match is still valid when its source is where the scan saw it (a second run with old matches does nothing). */
function isLiveMatch(m: MathMatch): boolean {
  return isLiveRange(m.start, m.end) && m.start.node.data.startsWith(m.open, m.start.offset);
}

/** Moves [start, end) — siblings in one parent — into `into`, which takes their place. */
function moveRangeInto(start: TextPoint, end: TextPoint, into: Element): void {
  const parent = start.node.parentNode;
  if (!parent) return;
  const after = end.offset < end.node.data.length ? end.node.splitText(end.offset) : end.node.nextSibling;
  const first = start.offset > 0 ? start.node.splitText(start.offset) : start.node;
  parent.insertBefore(into, first);
  for (let n: Node | null = first; n && n !== after; ) {
    const next: Node | null = n.nextSibling;
    into.appendChild(n);
    n = next;
  }
}
