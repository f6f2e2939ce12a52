/**
 * One run of renderMath (render.ts) after the wrappers exist: which formula is rendered where and when, and how the
 * HTML gets into the page.
 *
 * - The first chunk runs at once, on the page's thread (with a worker: only formulas cheap to render, bounds.ts).
 * - With a worker, every formula left is handed to it; until the worker has them (it is still loading: ~100–300 ms
 *   after the content script starts), the page's thread goes on rendering cheap ones chunk by chunk, each `take`n
 *   from the worker's share, so a small page never waits for the worker and a long one gets a head start. Once the
 *   worker has the formulas, this thread only inserts the worker's HTML, in chunks within the same budgets.
 * - Without one (none could start), every chunk renders here, under the bounds only.
 */
import { MAIN_THREAD_TOKENS } from '@/utils/tex/bounds';
import type { PreparedTexPage, RenderedFormula } from '@/utils/tex/types';
import { MATH_ERROR_ATTR, PENDING_ATTR, TEX_ATTR } from './attrs';
import type { RenderOptions, RenderSummary } from './render';

const DEFAULT_BUDGET_MS = 30;
const DEFAULT_HTML_BUDGET = 50_000;

/** The formulas not yet settled: document order, prioritized ones first; some held back for the worker. */
class FormulaQueue {
  private readonly settled = new Set<number>();
  private readonly live: number;
  /** Too heavy for the page's thread: left to the worker. */
  private readonly heldBack = new Set<number>();
  private urgent: number[] = [];
  private next = 0;

  constructor(private readonly wrappers: readonly (HTMLElement | null)[]) {
    this.live = wrappers.filter(Boolean).length;
  }

  /** Only formulas with a wrapper are ever settled. */
  remaining(): number {
    return this.live - this.settled.size;
  }
  isSettled(i: number): boolean {
    return this.settled.has(i);
  }
  settle(i: number): void {
    this.settled.add(i);
  }
  holdBack(i: number): void {
    this.heldBack.add(i);
  }
  /** Nothing is held back any more (no worker after all). */
  releaseHeldBack(): void {
    this.heldBack.clear();
    this.next = 0;
  }
  prioritize(indices: readonly number[]): void {
    this.urgent.push(...indices);
  }
  /** The next formula this thread may render (not settled, not held back). */
  nextPending(): number | undefined {
    for (let i = this.urgent.shift(); i !== undefined; i = this.urgent.shift()) if (this.open(i)) return i;
    while (this.next < this.wrappers.length && !this.open(this.next)) this.next++;
    return this.next < this.wrappers.length ? this.next : undefined;
  }
  /** Every formula not settled, prioritized ones first, then in document order. */
  pendingInOrder(): number[] {
    const order = new Set(this.urgent.filter((i) => this.wrappers[i] && !this.settled.has(i)));
    this.wrappers.forEach((w, i) => {
      if (w && !this.settled.has(i)) order.add(i);
    });
    return [...order];
  }
  private open(i: number): boolean {
    return Boolean(this.wrappers[i]) && !this.settled.has(i) && !this.heldBack.has(i);
  }
}

export class RenderRun {
  readonly summary: RenderSummary;
  readonly done: Promise<RenderSummary>;
  private resolve: (summary: RenderSummary) => void = () => undefined;
  private readonly queue: FormulaQueue;
  private readonly schedule: (task: () => void) => void;
  private readonly now: () => number;
  private readonly budget: number;
  private readonly htmlBudget: number;
  /** The page thread's share (bounds.ts) while a worker may take the rest. */
  private limits: { maxTokens?: number } | undefined;
  private handedOff = false;
  private chunkScheduled = false;
  /** Results from the worker, waiting to be put in the page. */
  private readonly arrived: [number, RenderedFormula][] = [];
  private inserting = false;

  constructor(
    private readonly page: PreparedTexPage,
    private readonly wrappers: readonly (HTMLElement | null)[],
    private readonly options: RenderOptions,
  ) {
    this.summary = {
      rendered: 0,
      failed: 0,
      skipped: wrappers.filter((w) => !w).length,
      chunks: 0,
      renderMs: 0,
      insertMs: 0,
      offThread: 0,
    };
    this.done = new Promise((resolve) => {
      this.resolve = resolve;
    });
    this.queue = new FormulaQueue(wrappers);
    this.schedule = options.schedule ?? yieldToPage;
    this.now = options.now ?? (() => performance.now());
    this.budget = options.chunkBudgetMs ?? DEFAULT_BUDGET_MS;
    this.htmlBudget = options.chunkHtmlBudget ?? DEFAULT_HTML_BUDGET;
    this.limits = options.offThread ? { maxTokens: MAIN_THREAD_TOKENS } : undefined;
  }

