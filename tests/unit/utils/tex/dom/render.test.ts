// @vitest-environment happy-dom

import fc from 'fast-check';
import katex from 'katex';
import { beforeEach, describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { prioritizeNearViewport, type RenderOptions, renderMath } from '@/utils/tex/dom/render';
import { prepareTexPage } from '@/utils/tex/pipeline';
import { scanMath, scanTex } from '@/utils/tex/scan';
import type { LabelTarget, PreparedTexPage, RenderedFormula } from '@/utils/tex/types';

const sync: RenderOptions = { schedule: (task) => task() };

/** Scan body, prepare with the real pipeline, render synchronously. */
async function renderBody(html: string, options: RenderOptions = sync) {
  document.body.innerHTML = html;
  const matches = scanMath(document.body);
  const page = prepareTexPage(matches.map((m) => ({ tex: m.tex, display: m.display })));
  const rendering = renderMath(document.body, page, matches, options);
  return { matches, page, rendering, summary: await rendering.done };
}

/** A page whose formulas render with bare KaTeX, recording the order in which they are asked for. */
function recordingPage(texs: string[], labels = new Map<string, LabelTarget>(), tags: string[][] = []) {
  const asked: number[] = [];
  const page: PreparedTexPage = {
    size: texs.length,
    labels,
    render(i): RenderedFormula {
      asked.push(i);
      if (texs[i] === 'THROW') throw new Error('pipeline exploded');
      return {
        ok: true,
        html: katex.renderToString(must(texs[i], `formula ${i}`)),
        error: null,
        tags: tags[i] ?? [],
        refs: [],
      };
    },
  };
  return { page, asked };
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('renderMath: replacement in place', () => {
  it('replaces inline math and keeps the text around it', async () => {
    const { summary } = await renderBody('<p>前文$x^2$后文</p>');
    const p = must(document.querySelector('p'), 'the paragraph');
    expect(p.childNodes.length).toBe(3);
    expect(p.firstChild?.nodeValue).toBe('前文');
    expect(p.lastChild?.nodeValue).toBe('后文');
    const w = p.childNodes[1] as HTMLElement;
    expect(w.getAttribute('data-kx-math')).toBe('inline');
    expect(w.getAttribute('data-kx-tex')).toBe('x^2');
    expect(w.hasAttribute('data-kx-pending')).toBe(false);
    expect(w.querySelector('.katex')).not.toBeNull();
    expect(summary).toMatchObject({ rendered: 1, failed: 0, skipped: 0 });
  });

  it('replaces display math spanning <br>s and keeps the <br>s and lines around it', async () => {
    await renderBody('<p>如下<br>\n$$a<br>\n+b$$<br>\n其中</p>');
    const p = must(document.querySelector('p'), 'the paragraph');
    const w = must(p.querySelector('[data-kx-math]'), 'the formula');
    expect(w.getAttribute('data-kx-math')).toBe('display');
    expect(w.getAttribute('data-kx-tex')).toBe('a\n+b');
    expect(w.querySelector('.katex-display')).not.toBeNull();
    // The two <br>s around the formula stay in the paragraph; the one inside the formula is gone.
    expect([...p.childNodes].map((n) => (n === w ? 'MATH' : n.nodeName === 'BR' ? 'BR' : n.nodeValue))).toEqual([
      '如下',
      'BR',
      '\n',
      'MATH',
      'BR',
      '\n其中',
    ]);
  });

  it('handles several formulas in one text node and ones that touch', async () => {
    const { summary } = await renderBody('<p>$a$$b$ and $c$, \\(d\\)</p>');
    const p = must(document.querySelector('p'), 'the paragraph');
    expect([...p.querySelectorAll('[data-kx-math]')].map((w) => w.getAttribute('data-kx-tex'))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(p.textContent).toContain(' and ');
    expect(summary.rendered).toBe(4);
  });

  it('renders top-level environments and bare \\eqref in running text as a link to the equation', async () => {
    await renderBody(
      '<p>\\begin{equation}E=mc^2\\label{eq:e}\\end{equation}<br>\n由\\eqref{eq:e}和$\\eqref{eq:e}$可知</p>',
    );
    const ws = [...document.querySelectorAll('[data-kx-math]')];
    expect(ws.map((w) => w.getAttribute('data-kx-math'))).toEqual(['display', 'inline', 'inline']);
    for (const ref of ws.slice(1)) {
      const a = must(ref.querySelector('a'), 'the eqref link');
      expect(a.textContent).toBe('(1)');
      const id = decodeURIComponent(must(a.getAttribute('href'), 'its href').slice(1));
      expect(document.getElementById(id)?.closest('[data-kx-math]')).toBe(ws[0]);
    }
  });
});

describe('renderMath: failures never break the page', () => {
  it('shows the source of a formula that fails, with the error on hover', async () => {
    const { summary } = await renderBody('<p>a $\\left( x$ b</p>');
    const w = document.querySelector('[data-kx-math]') as HTMLElement;
    expect(w.hasAttribute('data-kx-math-error')).toBe(true);
    expect(w.title).toMatch(/KaTeX parse error/);
    expect(w.textContent).toBe('$\\left( x$');
    expect(document.querySelector('p')?.textContent).toBe('a $\\left( x$ b');
    expect(summary).toMatchObject({ rendered: 0, failed: 1 });
  });

  it('keeps a failed display formula inline with its <br>s', async () => {
    await renderBody('<p>x<br>\n\\begin{equation}\\frac{a<br>\n\\end{equation}<br>\ny</p>');
    const w = document.querySelector('[data-kx-math]') as HTMLElement;
    expect(w.hasAttribute('data-kx-math-error')).toBe(true);
    expect(w.querySelectorAll('br').length).toBe(1);
    expect(w.textContent).toBe('\\begin{equation}\\frac{a\n\\end{equation}');
  });

  it('survives a pipeline that throws, and goes on with the next formula', async () => {
    document.body.innerHTML = '<p>$a$ $b$ $c$</p>';
    const matches = scanMath(document.body);
    const { page } = recordingPage(['a', 'THROW', 'c']);
    const summary = await renderMath(document.body, page, matches, sync).done;
    const ws = [...document.querySelectorAll<HTMLElement>('[data-kx-math]')];
    expect(ws[1]?.getAttribute('data-kx-math-error')).toBe('');
    expect(ws[1]?.title).toBe('pipeline exploded');
    expect(ws[2]?.querySelector('.katex')).not.toBeNull();
    expect(summary).toMatchObject({ rendered: 2, failed: 1 });
  });

  it('refuses a page that does not match the scan, with a clear message', () => {
    document.body.innerHTML = '<p>$a$</p>';
    const { page } = recordingPage([]);
    expect(() => renderMath(document.body, page, scanMath(document.body), sync)).toThrow(/0 formulas but 1 matches/);
  });
});

describe('renderMath: idempotent', () => {
  it('a second scan and render changes nothing', async () => {
    await renderBody(
      '<p>$a$ and $$b$$<br>\n\\begin{align}c&amp;=d\\end{align}, $\\left($ \\eqref{x}</p><pre>$e$</pre>',
    );
    const once = document.body.innerHTML;
    const again = scanMath(document.body);
    expect(again).toEqual([]);
    await renderMath(document.body, prepareTexPage([]), again, sync).done;
    expect(document.body.innerHTML).toBe(once);
  });

  it('old matches given again are skipped', async () => {
    const { matches, page } = await renderBody('<p>x $a$ y $b$ z</p>');
    const once = document.body.innerHTML;
    const summary = await renderMath(document.body, page, matches, sync).done;
    expect(summary).toMatchObject({ rendered: 0, failed: 0, skipped: 2 });
    expect(document.body.innerHTML).toBe(once);
  });

  it('with processEscapes, an escaped dollar becomes a plain "$" that is never scanned again', async () => {
    document.body.innerHTML = '<p>costs \\$5 and $x$ or \\$6</p>';
    const { math, escapes } = scanTex(document.body, { processEscapes: true });
    const page = prepareTexPage(math.map((m) => ({ tex: m.tex, display: m.display })));
    await renderMath(document.body, page, math, { ...sync, escapes }).done;
    const p = must(document.querySelector('p'), 'the paragraph');
    expect(p.querySelectorAll('[data-kx-escape]').length).toBe(2);
    expect(p.textContent?.startsWith('costs $5 and ')).toBe(true);
    expect(p.textContent?.endsWith(' or $6')).toBe(true);
    expect(scanTex(document.body, { processEscapes: true })).toEqual({ math: [], escapes: [] });
  });
});

describe('renderMath: chunks, visible part first', () => {
  it(
    'renders in document order, prioritized formulas first, ' + 'one chunk per scheduled task within the budget',
    async () => {
      document.body.innerHTML = '<p>$a$ $b$</p><p class="seen">$c$ $d$</p><p>$e$ $f$</p>';
      const matches = scanMath(document.body);
      const { page, asked } = recordingPage(['a', 'b', 'c', 'd', 'e', 'f']);
      const queue: (() => void)[] = [];
      let clock = 0;
      const rendering = renderMath(document.body, page, matches, {
        schedule: (task) => queue.push(task),
        // Each reading of the clock is 5 ms later and the budget is 8 ms: two formulas per chunk…
        now: () => (clock += 5),
        chunkBudgetMs: 8,
        // …except the first, which gets 3 ms: one formula.
        firstChunkBudgetMs: 3,
      });
      // The first chunk runs at once: the top of the page.
      expect(asked).toEqual([0]);
      const pending = () => document.querySelectorAll('[data-kx-pending]').length;
      expect(pending()).toBe(5);
      expect(queue.length).toBe(1);
      // Formulas that come near the screen go first (the rendered one and non-wrappers are ignored).
      rendering.prioritize([
        ...document.querySelectorAll('.seen [data-kx-math]'),
        must(rendering.wrappers[0], 'the first wrapper'),
        document.body,
      ]);
      must(queue.shift(), 'a scheduled task')();
      expect(asked).toEqual([0, 2, 3]);
      must(queue.shift(), 'a scheduled task')();
      expect(asked).toEqual([0, 2, 3, 1, 4]);
      must(queue.shift(), 'a scheduled task')();
      expect(asked).toEqual([0, 2, 3, 1, 4, 5]);
      expect(queue.length).toBe(0);
      expect(pending()).toBe(0);
      expect(await rendering.done).toMatchObject({ rendered: 6, failed: 0, chunks: 4 });
    },
  );

  it('gives the first chunk its own HTML budget', async () => {
    document.body.innerHTML = '<p>$a$ $b$ $c$</p>';
    const { page, asked } = recordingPage(['a', 'b', 'c']);
    const queue: (() => void)[] = [];
    renderMath(document.body, page, scanMath(document.body), {
      schedule: (task) => queue.push(task),
      now: () => 0,
      chunkBudgetMs: Infinity,
      chunkHtmlBudget: 1,
      firstChunkHtmlBudget: Infinity,
    });
    expect(asked).toEqual([0, 1, 2]);
    expect(queue.length).toBe(0);
  });

  it('reports the time spent in the pipeline and in putting its HTML in the page', async () => {
    document.body.innerHTML = '<p>$a$ $b$ $c$</p>';
    const { page } = recordingPage(['a', 'b', 'c']);
    const slow: PreparedTexPage = {
      ...page,
      render(i) {
        const until = performance.now() + 10;
        while (performance.now() < until);
        return page.render(i);
      },
    };
    const summary = await renderMath(document.body, slow, scanMath(document.body), sync).done;
    expect(summary.renderMs).toBeGreaterThanOrEqual(30);
    expect(summary.insertMs).toBeGreaterThan(0);
    expect(summary.insertMs).toBeLessThan(summary.renderMs);
  });

  it('ends a chunk once it has inserted chunkHtmlBudget characters of HTML, whatever the time budget', async () => {
    document.body.innerHTML = '<p>$a$ $b$ $c$ $d$ $e$</p>';
    const { page, asked } = recordingPage(['a', 'b', 'c', 'd', 'e']);
    const oneFormula = katex.renderToString('a').length;
    const queue: (() => void)[] = [];
    const rendering = renderMath(document.body, page, scanMath(document.body), {
      schedule: (task) => queue.push(task),
      now: () => 0,
      chunkBudgetMs: Infinity,
      // Reached by the second formula of a chunk.
      chunkHtmlBudget: oneFormula + 1,
    });
    expect(asked).toEqual([0, 1]);
    must(queue.shift(), 'a scheduled task')();
    expect(asked).toEqual([0, 1, 2, 3]);
    must(queue.shift(), 'a scheduled task')();
    expect(queue.length).toBe(0);
    expect(await rendering.done).toMatchObject({ rendered: 5, chunks: 3 });
  });

  it(
    'prioritizeNearViewport hands the pending formulas ' + 'the observer reports near the screen to the renderer',
    async () => {
      document.body.innerHTML = '<p>$a$ $b$ $c$ $d$</p>';
      const matches = scanMath(document.body);
      const { page, asked } = recordingPage(['a', 'b', 'c', 'd']);
      const queue: (() => void)[] = [];
      let clock = 0;
      const rendering = renderMath(document.body, page, matches, {
        schedule: (t) => queue.push(t),
        now: () => (clock += 100),
      });
      const observed = new Set<Element>();
      let report: (entries: { target: Element; isIntersecting: boolean }[]) => void = () => {};
      let margin = '';
      class FakeObserver {
        constructor(callback: typeof report, init: IntersectionObserverInit) {
          report = callback;
          margin = init.rootMargin ?? '';
        }
        observe(el: Element) {
          observed.add(el);
        }
        unobserve(el: Element) {
          observed.delete(el);
        }
        disconnect() {
          observed.clear();
        }
      }
      prioritizeNearViewport(rendering, FakeObserver as unknown as typeof IntersectionObserver, 250);
      expect(margin).toBe('250px 0px');
      // The first formula is already rendered: only the pending ones are watched.
      const [, b, c, d] = rendering.wrappers;
      expect([...observed]).toEqual([b, c, d]);
      report([
        { target: must(d, 'the fourth wrapper'), isIntersecting: true },
        { target: must(b, 'the second wrapper'), isIntersecting: false },
      ]);
      expect([...observed]).toEqual([b, c]);
      must(queue.shift(), 'a scheduled task')();
      expect(asked).toEqual([0, 3]);
      while (queue.length) must(queue.shift(), 'a scheduled task')();
      expect(asked).toEqual([0, 3, 1, 2]);
      await rendering.done;
      expect(observed.size).toBe(0);
    },
  );

  it('wraps every source at once so the page looks the same before its chunk renders', () => {
    document.body.innerHTML = '<p>x $a$ y<br>\n$$b$$</p>';
    const before = document.body.textContent;
    const matches = scanMath(document.body);
    const { page } = recordingPage(['a', 'b']);
    const queue: (() => void)[] = [];
    let clock = 0;
    renderMath(document.body, page, matches, { schedule: (t) => queue.push(t), now: () => (clock += 100) });
    expect(document.querySelectorAll('[data-kx-pending]').length).toBe(1);
    const pending = must(document.querySelector('[data-kx-pending]'), 'the pending formula');
    expect(pending.textContent).toBe('$$b$$');
    expect(document.body.textContent).not.toBe(before); // the first formula is rendered…
    expect(document.querySelector('p')?.lastChild).toBe(pending); // …the second still shows its source in place.
  });

  it('stops when aborted, leaving the rest as source', async () => {
    document.body.innerHTML = '<p>$a$ $b$ $c$</p>';
    const controller = new AbortController();
    const { page, asked } = recordingPage(['a', 'b', 'c']);
    const queue: (() => void)[] = [];
    let clock = 0;
    const r = renderMath(document.body, page, scanMath(document.body), {
      schedule: (t) => queue.push(t),
      now: () => (clock += 100),
      signal: controller.signal,
    });
    controller.abort();
    must(queue.shift(), 'a scheduled task')();
    expect(asked).toEqual([0]);
    expect((await r.done).rendered).toBe(1);
    expect(document.querySelectorAll('[data-kx-pending]').length).toBe(2);
  });
});

describe('renderMath: equation anchors', () => {
  it('keeps the anchor and the reference link the pipeline emits, once each', async () => {
    const { page } = await renderBody('<p>见\\eqref{eq:a}</p><p>\\begin{equation}a\\label{eq:a}\\end{equation}</p>');
    const id = must(page.labels.get('eq:a'), 'the label eq:a').anchorId;
    expect(document.getElementById(id)?.closest('[data-kx-math]')).not.toBeNull();
    expect(document.querySelector('a[href^="#mjx-eqn-"]')?.textContent).toBe('(1)');
  });

  it('does not duplicate an anchor the pipeline already emitted', async () => {
    const { page } = await renderBody('<p>\\begin{equation}a\\label{eq:a}\\end{equation}</p>');
    const id = must(page.labels.get('eq:a'), 'the label eq:a').anchorId;
    expect([...document.querySelectorAll('[id]')].filter((el) => el.id === id).length).toBe(1);
  });
});

describe('renderMath on random HTML', () => {
  const TOKENS = ['$', '$$', '\\(', '\\)', '\\[', '\\]', '\\begin{align}', '\\end{align}', '{', '}', 'a', ' ', '<br>'];
  TOKENS.push('<br>\n', '<em>', '</em>', '<code>', '</code>', '\\eqref{e}');
  const failing: PreparedTexPage = {
    size: 0,
    labels: new Map(),
    render: () => ({ ok: false, html: '', error: 'no', tags: [], refs: [] }),
  };

  it('a page whose formulas all fail looks exactly as before (text and <br>s), and is not scanned again', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }), (tokens) => {
        document.body.innerHTML = `<p>${tokens.join('')}</p>`;
        const text = document.body.textContent;
        const brs = document.querySelectorAll('br').length;
        const matches = scanMath(document.body);
        void renderMath(document.body, { ...failing, size: matches.length }, matches, sync);
        expect(document.body.textContent).toBe(text);
        expect(document.querySelectorAll('br').length).toBe(brs);
        expect(document.querySelectorAll('[data-kx-math-error]').length).toBe(matches.length);
        expect(scanMath(document.body)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});
