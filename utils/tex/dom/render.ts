/**
 * Puts rendered math in place of the TeX that scanTex found, in two steps:
 * 1. at once, every formula's source nodes (text and `<br>`s) move into a wrapper
 *    `<span data-kx-math="inline|display" data-kx-tex="…" data-kx-pending>`, so the page looks unchanged and later
 *    steps can work in any order without stale text offsets;
 * 2. in chunks (at most ~30 ms and ~50,000 characters of HTML each), in document order (the top of the page first)
 *    except for formulas `prioritize`d (those coming near the screen), each wrapper's content becomes the pipeline's
 *    KaTeX HTML; a formula that fails keeps its source, gets `data-kx-math-error` and the message in `title`.
 * Why this shape (measured in Chromium on the heaviest articles): after each chunk the browser recalculates style,
 * lays out and paints what was inserted, which costs up to twice the chunk's own KaTeX time and grows with the HTML
 * inserted, so a chunk is capped by both (offscreen.ts then spares the browser most of that work for paragraphs off
 * screen); formulas inserted in document order cost less layout than the same ones scattered over the page; and no
 * geometry is read here (a layout forced at DOMContentLoaded cost 25–140 ms).
 * Elements produced here carry `data-kx-*` attributes, which the scanner skips, so running again changes nothing.
 */

import { MAIN_THREAD_TOKENS } from '@/utils/tex/bounds';
import type { EscapeMatch, MathMatch, TextPoint } from '@/utils/tex/scan';
import type { FormulaInput, PreparedTexPage, RenderedFormula } from '@/utils/tex/types';
import type { OffThreadRenderer } from './worker-client';

export interface RenderOptions {
  /**
   * Runs the next chunk later. Tests pass `(task) => task()` or a queue they drain themselves. Default: yieldToPage
   * (a new task at once, letting the browser paint and handle input in between).
   */
  schedule?: (task: () => void) => void;
  /** Milliseconds, for the chunk budget. Default: performance.now. */
  now?: () => number;
  /**
   * How long one chunk may keep rendering before yielding (ms). Default 30: a chunk renders at least one formula,
   * and the slowest single formulas of the corpus take ~15 ms cold, so a chunk stays under the 50 ms of a long task.
   */
  chunkBudgetMs?: number;
  /**
   * The budget of the first chunk, which runs synchronously inside renderMath (default: chunkBudgetMs). The content
   * script gives it what remains of its own budget after scanning and the prepass.
   */
  firstChunkBudgetMs?: number;
  /**
   * How much KaTeX HTML (characters) one chunk may insert. Default 50,000. What the browser does after each chunk
   * (style, layout, paint) grows with the HTML inserted, ~0.5 ms per 1,000 characters on the heaviest articles, and
   * once KaTeX is warm 30 ms of rendering produce ~170,000 characters: this keeps that work under a long task too.
   */
  chunkHtmlBudget?: number;
  /**
   * The HTML budget of the first chunk (default: chunkHtmlBudget). The first chunk runs before the page's first
   * layout, which lays out whatever the page holds by then: the content script lifts the cap on small pages so they
   * never show TeX source.
   */
  firstChunkHtmlBudget?: number;
  /** Escaped dollars from scanTex (processEscapes): shown as a plain "$" that is never scanned again. */
  escapes?: readonly EscapeMatch[];
  /** Stops scheduling further chunks (the formulas not yet rendered keep showing their source). */
  signal?: AbortSignal;
  /**
   * Renders off the page's thread (worker-client.ts): after the first chunk, every formula left is rendered by the
   * worker (from `formulas`, the same inputs the page was prepared from) and this thread only inserts the HTML, in
   * chunks within the same budgets. The first chunk then renders here only formulas cheap to render
   * (bounds.ts's MAIN_THREAD_TOKENS); the others wait for the worker and its time limit.
   */
  offThread?: { renderer: OffThreadRenderer; formulas: readonly FormulaInput[] };
}

export interface RenderSummary {
  rendered: number;
  failed: number;
  /** Matches whose source was no longer in the DOM where scanTex saw it (e.g. stale matches). */
  skipped: number;
  chunks: number;
  /** Milliseconds spent in the pipeline (KaTeX) and putting its HTML in the page (DOM parsing), over all chunks. */
  renderMs: number;
  insertMs: number;
  /** Formulas handed to the worker (0 without one). */
  offThread: number;
  /** Why the worker could not be used, if it could not (the rest was rendered on the page's thread). */
  workerError?: string;
}

