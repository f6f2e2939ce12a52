/**
 * One page load as the bench sees it (scripts/bench.ts): what is installed in the page before its scripts, what is
 * read from it afterwards, and the table row made from several loads. Each column is explained in MATH_COLUMNS.
 */
import type { Page } from 'playwright-core';
import type { ExtensionSession } from '@/tests/e2e/browser';
import type { ManifestPage } from '@/tests/e2e/fixtures';
import type { KatexSpeed } from './bench-katex';
import { median, round } from './bench-stats';

/** What each math column measures, printed with the table. Times are medians of REPEATS page loads. */
export const MATH_COLUMNS: Record<string, string> = {
  'MathJax ms': 'renderer off: DOMContentLoaded → MathJax 2.7.9 has typeset every formula (its End hook)',
  'ours ms':
    'renderer on: DOMContentLoaded → every formula rendered (kx:math-done) and visible: formulas stay hidden until ' +
    "KaTeX's fonts are in (kx:fonts-revealed), whichever is later; paragraphs off screen are laid out only when the " +
    'reader nears them (content-visibility)',
  'ours/MathJax': 'ours ms / MathJax ms (target ≤ 0.10)',
  'wait ms':
    'DOMContentLoaded → our math starts (kx:math-start): page reading, hooks, settings, other features; part ' +
    'of ours ms',
  'screen ms':
    "DOMContentLoaded → no formula on the first screen (1280×720) still shows its source, and KaTeX's fonts are in " +
    '(no formula hidden while they load)',
  'screen from start ms': 'content script start (document_start) → the same (target ≤ 30 on heavy articles)',
  'block ms': 'our synchronous block at DOMContentLoaded: scan, prepass, wrapping, first chunk (target ≤ 50)',
  'scan+prepass ms': 'the scan and the prepass, part of that block',
  'DCL task ms':
    'the task our block runs in (if over 50 ms): the DOMContentLoaded handlers of all features, then the ' +
    "browser's first layout of the page (not ours, MathJax pages have it too)",
  'later task ms':
    'longest task after our block until the last formula: our chunks and the style/layout/paint they cause ' +
    '(target ≤ 50)',
  'settle ms':
    'kx:math-done → every paragraph with math laid out once more in idle time, so the page has its true height ' +
    '(see utils/tex/dom/offscreen.ts)',
  'settle task ms': 'longest task while settling (target ≤ 50, like every task of ours)',
  'pipeline/bare':
    'our render(i) after one prepass / bare katex.renderToString, over the formulas bare KaTeX renders without ' +
    'error, same options, render cache cleared (target ≤ 1.5)',
  'KaTeX ms': 'renderer on: time in the pipeline (KaTeX, cold as on every page load) over all chunks, part of ours ms',
  'insert ms':
    'renderer on: time putting its HTML in the page (DOM parsing, no layout) over all chunks, part of ours ms',
  'work/MathJax':
    '(scan + prepass + KaTeX ms + insert ms) / MathJax ms: our main-thread work without any waiting, style, ' +
    'layout or paint, the least ours/MathJax can be while KaTeX runs in the page',
  'page task/MathJax':
    "(DCL task ms − block ms) / MathJax ms: the rest of the task our block runs in, mostly the page's own " +
    'first layout, which falls inside ours ms on any page whose math outlasts that block',
  'page paint ms':
    "renderer off: content script start → the page's first paint, which nothing of ours can precede (the floor " +
    'of screen from start ms)',
  'our paint ms': 'renderer on: content script start → the first paint, with the same page',
  'paint − page ms':
    'our paint ms − page paint ms: what our renderer adds before the reader sees anything (target ≤ 16)',
  'final at paint':
    'renderer on: no formula on the first screen showed its source in the first painted frame (1 = yes)',
  'CLS ours': 'renderer on: layout shift after the first paint (sum of layout-shift entries, as CLS)',
  'CLS MathJax': 'renderer off: the same with MathJax 2.7.9',
  'bare warm/MathJax':
    'bare katex.renderToString, warm, over the formulas it renders (scaled to all) / MathJax ms: the least ' +
    'ours/MathJax can be with all KaTeX on one thread, before any insertion, style or layout',
  'worker ready ms':
    "content script start → the TeX worker's script loaded (kx:tex-worker-ready, seen on the page's thread); " +
    'it warms up after that until the formulas come',
  'off thread':
    'formulas rendered by the worker (the rest on the page thread: the first chunk, and chunks while the worker loads)',
  'prepass ms': 'the same prepass run again in the page, warm (best run)',
};

