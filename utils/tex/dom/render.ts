/**
 * Puts rendered math in place of the TeX that scanTex found, in two steps:
 * 1. at once, every formula's source nodes move into a pending wrapper (wrap.ts), so the page looks unchanged and
 *    later steps can work in any order without stale text offsets;
 * 2. in chunks (at most ~30 ms and ~50,000 characters of HTML each), in document order (the top of the page first)
 *    except for formulas `prioritize`d (those coming near the screen), each wrapper's content becomes the pipeline's
 *    KaTeX HTML, rendered here or by the TeX worker (render-run.ts says which where); a formula that fails keeps its
 *    source, gets `data-kx-math-error` and the message in `title`.
 * Why this shape (measured in Chromium on the heaviest articles): after each chunk the browser recalculates style,
 * lays out and paints what was inserted, which costs up to twice the chunk's own KaTeX time and grows with the HTML
 * inserted, so a chunk is capped by both (offscreen.ts then spares the browser most of that work for paragraphs off
 * screen); formulas inserted in document order cost less layout than the same ones scattered over the page; and no
 * geometry is read here (a layout forced at DOMContentLoaded cost 25–140 ms).
 * Elements produced here carry `data-kx-*` attributes, which the scanner skips, so running again changes nothing.
 */

import type { EscapeMatch, MathMatch } from '@/utils/tex/scan';
import type { FormulaInput, PreparedTexPage } from '@/utils/tex/types';
import { PENDING_ATTR } from './attrs';
import { RenderRun } from './render-run';
import type { OffThreadRenderer } from './worker-client';
import { wrapSources } from './wrap';

export { MATH_ATTR, MATH_ERROR_ATTR, PENDING_ATTR, TEX_ATTR } from './attrs';

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
   * chunks within the same budgets; until the worker is loaded, this thread goes on rendering. It then renders only
   * formulas cheap to render (bounds.ts's MAIN_THREAD_TOKENS); the others wait for the worker and its time limit.
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
  /** Formulas rendered by the worker (0 without one). */
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

export function renderMath(
  root: Element,
  page: PreparedTexPage,
  matches: readonly MathMatch[],
  options: RenderOptions = {},
): MathRendering {
  if (page.size !== matches.length) {
    throw new Error(`renderMath: the prepared page has ${page.size} formulas but ${matches.length} matches were given`);
  }
  const wrappers = wrapSources(root.ownerDocument, matches, options.escapes ?? []);
  const indexOf = new Map<Element, number>();
  wrappers.forEach((w, i) => {
    if (w) indexOf.set(w, i);
  });
  const run = new RenderRun(page, wrappers, options);
  run.start();
  return {
    wrappers,
    done: run.done,
    prioritize(elements) {
      const indices: number[] = [];
      for (const el of elements) {
        const i = indexOf.get(el);
        if (i !== undefined) indices.push(i);
      }
      run.prioritize(indices);
    },
  };
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
