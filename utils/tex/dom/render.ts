/**
 * Puts rendered math in place of the TeX that scanTex found, in two steps:
 * 1. at once, every formula's source nodes (text and `<br>`s) move into a wrapper
 *    `<span data-kx-math="inline|display" data-kx-tex="…" data-kx-pending>`, so the page looks unchanged and later
 *    steps can work in any order without stale text offsets;
 * 2. in chunks of a few milliseconds, visible formulas first, each wrapper's content becomes the pipeline's KaTeX
 *    HTML; a formula that fails keeps its source, gets `data-kx-math-error` and the message in `title`.
 * Elements produced here carry `data-kx-*` attributes, which the scanner skips, so running again changes nothing.
 */
import type { PreparedTexPage, RenderedFormula } from '../types';
import type { EscapeMatch, MathMatch, TextPoint } from '../scan';

export interface RenderOptions {
  /**
   * Runs the next chunk later. The content script passes requestAnimationFrame or setTimeout; tests pass
   * `(task) => task()` or a queue they drain themselves. Default: setTimeout(task, 0).
   */
  schedule?: (task: () => void) => void;
  /** Whether a wrapper is on or near the screen; those formulas render first. Default: none is. */
  isNearViewport?: (el: Element) => boolean;
  /** Milliseconds, for the chunk budget. Default: performance.now. */
  now?: () => number;
  /** How long one chunk may keep rendering before yielding (ms). Default 12; a chunk renders at least one formula. */
  chunkBudgetMs?: number;
  /** Escaped dollars from scanTex (processEscapes): shown as a plain "$" that is never scanned again. */
  escapes?: readonly EscapeMatch[];
  /** Stops scheduling further chunks (the formulas not yet rendered keep showing their source). */
  signal?: AbortSignal;
}

export interface RenderSummary {
  rendered: number;
  failed: number;
  /** Matches whose source was no longer in the DOM where scanTex saw it (e.g. stale matches). */
  skipped: number;
  chunks: number;
}

export interface MathRendering {
  /** One wrapper per match (null when skipped), in match order. */
  readonly wrappers: readonly (HTMLElement | null)[];
  /** Settles when every formula has been rendered (or rendering was aborted). */
  readonly done: Promise<RenderSummary>;
}

export const MATH_ATTR = 'data-kx-math';
export const MATH_ERROR_ATTR = 'data-kx-math-error';
export const TEX_ATTR = 'data-kx-tex';
export const PENDING_ATTR = 'data-kx-pending';
export const ESCAPE_ATTR = 'data-kx-escape';

const DEFAULT_BUDGET_MS = 12;

export function renderMath(
  root: Element,
  page: PreparedTexPage,
  matches: readonly MathMatch[],
  options: RenderOptions = {},
): MathRendering {
  if (page.size !== matches.length) {
    throw new Error(`renderMath: the prepared page has ${page.size} formulas but ${matches.length} matches were given`);
  }
  const doc = root.ownerDocument;
  const wrappers = wrapSources(doc, matches, options.escapes ?? []);
  performance.mark('kxp:wrapped');
  const summary: RenderSummary = { rendered: 0, failed: 0, skipped: wrappers.filter((w) => !w).length, chunks: 0 };

  const near = options.isNearViewport;
  const order: number[] = [];
  const later: number[] = [];
  wrappers.forEach((w, i) => {
    if (w) (near && safePredicate(near, w) ? order : later).push(i);
  });
  order.push(...later);
  performance.mark('kxp:ordered');

  const schedule = options.schedule ?? yieldToPage;
  const now = options.now ?? (() => performance.now());
  const budget = options.chunkBudgetMs ?? DEFAULT_BUDGET_MS;

  const done = new Promise<RenderSummary>((resolve) => {
    let next = 0;
    const runChunk = (): void => {
      if (options.signal?.aborted) return resolve(summary);
      summary.chunks++;
      const deadline = now() + budget;
      do {
        const i = order[next++];
        const ok = renderOne(wrappers[i]!, page, i);
        if (ok) summary.rendered++;
        else summary.failed++;
      } while (next < order.length && now() < deadline);
      if (next < order.length) schedule(runChunk);
      else resolve(summary);
    };
    if (order.length === 0) resolve(summary);
    else runChunk();
  });
  return { wrappers, done };
}