/** Installed before any page script: long tasks, the first screen of our math, MathJax's end of typesetting. */
export function instrument(): void {
  const w = window as unknown as { __longTasks: [number, number][]; MathJax?: unknown };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.__longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  (w as unknown as { __shifts: [number, number][] }).__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
      if (!entry.hadRecentInput)
        (w as unknown as { __shifts: [number, number][] }).__shifts.push([entry.startTime, entry.value]);
    }
  }).observe({ type: 'layout-shift', buffered: true });
  // Checked in each frame before it is painted (the layout it reads is the one the frame needs anyway). A formula
  // in a paragraph the browser skips as off screen (content-visibility) is not on it, and asking for its box would
  // force that paragraph's layout.
  const firstScreen = () => {
    const pending = [...document.querySelectorAll('[data-kx-pending]')].some((el) => {
      if (!el.checkVisibility({ contentVisibilityAuto: true })) return false;
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
    });
    const hidden = document.getElementById('kx-fonts-pending') !== null;
    if (document.querySelector('[data-kx-math]') && !pending && !hidden) performance.mark('bench:first-screen');
    else requestAnimationFrame(firstScreen);
  };
  requestAnimationFrame(firstScreen);
  w.MathJax = {
    AuthorInit() {
      type Hub = { Register: { StartupHook(name: string, hook: () => void): void } };
      const hub = (window as unknown as { MathJax: { Hub: Hub } }).MathJax.Hub;
      hub.Register.StartupHook('End', () => performance.mark('mathjax:end'));
    },
  };
}

export async function timings(page: Page) {
  return page.evaluate(() => {
    const dcl = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming)
      .domContentLoadedEventStart;
    const mark = (name: string) => performance.getEntriesByName(name)[0]?.startTime;
    /** mark(name) − mark(from) (or − a time), null when either is missing. */
    const between = (from: string | number | undefined, name: string) => {
      const [a, b] = [typeof from === 'string' ? mark(from) : from, mark(name)];
      return a === undefined || b === undefined ? null : b - a;
    };
    const since = (name: string) => between(dcl, name);
    const tasks = (window as unknown as { __longTasks: [number, number][] }).__longTasks;
    const from = mark('kx:start') ?? 0;
    const to = mark('kx:math-done') ?? Infinity;
    const longest = (keep: (start: number, end: number) => boolean) =>
      Math.max(
        0,
        ...tasks.filter(([start, duration]) => keep(start, start + duration)).map(([, duration]) => duration),
      );
    const firstPaint = performance.getEntriesByName('first-paint')[0]?.startTime;
    const shifts = (window as unknown as { __shifts: [number, number][] }).__shifts;
    const screenMark = mark('bench:first-screen');
    return {
      cls: shifts
        .filter(([at]) => firstPaint !== undefined && at >= firstPaint)
        .reduce((sum, [, value]) => sum + value, 0),
      // The first-screen check runs in each frame before it is painted: marked before the first paint = final then.
      finalAtPaint: screenMark === undefined || firstPaint === undefined ? null : screenMark <= firstPaint ? 1 : 0,
      workerReady: between(from, 'kx:tex-worker-ready'),
      mathjax: since('mathjax:end'),
      pagePaint: firstPaint === undefined ? null : firstPaint - from,
      // Rendered and visible: formulas are hidden until KaTeX's fonts are in.
      ours: Math.max(since('kx:math-done') ?? Number.NaN, since('kx:fonts-revealed') ?? Number.NEGATIVE_INFINITY),
      done: since('kx:math-done'),
      fonts: since('kx:fonts-revealed'),
      wait: since('kx:math-start'),
      screen: since('bench:first-screen'),
      screenFromStart: between(from, 'bench:first-screen'),
      hooks: since('kx:hooks'),
      states: since('kx:states-shown'),
      // The long task around our block, and those after it up to the frame that follows the last chunk.
      dclTask: longest(
        (start, end) => start <= (mark('kx:math-start') ?? from) && end >= (mark('kx:math-start') ?? from),
      ),
      later: longest((start) => start >= (mark('kx:math-first-chunk') ?? Infinity) && start < to + 20),
      settle: between(mark('kx:math-done'), 'kx:math-settled'),
      settleTask: longest((start) => start >= to && start < (mark('kx:math-settled') ?? Infinity) + 20),
      block: between('kx:math-start', 'kx:math-first-chunk'),
      scan: between('kx:math-start', 'kx:math-scanned'),
      prepass: between('kx:math-scanned', 'kx:math-prepared'),
      formulas: document.querySelectorAll('[data-kx-math]').length,
      ...((performance.getEntriesByName('kx:math-done')[0] as PerformanceMark | undefined)?.detail as
        | { renderMs: number; insertMs: number; offThread: number }
        | undefined),
    };
  });
}

