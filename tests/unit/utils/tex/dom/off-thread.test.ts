// @vitest-environment happy-dom
/**
 * Rendering off the page's thread: the worker's loop (worker-protocol.ts) run in-process behind a fake Worker, the
 * client's hard time limit (worker-client.ts) and the DOM orchestration (renderMath with `offThread`).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { MATH_ERROR_ATTR, PENDING_ATTR, type RenderOptions, renderMath } from '@/utils/tex/dom/render';
import { createOffThreadRenderer, tooSlowMessage, type WorkerLike } from '@/utils/tex/dom/worker-client';
import { prepareTexPage } from '@/utils/tex/pipeline';
import { scanMath } from '@/utils/tex/scan';
import type { FormulaInput, RenderedFormula } from '@/utils/tex/types';
import { createWorkerRenderer, type FromWorker, type ToWorker, WARM_UP } from '@/utils/tex/worker-protocol';

/** A task queue standing in for the event loop; `drain` runs tasks until none is left. */
function loop() {
  const tasks: (() => void)[] = [];
  return {
    later: (task: () => void) => void tasks.push(task),
    drain() {
      for (let n = 0; tasks.length > 0; n++) {
        if (n > 100_000) throw new Error('runaway loop');
        must(tasks.shift(), 'a task')();
      }
    },
  };
}

/**
 * A Worker running the real worker loop on `events`. `hangOn(tex)` makes the formula with that TeX never finish:
 * the worker goes silent from then on, as a worker stuck in KaTeX does.
 */
function fakeWorkers(events: ReturnType<typeof loop>, hangOn?: string) {
  const made: { terminated: boolean; received: ToWorker[] }[] = [];
  const make = async (): Promise<WorkerLike> => {
    const state = { terminated: false, received: [] as ToWorker[], hung: false };
    made.push(state);
    let formulas: FormulaInput[] = [];
    const worker: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(message) {
        state.received.push(message);
        if (message.type === 'page') formulas = message.formulas;
        events.later(() => !state.terminated && !state.hung && inner.onMessage(message));
      },
      terminate: () => {
        state.terminated = true;
      },
    };
    const post = (message: FromWorker) => {
      if (
        message.type === 'results' &&
        hangOn !== undefined &&
        message.next !== null &&
        formulas[message.next]?.tex === hangOn
      ) {
        state.hung = true;
      }
      events.later(() => !state.terminated && worker.onmessage?.({ data: structuredClone(message) }));
    };
    // A clock that moves a slice per reading: each slice renders one formula and names the next.
    let clock = 0;
    const inner = createWorkerRenderer(
      post,
      (task) => events.later(() => !state.terminated && !state.hung && task()),
      () => (clock += 100),
    );
    return worker;
  };
  return { make, made };
}

/** Timers that fire when the test says so. */
function manualTimers() {
  const timers = new Map<number, () => void>();
  let id = 0;
  return {
    setTimer: (task: () => void) => {
      timers.set(++id, task);
      return id;
    },
    clearTimer: (timer: unknown) => void timers.delete(timer as number),
    fireAll() {
      const all = [...timers.values()];
      timers.clear();
      for (const t of all) t();
    },
    get pending() {
      return timers.size;
    },
  };
}

const inputs = (texs: string[]): FormulaInput[] => texs.map((tex) => ({ tex, display: false }));

describe('the worker loop', () => {
  it('renders what the page asks in the order asked, priorities first, naming the next formula each time', () => {
    const events = loop();
    const sent: FromWorker[] = [];
    const renderer = createWorkerRenderer((m) => sent.push(m), events.later);
    expect(sent).toEqual([{ type: 'ready' }]);
    renderer.onMessage({ type: 'page', formulas: inputs(['a', 'b', 'c', 'd']), order: [0, 1, 2, 3] });
    renderer.onMessage({ type: 'prioritize', indices: [3] });
    events.drain();
    const results = sent.flatMap((m) => (m.type === 'results' ? m.results.map(([i]) => i) : []));
    // Formula 0 was announced before the priority came: it goes first, then the prioritized one.
    expect(results).toEqual([0, 3, 1, 2]);
    const last = sent[sent.length - 1];
    expect(last).toMatchObject({ type: 'results', next: null });
  });

  it('warms up on formulas KaTeX renders whole (a warm-up that fails compiles little)', () => {
    const page = prepareTexPage(WARM_UP);
    for (let i = 0; i < page.size; i++) {
      const result = page.render(i);
      expect(result.ok && !result.unknownCommands?.length, `warm-up formula ${i}: ${result.error}`).toBe(true);
    }
  });

  it('numbers equations and resolves references exactly as the page’s own prepass', () => {
    const formulas: FormulaInput[] = [
      { tex: '\\begin{equation}a\\label{eq:a}\\end{equation}', display: true },
      { tex: '\\eqref{eq:a}', display: false },
    ];
    const events = loop();
    const got = new Map<number, RenderedFormula>();
    const renderer = createWorkerRenderer((m) => {
      if (m.type === 'results') for (const [i, r] of m.results) got.set(i, r);
    }, events.later);
    renderer.onMessage({ type: 'page', formulas, order: [1, 0] });
    events.drain();
    const page = prepareTexPage(formulas);
    expect(got.get(0)).toEqual(page.render(0));
    expect(got.get(1)).toEqual(page.render(1));
  });
});