  /** Runs the first chunk, synchronously. */
  start(): void {
    if (this.finishIfDone()) return;
    this.runChunk(this.options.firstChunkBudgetMs ?? this.budget, this.options.firstChunkHtmlBudget ?? this.htmlBudget);
  }

  prioritize(indices: readonly number[]): void {
    const pending = indices.filter((i) => !this.queue.isSettled(i));
    this.queue.prioritize(pending);
    if (this.handedOff) this.options.offThread?.renderer.prioritize(pending);
  }

  /** Renders on the page's thread, within the chunk's budgets (at least one formula), then schedules what follows. */
  private runChunk(timeBudget: number, htmlBudget: number): void {
    this.chunkScheduled = false;
    const worker = this.options.offThread?.renderer;
    if (this.options.signal?.aborted) {
      this.finish();
      return;
    }
    if (this.handedOff && worker?.working) return; // the worker renders the rest
    this.summary.chunks++;
    const deadline = this.now() + timeBudget;
    let inserted = 0;
    let exhausted = false;
    for (;;) {
      const i = this.queue.nextPending();
      if (i === undefined) {
        exhausted = true;
        break;
      }
      const result = renderHere(this.page, i, this.summary, this.limits);
      if (result.deferred) this.queue.holdBack(i);
      else {
        this.queue.settle(i);
        if (this.handedOff) worker?.take([i]);
        inserted += this.put(i, result);
      }
      if (inserted >= htmlBudget || this.now() >= deadline) break;
    }
    if (this.finishIfDone()) return;
    if (this.options.offThread && !this.handedOff) this.handOff();
    if (!exhausted) this.scheduleChunk();
  }

  private scheduleChunk(): void {
    if (this.chunkScheduled) return;
    this.chunkScheduled = true;
    this.schedule(() => this.runChunk(this.budget, this.htmlBudget));
  }

  /** Hands every formula not yet settled to the worker, prioritized ones first, then in document order. */
  private handOff(): void {
    const offThread = this.options.offThread;
    if (!offThread) return;
    this.handedOff = true;
    offThread.renderer.render(offThread.formulas, this.queue.pendingInOrder(), {
      result: (index, formula) => {
        this.arrived.push([index, formula]);
        if (this.inserting) return;
        this.inserting = true;
        this.schedule(() => this.insertArrived());
      },
      unavailable: (_rest, reason) => {
        // No worker (a page CSP, an error): the rest is rendered here, as without one, with the bounds only.
        this.summary.workerError = reason;
        this.limits = undefined;
        this.queue.releaseHeldBack();
        if (!this.options.signal?.aborted) this.scheduleChunk();
      },
    });
    this.options.signal?.addEventListener(
      'abort',
      () => {
        offThread.renderer.stop();
        this.finish();
      },
      { once: true },
    );
  }

  /** Puts the worker's results in the page, within the chunk's budgets (at least one); the rest in the next task. */
  private insertArrived(): void {
    if (this.options.signal?.aborted) {
      this.finish();
      return;
    }
    this.summary.chunks++;
    const deadline = this.now() + this.budget;
    let inserted = 0;
    for (let next = this.arrived.shift(); next; next = this.arrived.shift()) {
      const [i, result] = next;
      if (this.queue.isSettled(i) || !this.wrappers[i]) continue;
      this.queue.settle(i);
      this.summary.offThread++;
      inserted += this.put(i, result);
      if (inserted >= this.htmlBudget || this.now() >= deadline) break;
    }
    this.inserting = this.arrived.length > 0;
    if (this.inserting) this.schedule(() => this.insertArrived());
    else this.finishIfDone();
  }

  /** Puts formula i's result in its wrapper and counts it; returns the length of the HTML inserted. */
  private put(i: number, result: RenderedFormula): number {
    const wrapper = this.wrappers[i];
    const html = wrapper ? insert(wrapper, result, this.summary) : null;
    if (html === null) this.summary.failed++;
    else this.summary.rendered++;
    return html?.length ?? 0;
  }

  private finishIfDone(): boolean {
    if (this.queue.remaining() > 0) return false;
    this.options.offThread?.renderer.stop();
    this.finish();
    return true;
  }

  private finish(): void {
    this.resolve(this.summary);
  }
}

/** Runs `task` in a new task at once: unlike nested setTimeout(0), not clamped to 4 ms. */
function yieldToPage(task: () => void): void {
  if (typeof MessageChannel !== 'function') return void setTimeout(task, 0);
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    task();
  };
  channel.port2.postMessage(null);
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