export async function openInstrumented(session: ExtensionSession, url: string, ready: string): Promise<Page> {
  const page = await session.context.newPage();
  await page.addInitScript(instrument);
  await page.goto(url);
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, ready, { timeout: 120_000 });
  return page;
}

export type Timings = Awaited<ReturnType<typeof timings>>;

/** a / b, a − b, … when both are known. */
const div = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
const sum = (...xs: (number | null)[]) =>
  xs.some((x) => x === null) ? null : xs.reduce<number>((t, x) => t + (x ?? 0), 0);

export function row(
  target: ManifestPage,
  mathjax: { typeset: number | null; pagePaint: number | null; cls: number | null },
  runs: Timings[],
  speed: KatexSpeed,
) {
  const pick = (key: keyof Timings) => median(runs.map((run) => run[key] as number | null | undefined));
  const work = sum(pick('scan'), pick('prepass'), pick('renderMs'), pick('insertMs'));
  const pageTask = sum(pick('dclTask'), -(pick('block') ?? Number.NaN));
  const paint = pick('pagePaint');
  const cls = pick('cls');
  // Bare KaTeX's warm time for the formulas it renders, scaled to all of the page's formulas.
  const bareAll = speed.compared > 0 ? (speed.bare * speed.formulas) / speed.compared : null;
  return {
    page: target.url.replace(/^https?:\/\//, '').slice(0, 40),
    kind: target.kind,
    formulas: runs[0]?.formulas ?? 0,
    'MathJax ms': round(mathjax.typeset),
    'ours ms': round(pick('ours')),
    'ours/MathJax': round(div(pick('ours'), mathjax.typeset)),
    'wait ms': round(pick('wait')),
    'screen ms': round(pick('screen')),
    'screen from start ms': round(pick('screenFromStart')),
    'block ms': round(pick('block')),
    'scan+prepass ms': `${round(pick('scan'))}+${round(pick('prepass'))}`,
    'DCL task ms': round(pick('dclTask')),
    'later task ms': round(pick('later')),
    'settle ms': round(pick('settle')),
    'settle task ms': round(pick('settleTask')),
    'hooks ms': target.kind === 'listing' ? round(pick('hooks')) : null,
    'states ms': target.kind === 'listing' ? round(pick('states')) : null,
    'pipeline/bare': speed.compared > 0 ? round(speed.ours / speed.bare) : null,
    'KaTeX ms': round(pick('renderMs')),
    'insert ms': round(pick('insertMs')),
    'work/MathJax': round(div(work, mathjax.typeset)),
    'bare warm/MathJax': round(div(bareAll, mathjax.typeset)),
    'page task/MathJax': round(div(pageTask, mathjax.typeset)),
    'page paint ms': round(mathjax.pagePaint),
    'our paint ms': round(paint),
    'paint − page ms': round(sum(paint, mathjax.pagePaint === null ? null : -mathjax.pagePaint)),
    'final at paint': pick('finalAtPaint'),
    'CLS ours': cls === null ? null : Math.round(cls * 1000) / 1000,
    'CLS MathJax': mathjax.cls === null ? null : Math.round(mathjax.cls * 1000) / 1000,
    'worker ready ms': round(pick('workerReady')),
    'off thread': pick('offThread'),
    compared: `${speed.compared}/${speed.formulas}`,
    'prepass ms': round(speed.prepass),
  };
}