describe('the hard time limit', () => {
  it('abandons a formula that keeps the worker busy, shows why, and renders the rest in a new worker', () => {
    const events = loop();
    const timers = manualTimers();
    const { make, made } = fakeWorkers(events, 'SLOW');
    const renderer = createOffThreadRenderer(make, { timeLimitMs: 1000, ...timers });
    const results = new Map<number, RenderedFormula>();
    const formulas = inputs(['a', 'SLOW', 'c']);
    renderer.render(formulas, [0, 1, 2], {
      result: (i, r) => results.set(i, r),
      unavailable: () => expect.fail('no fallback'),
    });
    // Let the worker start (the factory is async), then run its messages.
    return Promise.resolve().then(async () => {
      await Promise.resolve();
      events.drain();
      expect([...results.keys()]).toEqual([0]);
      timers.fireAll(); // the time limit passes with the worker silent on formula 1
      expect(results.get(1)).toMatchObject({ ok: false, error: tooSlowMessage(1000) });
      expect(made[0]?.terminated).toBe(true);
      await Promise.resolve();
      await Promise.resolve();
      events.drain();
      expect(made).toHaveLength(2);
      // The new worker is asked only for what is left.
      expect(made[1]?.received.find((m) => m.type === 'page')).toMatchObject({ order: [2] });
      expect(results.get(2)).toMatchObject({ ok: true });
      expect(made[1]?.terminated).toBe(true); // done: nothing keeps running
    });
  });

  it('reports a worker that cannot start, with everything still to render', async () => {
    const timers = manualTimers();
    const renderer = createOffThreadRenderer(() => Promise.reject(new Error('CSP: worker-src none')), timers);
    let unavailable: [number[], string] | null = null;
    renderer.render(inputs(['a', 'b']), [1, 0], {
      result: () => expect.fail('nothing rendered'),
      unavailable: (rest, why) => (unavailable = [rest, why]),
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(unavailable).toEqual([[1, 0], 'The TeX worker could not start: CSP: worker-src none']);
  });
});

describe('renderMath off the page’s thread', () => {
  const events = loop();
  const sync: RenderOptions = { schedule: events.later };

  beforeEach(() => {
    document.body.innerHTML = '';
  });

  async function renderWithWorker(html: string, options: RenderOptions = {}, hangOn?: string) {
    document.body.innerHTML = html;
    const matches = scanMath(document.body);
    const formulas = matches.map((m) => ({ tex: m.tex, display: m.display }));
    const page = prepareTexPage(formulas);
    const asked: number[] = [];
    const spied = {
      ...page,
      labels: page.labels,
      size: page.size,
      render: (i: number, l?: { maxTokens?: number }) => {
        asked.push(i);
        return page.render(i, l);
      },
    };
    const timers = manualTimers();
    const { make } = fakeWorkers(events, hangOn);
    const renderer = createOffThreadRenderer(make, timers);
    const rendering = renderMath(document.body, spied, matches, {
      ...sync,
      ...options,
      offThread: { renderer, formulas },
    });
    for (let k = 0; k < 20; k++) {
      await new Promise((r) => setTimeout(r, 0));
      events.drain();
      if (hangOn && timers.pending > 0 && document.querySelector(`[${PENDING_ATTR}]`) && k === 10) timers.fireAll();
    }
    return { rendering, asked, summary: await rendering.done };
  }

  it('renders the first chunk here and everything else in the worker, the page only inserting its HTML', async () => {
    const { summary, asked } = await renderWithWorker(
      '<p>$a$ $b$ $c$ $d$</p><p>$$\\begin{equation}x\\label{eq:x}\\end{equation}$$ see \\eqref{eq:x}</p>',
      { firstChunkBudgetMs: 0, chunkBudgetMs: 0 },
    );
    // A zero budget still renders one formula in the first chunk; the other five are the worker's.
    expect(asked).toEqual([0]);
    expect(summary).toMatchObject({ rendered: 6, failed: 0, offThread: 5 });
    expect(document.querySelectorAll(`[${PENDING_ATTR}]`)).toHaveLength(0);
    expect(document.getElementById('mjx-eqn-eq:x')).not.toBeNull();
    expect(document.querySelector('a[href="#mjx-eqn-eq%3Aatt"], a[href="#mjx-eqn-eq%3Ax"]')?.textContent).toBe('(1)');
  });

  it('never renders a formula over the page thread’s share here: the worker does', async () => {
    const heavy = 'x'.repeat(2_000);
    const { summary, asked } = await renderWithWorker(`<p>$${heavy}$ $b$</p>`, { firstChunkBudgetMs: Infinity });
    // Asked once here (and refused as deferred by the bounds), then rendered by the worker.
    expect(asked).toEqual([0, 1]);
    expect(summary).toMatchObject({ rendered: 2, offThread: 1 });
    expect(must(document.querySelector('[data-kx-math]'), 'a formula').querySelector('.katex')).not.toBeNull();
  });

  it('shows a formula that outlasts the time limit as source, with the reason on hover', async () => {
    const { summary } = await renderWithWorker('<p>$a$ $SLOW$ $c$</p>', { firstChunkBudgetMs: 0 }, 'SLOW');
    expect(summary).toMatchObject({ rendered: 2, failed: 1 });
    const slow = document.querySelector(`[${MATH_ERROR_ATTR}]`) as HTMLElement;
    expect(slow.textContent).toBe('$SLOW$');
    expect(slow.title).toBe(tooSlowMessage(1000));
  });

  /** A renderer whose worker is still loading until `load()` (the fake worker then runs on `events`). */
  function loadingWorker(events: ReturnType<typeof loop>) {
    let load: () => void = () => undefined;
    const loaded = new Promise<void>((resolve) => {
      load = resolve;
    });
    const { make, made } = fakeWorkers(events);
    const renderer = createOffThreadRenderer(async () => {
      await loaded;
      return make();
    }, manualTimers());
    return { renderer, made, load };
  }

  it('goes on rendering here while the worker is loading, and asks the worker only for what is left', async () => {
    document.body.innerHTML = '<p>$a$ $b$ $c$ $d$ $e$ $f$</p>';
    const matches = scanMath(document.body);
    const formulas = matches.map((m) => ({ tex: m.tex, display: m.display }));
    const page = prepareTexPage(formulas);
    const asked: number[] = [];
    const spied = {
      ...page,
      labels: page.labels,
      size: page.size,
      render: (i: number) => {
        asked.push(i);
        return page.render(i);
      },
    };
    const tasks: (() => void)[] = [];
    const events = loop();
    const { renderer, made, load } = loadingWorker(events);
    const rendering = renderMath(document.body, spied, matches, {
      schedule: (task) => tasks.push(task),
      firstChunkBudgetMs: 0,
      chunkBudgetMs: 0,
      offThread: { renderer, formulas },
    });
    // A zero budget renders one formula per chunk: the first chunk, then two more chunks while the worker loads.
    must(tasks.shift(), 'a second chunk')();
    must(tasks.shift(), 'a third chunk')();
    expect(asked).toEqual([0, 1, 2]);
    load();
    for (let k = 0; k < 5; k++) await new Promise((r) => setTimeout(r, 0));
    events.drain();
    // The worker has the formulas now: the chunk already scheduled renders nothing, the worker renders the rest.
    for (let task = tasks.shift(); task; task = tasks.shift()) task();
    const summary = await rendering.done;
    expect(asked).toEqual([0, 1, 2]);
    expect(made[0]?.received.find((m) => m.type === 'page')).toMatchObject({ order: [3, 4, 5] });
    expect(summary).toMatchObject({ rendered: 6, failed: 0, offThread: 3 });
  });

  it('leaves a formula too heavy for the page’s thread to the worker without spinning while it loads', async () => {
    // Not the heavy formula of the test above: the render cache, shared by both threads here, would have it.
    document.body.innerHTML = `<p>$${'y'.repeat(2_000)}$ $b$</p>`;
    const matches = scanMath(document.body);
    const formulas = matches.map((m) => ({ tex: m.tex, display: m.display }));
    const tasks: (() => void)[] = [];
    const events = loop();
    const { renderer, load } = loadingWorker(events);
    const rendering = renderMath(document.body, prepareTexPage(formulas), matches, {
      schedule: (task) => tasks.push(task),
      firstChunkBudgetMs: Infinity,
      offThread: { renderer, formulas },
    });
    // Formula 1 rendered here, formula 0 held back: nothing is left for this thread, so no chunk is scheduled.
    expect(tasks).toHaveLength(0);
    load();
    for (let k = 0; k < 5; k++) await new Promise((r) => setTimeout(r, 0));
    events.drain();
    for (let task = tasks.shift(); task; task = tasks.shift()) task();
    expect(await rendering.done).toMatchObject({ rendered: 2, offThread: 1 });
  });

  it('renders on the page’s thread when no worker can start (a CSP forbidding blob: workers)', async () => {
    document.body.innerHTML = '<p>$a$ $b$ $\\frac12$</p>';
    const matches = scanMath(document.body);
    const formulas = matches.map((m) => ({ tex: m.tex, display: m.display }));
    const renderer = createOffThreadRenderer(() => Promise.reject(new Error('blocked by CSP')));
    const rendering = renderMath(document.body, prepareTexPage(formulas), matches, {
      schedule: (task) => setTimeout(task, 0),
      firstChunkBudgetMs: 0,
      offThread: { renderer, formulas },
    });
    const summary = await rendering.done;
    expect(summary).toMatchObject({
      rendered: 3,
      failed: 0,
      offThread: 0,
      workerError: 'The TeX worker could not start: blocked by CSP',
    });
  });
});
