/**
 * The page's side of the TeX worker (utils/tex/worker-protocol.ts): formulas are rendered by KaTeX in a dedicated
 * worker while the page parses and lays out, and come back as HTML for the main thread to insert.
 *
 * Hard time limit: the worker posts at least every SLICE_MS and names the formula it renders next; when nothing
 * comes for `timeLimitMs`, that formula is abandoned (the worker is terminated, a new one started on the remaining
 * formulas) and reported as failed with the reason, so the page shows its source. A worker that cannot start (a
 * CSP, an error, no answer within `startupLimitMs`) is reported through `unavailable`: the caller renders the rest
 * on the page's thread.
 */
import type { FormulaInput, RenderedFormula } from '@/utils/tex/types';
import type { FromWorker, ToWorker } from '@/utils/tex/worker-protocol';

/** The part of Worker used here (tests pass a fake). */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  terminate(): void;
  onmessage: ((event: { data: FromWorker }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface OffThreadCallbacks {
  /** One formula's result (a formula abandoned after the time limit comes as `ok: false` with the reason). */
  result(index: number, formula: RenderedFormula): void;
  /** No worker could be used: these formulas were not rendered (the caller renders them itself). */
  unavailable(remaining: number[], reason: string): void;
}

export interface OffThreadRenderer {
  /** Renders `formulas[i]` for each i of `order` (in that order) after the same prepass over all of `formulas`. */
  render(formulas: readonly FormulaInput[], order: readonly number[], callbacks: OffThreadCallbacks): void;
  /** Renders these next, if still pending. */
  prioritize(indices: readonly number[]): void;
  /**
   * Whether a worker has been given the formulas (and has not failed): until then (a worker still loading), the
   * caller may render some itself, `take`ing them.
   */
  readonly working: boolean;
  /** The caller renders these itself (before the worker has the formulas): the worker is not asked for them. */
  take(indices: readonly number[]): void;
  /** Terminates the worker; no more callbacks. */
  stop(): void;
}

export interface WorkerRendererOptions {
  /** A formula still rendering after this long is abandoned (ms). */
  timeLimitMs?: number;
  /** A worker that has not answered after this long is given up (ms): loading and warming KaTeX take ~100–300 ms. */
  startupLimitMs?: number;
  setTimer?: (task: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** Far above the slowest real formula (~15 ms cold; ~100 ms for what bounds.ts still lets through). */
export const FORMULA_TIME_LIMIT_MS = 1000;
const STARTUP_LIMIT_MS = 5000;

/** The reader's words for an abandoned formula. */
export function tooSlowMessage(limitMs: number): string {
  return `Formula too slow to render: abandoned after ${limitMs / 1000} s`;
}

/**
 * A renderer on workers made by `makeWorker` (which may throw, or resolve late: a worker being loaded). One worker
 * at a time; a new one after each abandoned formula.
 */
export function createOffThreadRenderer(
  makeWorker: () => Promise<WorkerLike>,
  options: WorkerRendererOptions = {},
): OffThreadRenderer {
  return new WorkerRenderer(makeWorker, options);
}

class WorkerRenderer implements OffThreadRenderer {
  private readonly timeLimit: number;
  private readonly startupLimit: number;
  private readonly setTimer: (task: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  private worker: WorkerLike | null = null;
  private timer: unknown = null;
  private stopped = false;
  private formulas: readonly FormulaInput[] = [];
  private callbacks: OffThreadCallbacks | null = null;
  /** Formulas asked for and not answered yet, in the order asked. */
  private pending: number[] = [];
  /** Answered by a worker, abandoned, or taken by the caller. */
  private readonly answered = new Set<number>();
  private prioritized: number[] = [];
  /** The formula the worker said it renders next (blamed when it goes silent). */
  private current: number | null = null;
  working = false;

  constructor(
    private readonly makeWorker: () => Promise<WorkerLike>,
    options: WorkerRendererOptions,
  ) {
    this.timeLimit = options.timeLimitMs ?? FORMULA_TIME_LIMIT_MS;
    this.startupLimit = options.startupLimitMs ?? STARTUP_LIMIT_MS;
    this.setTimer = options.setTimer ?? ((task, ms) => setTimeout(task, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  render(formulas: readonly FormulaInput[], order: readonly number[], callbacks: OffThreadCallbacks): void {
    this.formulas = formulas;
    this.callbacks = callbacks;
    this.pending = [...order];
    if (this.pending.length > 0) this.start();
  }

  prioritize(indices: readonly number[]): void {
    const fresh = indices.filter((i) => !this.answered.has(i));
    if (fresh.length === 0) return;
    this.prioritized = [...fresh, ...this.prioritized];
    if (this.working) this.worker?.postMessage({ type: 'prioritize', indices: fresh });
  }

  take(indices: readonly number[]): void {
    for (const i of indices) this.answered.add(i);
    // Everything taken before the worker got to work: it is not needed any more.
    if (!this.working && this.unanswered().length === 0) this.finish();
  }

  stop(): void {
    this.stopped = true;
    this.finish();
  }

  private unanswered(): number[] {
    return this.pending.filter((i) => !this.answered.has(i));
  }

  private watch(ms: number, onSilence: () => void): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => {
      this.timer = null;
      onSilence();
    }, ms);
  }

  private finish(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.worker?.terminate();
    this.worker = null;
  }

  private giveUp(reason: string): void {
    this.finish();
    this.working = false;
    if (!this.stopped && this.callbacks) this.callbacks.unavailable(this.unanswered(), reason);
    this.stopped = true;
  }

  private start(): void {
    const limit = this.startupLimit;
    this.watch(limit, () => this.giveUp(`The TeX worker did not start within ${limit / 1000} s`));
    this.makeWorker().then(
      (w) => {
        if (this.stopped || this.unanswered().length === 0) {
          w.terminate();
          return this.finish();
        }
        this.worker = w;
        w.onmessage = (event) => this.onMessage(w, event.data);
        w.onerror = () => this.giveUp('The TeX worker failed');
      },
      (e: unknown) => this.giveUp(`The TeX worker could not start: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  private onMessage(from: WorkerLike, message: FromWorker): void {
    if (this.stopped || !this.callbacks || from !== this.worker) return;
    if (message.type === 'ready') {
      const order = this.unanswered();
      if (order.length === 0) {
        this.finish();
        return;
      }
      // Priorities asked for before this worker existed go first.
      const first = this.prioritized.filter((i) => order.includes(i));
      from.postMessage({ type: 'page', formulas: [...this.formulas], order: [...new Set([...first, ...order])] });
      this.working = true;
      this.watch(this.timeLimit, () => this.abandonCurrent());
      return;
    }
    for (const [index, formula] of message.results) {
      if (this.answered.has(index)) continue;
      this.answered.add(index);
      this.callbacks.result(index, formula);
    }
    this.current = message.next;
    if (this.unanswered().length === 0) this.finish();
    else this.watch(this.timeLimit, () => this.abandonCurrent());
  }

  private abandonCurrent(): void {
    const stuck = this.current ?? this.unanswered()[0];
    this.finish();
    if (stuck === undefined || this.stopped || !this.callbacks) return;
    this.answered.add(stuck);
    this.callbacks.result(stuck, { ok: false, html: '', error: tooSlowMessage(this.timeLimit), tags: [], refs: [] });
    this.current = null;
    if (this.unanswered().length > 0) this.start();
  }
}

/**
 * Workers made by `newWorker`, the first one started at once so that it loads and warms KaTeX up while the page is
 * still parsing.
 *
 * Why a blob, and the script inside the content script: a content script can't start a worker from an extension
 * URL (a worker's script must have the page's origin, in Chrome and Firefox alike), but it can start one from a
 * blob: URL it made, which has the page's origin. The worker's script (utils/tex/worker-main.ts, bundled on its own,
 * ~300 KB) is carried in the content script as text (Vite's `?worker&inline`), so the blob is made at once in both
 * browsers: no file of the extension is read, which on a busy machine took 300–700 ms (the worker's `importScripts`
 * of a web-accessible file in Chrome; in Firefox, where no file is web-accessible, the content script's `fetch`,
 * answered only after the page's parsing).
 * A page CSP that forbids blob: workers (`worker-src`, or `script-src` without `blob:`) makes `new Worker` throw
 * or the worker fail: the caller then renders on the page's thread.
 */
export function blobWorkers(newWorker: () => Worker): TexWorkers {
  const make = async (): Promise<WorkerLike> => keepEarlyEvents(newWorker());
  let first: Promise<WorkerLike> | null = make();
  // An unused first worker's failure is reported when it is asked for, not as an unhandled rejection.
  first.catch(() => undefined);
  return {
    take() {
      const w = first ?? make();
      first = null;
      return w;
    },
    releaseUnused() {
      void first?.then(
        (w) => w.terminate(),
        () => undefined,
      );
      first = null;
    },
  };
}

export interface TexWorkers {
  /** A worker: the one started early if still unused, else a new one. */
  take(): Promise<WorkerLike>;
  /** Terminates the early worker if nothing took it (a page whose math all fit in the first chunk). */
  releaseUnused(): void;
}

/** A worker whose messages and errors from before a handler is set are kept for it (the first one starts early). */
function keepEarlyEvents(worker: Worker): WorkerLike {
  const early: { error: boolean; event: unknown }[] = [];
  let onmessage: WorkerLike['onmessage'] = null;
  let onerror: WorkerLike['onerror'] = null;
  const flush = () => {
    while (onmessage && onerror) {
      const next = early.shift();
      if (!next) return;
      if (next.error) onerror(next.event);
      else onmessage(next.event as { data: FromWorker });
    }
  };
  worker.onmessage = (event) => {
    // When the worker has loaded its script, for the bench (the first one starts long before it is used).
    if (
      (event.data as FromWorker).type === 'ready' &&
      performance.getEntriesByName('kx:tex-worker-ready').length === 0
    ) {
      performance.mark('kx:tex-worker-ready');
    }
    early.push({ error: false, event });
    flush();
  };
  worker.onerror = (event) => {
    early.push({ error: true, event });
    flush();
  };
  return {
    postMessage: (message) => worker.postMessage(message),
    terminate: () => worker.terminate(),
    get onmessage() {
      return onmessage;
    },
    set onmessage(handler) {
      onmessage = handler;
      flush();
    },
    get onerror() {
      return onerror;
    },
    set onerror(handler) {
      onerror = handler;
      flush();
    },
  };
}