export interface MathRendering {
  /** One wrapper per match (null when skipped), in match order. */
  readonly wrappers: readonly (HTMLElement | null)[];
  /** Settles when every formula has been rendered (or rendering was aborted). */
  readonly done: Promise<RenderSummary>;
  /**
   * Renders these wrappers' formulas (from `wrappers`) in the next chunk, before the rest, if still pending: for
   * formulas that come near the screen. Others are ignored.
   */
  prioritize(elements: Iterable<Element>): void;
}

export const MATH_ATTR = 'data-kx-math';
export const MATH_ERROR_ATTR = 'data-kx-math-error';
export const TEX_ATTR = 'data-kx-tex';
export const PENDING_ATTR = 'data-kx-pending';
export const ESCAPE_ATTR = 'data-kx-escape';

const DEFAULT_BUDGET_MS = 30;
const DEFAULT_HTML_BUDGET = 50_000;

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
  const summary: RenderSummary = {
    rendered: 0,
    failed: 0,
    skipped: wrappers.filter((w) => !w).length,
    chunks: 0,
    renderMs: 0,
    insertMs: 0,
    offThread: 0,
  };
  const indexOf = new Map<Element, number>();
  wrappers.forEach((w, i) => w && indexOf.set(w, i));

  const schedule = options.schedule ?? yieldToPage;
  const now = options.now ?? (() => performance.now());
  const budget = options.chunkBudgetMs ?? DEFAULT_BUDGET_MS;
  const chunkHtmlBudget = options.chunkHtmlBudget ?? DEFAULT_HTML_BUDGET;

  // Document order, with prioritized formulas taken first; `settled` tells what either queue may still hold.
  const settled = new Set<number>();
  const urgent: number[] = [];
  let next = 0;
  const nextPending = (): number | undefined => {
    while (urgent.length > 0) {
      const i = urgent.shift()!;
      if (!settled.has(i)) return i;
    }
    while (next < wrappers.length && (settled.has(next) || !wrappers[next])) next++;
    return next < wrappers.length ? next : undefined;
  };
  const remaining = () => wrappers.length - summary.skipped - settled.size;

  const offThread = options.offThread;
  // With a worker, the page's thread renders only the first chunk, and only formulas cheap to render (bounds.ts).
  let limits = offThread ? { maxTokens: MAIN_THREAD_TOKENS } : undefined;
  let workerStarted = false;
  /** Results from the worker, waiting to be put in the page. */
  const arrived: [number, RenderedFormula][] = [];
  let inserting = false;
  let inWorker = false;

  const done = new Promise<RenderSummary>((resolve) => {
    const finishIfDone = () => {
      if (remaining() > 0) return false;
      offThread?.renderer.stop();
      resolve(summary);
      return true;
    };
    const count = (html: string | null) => {
      if (html === null) summary.failed++;
      else summary.rendered++;
      return html?.length ?? 0;
    };
    /** Renders on the page's thread, in chunks: the first chunk, and every chunk when there is no worker. */
    const runChunk = (chunkBudget: number, htmlBudget: number): void => {
      if (options.signal?.aborted) return resolve(summary);
      summary.chunks++;
      const deadline = now() + chunkBudget;
      let inserted = 0;
      const deferred: number[] = [];
      do {
        const i = nextPending()!;
        settled.add(i);
        const result = renderHere(page, i, summary, limits);
        if (result.deferred) deferred.push(i);
        else inserted += count(insert(wrappers[i]!, result, summary));
      } while (remaining() > 0 && inserted < htmlBudget && now() < deadline);
      for (const i of deferred) settled.delete(i);
      if (finishIfDone()) return;
      if (offThread && !workerStarted) startWorker();
      else schedule(() => runChunk(budget, chunkHtmlBudget));
    };
    /** Hands every formula not yet settled to the worker, in document order (prioritized ones first). */
    const startWorker = (): void => {
      workerStarted = true;
      inWorker = true;
      const order: number[] = [];
      // From the top again: the first chunk may have left formulas behind (too heavy for this thread).
      next = 0;
      for (let i = nextPending(); i !== undefined; i = nextPending()) {
        settled.add(i);
        order.push(i);
      }
      for (const i of order) settled.delete(i);
      next = 0;
      summary.offThread = order.length;
      offThread!.renderer.render(offThread!.formulas, order, {
        result(index, formula) {
          arrived.push([index, formula]);
          if (!inserting) {
            inserting = true;
            schedule(insertArrived);
          }
        },
        unavailable(rest, reason) {
          // No worker (a page CSP, an error): the rest is rendered here, as without one, with the bounds only.
          summary.offThread -= rest.length;
          summary.workerError = reason;
          for (const i of rest) settled.delete(i);
          next = 0;
          inWorker = false;
          limits = undefined;
          if (!options.signal?.aborted) schedule(() => runChunk(budget, chunkHtmlBudget));
        },
      });
      options.signal?.addEventListener(
        'abort',
        () => {
          offThread!.renderer.stop();
          resolve(summary);
        },
        { once: true },
      );
    };
    /** Puts the worker's results in the page, within the chunk's budgets; the rest in the next task. */
    const insertArrived = (): void => {
      if (options.signal?.aborted) return resolve(summary);
      summary.chunks++;
      const deadline = now() + budget;
      let inserted = 0;
      // At least one per chunk, as on this thread.
      for (let first = true; arrived.length > 0 && (first || (inserted < chunkHtmlBudget && now() < deadline)); ) {
        const [i, result] = arrived.shift()!;
        if (settled.has(i) || !wrappers[i]) continue;
        settled.add(i);
        inserted += count(insert(wrappers[i]!, result, summary));
        first = false;
      }
      inserting = arrived.length > 0;
      if (inserting) schedule(insertArrived);
      else finishIfDone();
    };
    if (remaining() === 0) resolve(summary);
    else runChunk(options.firstChunkBudgetMs ?? budget, options.firstChunkHtmlBudget ?? chunkHtmlBudget);
  });

  const prioritize = (elements: Iterable<Element>): void => {
    const indices: number[] = [];
    for (const el of elements) {
      const i = indexOf.get(el);
      if (i !== undefined && !settled.has(i)) indices.push(i);
    }
    if (inWorker) offThread!.renderer.prioritize(indices);
    else urgent.push(...indices);
  };
  return { wrappers, done, prioritize };
}

