/**
 * The TeX worker's side of rendering off the page's thread (pure: no DOM, runs in a worker and in Node tests).
 * The page sends its formulas once (`page`); the worker runs the same prepass as the page (macros, numbering and
 * labels are deterministic, so both agree on every tag and anchor) and renders the formulas in the order asked,
 * those `prioritize`d (coming near the screen) first. It renders in slices of ~SLICE_MS and posts each slice's
 * results, naming the formula it starts next: when no message comes for the time limit, the page knows which
 * formula is stuck, terminates the worker and starts another without it (utils/tex/dom/worker-client.ts).
 */
import { prepareTexPage } from './pipeline';
import type { FormulaInput, PreparedTexPage, RenderedFormula } from './types';

export type ToWorker =
  | { type: 'page'; formulas: FormulaInput[]; order: number[] }
  | { type: 'prioritize'; indices: number[] };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'results'; results: [number, RenderedFormula][]; next: number | null };

/** How long the worker renders before posting what it has (and reading new priorities). */
export const SLICE_MS = 8;

/** A few formulas of the blog's usual shapes: rendering them once compiles KaTeX's hot paths before the page's. */
const WARM_UP: FormulaInput[] = [
  {
    tex:
      '\\begin{aligned}f(x) &= \\sum_{i=1}^n \\frac{\\exp(x_i)}{\\sqrt{1+\\boldsymbol{x}^{\\top}' +
      '\\boldsymbol{W}}}\\\\ &\\leq \\left(\\int_0^1 \\mathbb{E}[y]\\,dt\\right)\\end{aligned}',
    display: true,
  },
  { tex: '\\mathcal{L}=\\log p(\\boldsymbol{x}|\\theta)\\text{，其中}\\,\\alpha\\in(0,1)', display: false },
];

export interface WorkerRenderer {
  onMessage(message: ToWorker): void;
}

/**
 * The worker's loop. `post` sends a message to the page, `later` runs a task after pending messages (a new task),
 * `now` reads a clock (ms).
 */
export function createWorkerRenderer(
  post: (message: FromWorker) => void,
  later: (task: () => void) => void,
  now: () => number = () => performance.now(),
): WorkerRenderer {
  let page: PreparedTexPage | null = null;
  let queue: number[] = [];
  const done = new Set<number>();
  let scheduled = false;
  /** The formula the last message named as next: the next slice starts with it, whatever came in meanwhile. */
  let promised: number | null = null;

  const nextIndex = (): number | null => {
    if (promised !== null && !done.has(promised)) return promised;
    let head = queue[0];
    while (head !== undefined && done.has(head)) {
      queue.shift();
      head = queue[0];
    }
    return head ?? null;
  };
  const announce = (results: [number, RenderedFormula][]) => {
    promised = nextIndex();
    post({ type: 'results', results, next: promised });
  };
  const slice = (): void => {
    scheduled = false;
    if (!page) return;
    const deadline = now() + SLICE_MS;
    const results: [number, RenderedFormula][] = [];
    for (let i = nextIndex(); i !== null; i = nextIndex()) {
      done.add(i);
      results.push([i, renderSafely(page, i)]);
      if (now() >= deadline) break;
    }
    announce(results);
    if (promised !== null) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    later(slice);
  };

  const warm = prepareTexPage(WARM_UP);
  for (let i = 0; i < warm.size; i++) warm.render(i);
  post({ type: 'ready' });

  return {
    onMessage(message) {
      if (message.type === 'page') {
        const prepared = prepareTexPage(message.formulas);
        page = prepared;
        queue = message.order.filter((i) => Number.isInteger(i) && i >= 0 && i < prepared.size);
        announce([]);
        schedule();
      } else if (message.type === 'prioritize') {
        queue = [...message.indices.filter((i) => !done.has(i)), ...queue];
        if (page) schedule();
      }
    },
  };
}

function renderSafely(page: PreparedTexPage, index: number): RenderedFormula {
  try {
    return page.render(index);
  } catch (e) {
    return { ok: false, html: '', error: e instanceof Error ? e.message : String(e), tags: [], refs: [] };
  }
}
