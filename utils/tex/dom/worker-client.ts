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
  const timeLimit = options.timeLimitMs ?? FORMULA_TIME_LIMIT_MS;
  const startupLimit = options.startupLimitMs ?? STARTUP_LIMIT_MS;
  const setTimer = options.setTimer ?? ((task, ms) => setTimeout(task, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));

  let worker: WorkerLike | null = null;
  let timer: unknown = null;
  let stopped = false;
  let formulas: readonly FormulaInput[] = [];
  let callbacks: OffThreadCallbacks | null = null;
  /** Formulas asked for and not answered yet, in the order asked. */
  let pending: number[] = [];
  const answered = new Set<number>();
  let prioritized: number[] = [];
  /** The formula the worker said it renders next (blamed when it goes silent). */
  let current: number | null = null;

  const watch = (ms: number, onSilence: () => void) => {
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => {
      timer = null;
      onSilence();
    }, ms);
  };
  const unanswered = () => pending.filter((i) => !answered.has(i));
  const finish = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    worker?.terminate();
    worker = null;
  };
  const giveUp = (reason: string) => {
    finish();
    if (!stopped && callbacks) callbacks.unavailable(unanswered(), reason);
    stopped = true;
  };

  const onMessage = (message: FromWorker) => {
    if (stopped || !callbacks) return;
    if (message.type === 'ready') {
      const order = unanswered();
      // Priorities asked for before this worker existed go first.
      const first = prioritized.filter((i) => order.includes(i));
      worker!.postMessage({ type: 'page', formulas: [...formulas], order: [...new Set([...first, ...order])] });
      watch(timeLimit, abandonCurrent);
      return;
    }
    for (const [index, formula] of message.results) {
      if (answered.has(index)) continue;
      answered.add(index);
      callbacks.result(index, formula);
    }
    current = message.next;
    if (unanswered().length === 0) finish();
    else watch(timeLimit, abandonCurrent);
  };

  function start(): void {
    watch(startupLimit, () => giveUp(`The TeX worker did not start within ${startupLimit / 1000} s`));
    makeWorker().then(
      (w) => {
        if (stopped) return w.terminate();
        worker = w;
        w.onmessage = (event) => onMessage(event.data);
        w.onerror = () => giveUp('The TeX worker failed');
      },
      (e: unknown) => giveUp(`The TeX worker could not start: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  function abandonCurrent(): void {
    const stuck = current ?? unanswered()[0];
    finish();
    if (stuck === undefined || stopped || !callbacks) return;
    answered.add(stuck);
    callbacks.result(stuck, { ok: false, html: '', error: tooSlowMessage(timeLimit), tags: [], refs: [] });
    current = null;
    if (unanswered().length > 0) start();
  }

  return {
    render(all, order, cb) {
      formulas = all;
      callbacks = cb;
      pending = [...order];
      if (pending.length === 0) return;
      start();
    },
    prioritize(indices) {
      const fresh = indices.filter((i) => !answered.has(i));
      if (fresh.length === 0) return;
      prioritized = [...fresh, ...prioritized];
      worker?.postMessage({ type: 'prioritize', indices: fresh });
    },
    stop() {
      stopped = true;
      finish();
    },
  };
}

/**
 * Workers running the script at `scriptUrl` (the extension's tex-worker.js), the first one started at once so that
 * it loads and warms KaTeX while the page is still parsing.
 *
 * Why a blob: a content script can't start a worker from an extension URL (a worker's script must have the page's
 * origin, in Chrome and Firefox alike), but it can read the script (`fetch`, a web-accessible resource) and start a
 * worker from a blob: URL it made, which has the page's origin. A page CSP that forbids blob: workers (`worker-src`,
 * or `script-src` without `blob:`) makes `new Worker` throw: the caller then renders on the page's thread.
 */
export function blobWorkers(
  scriptUrl: string,
  fetchText: (url: string) => Promise<string> = (url) =>
    fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      return r.text();
    }),
): TexWorkers {
  const blobUrl = fetchText(scriptUrl).then((text) =>
    URL.createObjectURL(new Blob([text], { type: 'text/javascript' })),
  );
  const make = () => blobUrl.then((url) => keepEarlyEvents(new Worker(url)));
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
    while (early.length > 0 && onmessage && onerror) {
      const { error, event } = early.shift()!;
      if (error) onerror(event);
      else onmessage(event as { data: FromWorker });
    }
  };
  worker.onmessage = (event) => {
    // When the worker is loaded and warm, for the bench (the first one starts long before it is used).
    if (
      (event.data as FromWorker).type === 'ready' &&
      performance.getEntriesByName('kx:tex-worker-ready').length === 0
    ) {
      performance.mark('kx:tex-worker-ready');
    }
    return onmessage && early.length === 0 ? onmessage(event) : (early.push({ error: false, event }), flush());
  };
  worker.onerror = (event) =>
    onerror && early.length === 0 ? onerror(event) : (early.push({ error: true, event }), flush());
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