/**
 * Prioritizes the pending formulas that come within `marginPx` of the screen, now (once the browser has laid out the
 * page, without a layout forced here) and while the reader scrolls, until rendering is done (or aborted).
 */
export function prioritizeNearViewport(
  rendering: MathRendering,
  Observer: typeof IntersectionObserver = IntersectionObserver,
  marginPx = 600,
): void {
  const observer = new Observer(
    (entries) => {
      const near = entries.filter((e) => e.isIntersecting).map((e) => e.target);
      for (const el of near) observer.unobserve(el);
      rendering.prioritize(near);
    },
    { rootMargin: `${marginPx}px 0px` },
  );
  for (const w of rendering.wrappers) if (w?.hasAttribute(PENDING_ATTR)) observer.observe(w);
  void rendering.done.then(() => observer.disconnect());
}

/** Runs `task` in a new task at once: unlike nested setTimeout(0), not clamped to 4 ms. */
export function yieldToPage(task: () => void): void {
  if (typeof MessageChannel !== 'function') return void setTimeout(task, 0);
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    task();
  };
  channel.port2.postMessage(null);
}

/** Replaces each formula's source with a pending wrapper holding the same nodes. Works back to front. */
function wrapSources(
  doc: Document,
  matches: readonly MathMatch[],
  escapes: readonly EscapeMatch[],
): (HTMLElement | null)[] {
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

/** Renders formula `index` on this thread (never throws); `deferred` when over `limits`. */
function renderHere(
  page: PreparedTexPage,
  index: number,
  times: Pick<RenderSummary, 'renderMs'>,
  limits?: { maxTokens?: number },
): RenderedFormula {
  // Real time, for the summary (the `now` option is the chunk budget's clock, which tests drive).
  const start = performance.now();
  try {
    return page.render(index, limits);
  } catch (e) {
    return { ok: false, html: '', error: e instanceof Error ? e.message : String(e), tags: [], refs: [] };
  } finally {
    times.renderMs += performance.now() - start;
  }
}

/** Puts a result in the page. Returns the HTML put in place, or null when the formula failed (its source stays). */
function insert(wrapper: HTMLElement, result: RenderedFormula, times: Pick<RenderSummary, 'insertMs'>): string | null {
  wrapper.removeAttribute(PENDING_ATTR);
  if (!result.ok) {
    showSource(wrapper, result.error ?? 'This formula could not be rendered.');
    return null;
  }
  const start = performance.now();
  try {
    // The pipeline's HTML already carries the equation anchors (MathJax's ids) and the \eqref links.
    wrapper.innerHTML = result.html;
    times.insertMs += performance.now() - start;
    return result.html;
  } catch (e) {
    // The pipeline's HTML is trusted; this only guards against a DOM exception leaving the page half-changed.
    wrapper.textContent = wrapper.getAttribute(TEX_ATTR);
    showSource(wrapper, e instanceof Error ? e.message : String(e));
    return null;
  }
}

/** The source nodes are still inside the wrapper: keep them, mark the error, explain it on hover. */
function showSource(wrapper: HTMLElement, error: string): void {
  wrapper.setAttribute(MATH_ERROR_ATTR, '');
  wrapper.title = error;
}