/**
 * An isNearViewport for the page: the element's box is within `marginPx` of the visible area. Reading geometry once
 * per wrapper right after they are inserted costs one layout.
 */
export function nearViewport(view: Window, marginPx = 600): (el: Element) => boolean {
  return (el) => {
    const r = el.getBoundingClientRect();
    return r.bottom >= -marginPx && r.top <= view.innerHeight + marginPx;
  };
}

function safePredicate(pred: (el: Element) => boolean, el: Element): boolean {
  try {
    return pred(el);
  } catch {
    return false;
  }
}

/** Replaces each formula's source with a pending wrapper holding the same nodes. Works back to front. */
function wrapSources(doc: Document, matches: readonly MathMatch[], escapes: readonly EscapeMatch[]): (HTMLElement | null)[] {
  const wrappers: (HTMLElement | null)[] = matches.map(() => null);
  type Item = { start: TextPoint; end: TextPoint; math?: number; escape?: EscapeMatch };
  const items: Item[] = [
    ...matches.map((m, i): Item => ({ start: m.start, end: m.end, math: i })),
    ...escapes.map((e): Item => ({ start: e.start, end: e.end, escape: e })),
  ];
  // Matches and escapes each come in document order; only a mix needs sorting.
  if (escapes.length > 0) items.sort((a, b) => comparePoints(a.start, b.start));
  for (let k = items.length - 1; k >= 0; k--) {
    const item = items[k];
    if (item.math !== undefined) {
      const m = matches[item.math];
      if (!isLiveMatch(m)) continue;
      const w = doc.createElement('span');
      w.setAttribute(MATH_ATTR, m.display ? 'display' : 'inline');
      w.setAttribute(TEX_ATTR, m.tex);
      w.setAttribute(PENDING_ATTR, '');
      moveRangeInto(m.start, m.end, w);
      wrappers[item.math] = w;
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
  const parent = start.node.parentNode!;
  const after = end.offset < end.node.data.length ? end.node.splitText(end.offset) : end.node.nextSibling;
  const first = start.offset > 0 ? start.node.splitText(start.offset) : start.node;
  parent.insertBefore(into, first);
  for (let n: Node | null = first; n && n !== after; ) {
    const next: Node | null = n.nextSibling;
    into.appendChild(n);
    n = next;
  }
}

function renderOne(wrapper: HTMLElement, page: PreparedTexPage, index: number): boolean {
  let result: RenderedFormula;
  try {
    result = page.render(index);
  } catch (e) {
    result = { ok: false, html: '', error: e instanceof Error ? e.message : String(e), tags: [], refs: [] };
  }
  wrapper.removeAttribute(PENDING_ATTR);
  if (!result.ok) {
    showSource(wrapper, result.error ?? 'This formula could not be rendered.');
    return false;
  }
  try {
    // The pipeline's HTML already carries the equation anchors (MathJax's ids) and the \eqref links.
    wrapper.innerHTML = result.html;
    return true;
  } catch (e) {
    // The pipeline's HTML is trusted; this only guards against a DOM exception leaving the page half-changed.
    wrapper.textContent = wrapper.getAttribute(TEX_ATTR);
    showSource(wrapper, e instanceof Error ? e.message : String(e));
    return false;
  }
}

/** The source nodes are still inside the wrapper: keep them, mark the error, explain it on hover. */
function showSource(wrapper: HTMLElement, error: string): void {
  wrapper.setAttribute(MATH_ERROR_ATTR, '');
  wrapper.title = error;
}

/** Runs `task` in a new task soon, without the 4 ms clamp nested setTimeouts get. */
export function yieldToPage(task: () => void): void {
  if (typeof MessageChannel !== 'function') return void setTimeout(task, 0);
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    task();
  };
  channel.port2.postMessage(null);
}
