/**
 * The TeX worker's side of rendering off the page's thread (pure: no DOM, runs in a worker and in Node tests).
 * The worker says `ready` as soon as its script is loaded, then warms KaTeX up on a few formulas of the blog's usual
 * shapes, one per task, until the page's formulas come (they usually come later: the worker starts at document_start,
 * the formulas are known at DOMContentLoaded). The page sends its formulas once (`page`); the worker runs the same
 * prepass as the page (macros, numbering and labels are deterministic, so both agree on every tag and anchor) and
 * renders the formulas in the order asked, those `prioritize`d (coming near the screen) first. It renders in slices
 * of ~SLICE_MS and posts each slice's results, naming the formula it starts next: when no message comes for the time
 * limit, the page knows which formula is stuck, terminates the worker and starts another without it
 * (utils/tex/dom/worker-client.ts).
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

/**
 * Formulas of the blog's usual shapes: rendering them while the page is still loading compiles KaTeX's hot paths
 * before the page's formulas need them (a cold KaTeX is 2–4 times slower). Each is one task, so a page's formulas
 * arriving meanwhile wait for one of them at most.
 */
export const WARM_UP: FormulaInput[] = [
  {
    tex: String.raw`\begin{aligned}f(x) &= \sum_{i=1}^n \frac{\exp(x_i)}{\sqrt{1+\boldsymbol{x}^{\top}\boldsymbol{W}}}\\
      &\leq \left(\int_0^1 \mathbb{E}[y]\,dt\right)\end{aligned}`,
    display: true,
  },
  { tex: String.raw`\mathcal{L}=\log p(\boldsymbol{x}|\theta)\text{，其中}\,\alpha\in(0,1)`, display: false },
  {
    tex: String.raw`\begin{equation}\boldsymbol{A}=\begin{pmatrix}a_{11} & \cdots & a_{1n} \\ \vdots & \ddots & \vdots
      \\ a_{m1} & \cdots & a_{mn}\end{pmatrix},\quad \Vert\boldsymbol{A}\Vert_F^2
      = \text{Tr}(\boldsymbol{A}^{\top}\boldsymbol{A})\label{eq:warm}\end{equation}`,
    display: true,
  },
  {
    tex: String.raw`p(y|x) = \left\{\begin{array}{ll}\displaystyle\frac{e^{s(x,y)}}{\sum\limits_{y\in\mathcal{Y}}
      e^{s(x,y)}}, & y\neq 0\\ \tilde{\epsilon}\cdot\hat{\sigma}^2, & \text{otherwise}\end{array}\right.
      \quad\eqref{eq:warm}`,
    display: true,
  },
  {
    tex: String.raw`\mathop{\text{argmin}}_{\theta} \mathbb{E}_{x\sim p(x)}\big[\Vert f_{\theta}(x) - y\Vert^2\big]`,
    display: false,
  },
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
    while (queue[0] !== undefined && done.has(queue[0])) queue.shift();
    return queue[0] ?? null;
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

  // Ready at once; the warm-up stops as soon as the page's formulas come.
  post({ type: 'ready' });
  const warm = prepareTexPage(WARM_UP);
  const warmUp = (i: number): void => {
    if (page || i >= warm.size) return;
    renderSafely(warm, i);
    later(() => warmUp(i + 1));
  };
  later(() => warmUp(0));

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
