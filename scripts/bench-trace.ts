/**
 * `npm run bench:trace -- [URL…]`: where the time of our math goes on a page, from a Chromium trace (the DevTools
 * protocol's Tracing domain) of one load with the built extension. Default: the heaviest saved article. For the
 * page's main thread and the TeX worker's thread it prints the self time per trace event (script, HTML parsing,
 * style, layout, paint, GC, compilation) between the content script's start and the last formula, and a timeline of
 * our performance marks and of the worker's messages. Asserts nothing; times are as noisy as the machine.
 */
import type { Page } from 'playwright-core';
import { launchExtension, setRenderer } from '@/tests/e2e/browser';
import { loadManifest } from '@/tests/e2e/fixtures';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, µs: what the thread itself spent, whatever else ran on the machine. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8.execute',
  'v8',
  'blink.user_timing',
  'loading',
].join(',');

async function traceLoad(page: Page, url: string): Promise<TraceEvent[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('kx:math-done').length > 0, null, {
    timeout: 120_000,
  });
  await page.waitForTimeout(300);
  await cdp.send('Tracing.end');
  await complete;
  return events;
}

/**
 * Self time per event name (µs, [wall, CPU]), over the complete events nested on one thread that start within
 * [from, to]. CPU time (the events' thread time) is what a loaded machine changes least.
 */
function selfTimes(events: TraceEvent[], from: number, to: number): Map<string, [number, number]> {
  const spans = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && e.ts >= from && e.ts <= to)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, [number, number]>();
  type Open = { end: number; name: string; dur: number; cpu: number; childDur: number; childCpu: number };
  const stack: Open[] = [];
  const pop = () => {
    const top = stack.pop();
    if (!top) return;
    const [dur, cpu] = self.get(top.name) ?? [0, 0];
    self.set(top.name, [dur + top.dur - top.childDur, cpu + top.cpu - top.childCpu]);
  };
  for (const e of spans) {
    const dur = e.dur ?? 0;
    const cpu = e.tdur ?? dur;
    while (stack.length > 0 && (stack[stack.length - 1]?.end ?? 0) <= e.ts) pop();
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.childDur += dur;
      parent.childCpu += cpu;
    }
    stack.push({ end: e.ts + dur, name: e.name, dur, cpu, childDur: 0, childCpu: 0 });
  }
  while (stack.length > 0) pop();
  return self;
}

function threadIds(events: TraceEvent[], name: RegExp): Set<string> {
  return new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && name.test(e.args?.name ?? ''))
      .map((e) => `${e.pid}:${e.tid}`),
  );
}

const onThreads = (events: TraceEvent[], ids: Set<string>) => events.filter((e) => ids.has(`${e.pid}:${e.tid}`));
const ms = (us: number) => Math.round(us / 100) / 10;

function printSelfTimes(title: string, events: TraceEvent[], from: number, to: number): void {
  const self = [...selfTimes(events, from, to)].sort((a, b) => b[1][1] - a[1][1]).filter(([, [, cpu]]) => cpu >= 300);
  const [wall, cpu] = self.reduce(([w, c], [, [dur, tdur]]) => [w + dur, c + tdur], [0, 0]);
  console.log(`\n${title}: ${ms(wall)} ms of self time (${ms(cpu)} ms CPU) in ${ms(to - from)} ms`);
  for (const [name, [dur, tdur]] of self.slice(0, 16)) {
    console.log(
      `  ${name.slice(0, 50).padEnd(50)} ${String(ms(dur)).padStart(8)} ms ${String(ms(tdur)).padStart(8)} ms CPU`,
    );
  }
}

/** The main thread's and the worker's story, from the content script's start to the last formula. */
function report(url: string, events: TraceEvent[]): void {
  const main = onThreads(events, threadIds(events, /^CrRendererMain$/));
  const worker = onThreads(events, threadIds(events, /DedicatedWorker/));
  const marks = main.filter((e) => e.cat.includes('user_timing') && /^(kx|bench|mathjax):/.test(e.name));
  const at = (name: string) => marks.find((e) => e.name === name)?.ts;
  const start = at('kx:start');
  const done = at('kx:math-done');
  if (start === undefined || done === undefined) {
    console.log(`${url}: no kx:start / kx:math-done mark in the trace`);
    return;
  }
  const dcl = main.find((e) => e.name === 'MarkDOMContent')?.ts;
  console.log(`\n=== ${url}`);
  const timeline: [number, string][] = marks.map((e) => [e.ts, e.name]);
  if (dcl !== undefined) timeline.push([dcl, 'DOMContentLoaded']);
  const paint = main.find((e) => e.name === 'firstPaint' || e.name === 'FirstPaint')?.ts;
  if (paint !== undefined) timeline.push([paint, 'first paint']);
  const workerTasks = worker.filter((e) => e.ph === 'X' && /RunTask|EvaluateScript|FunctionCall/.test(e.name));
  const firstWorker = workerTasks[0];
  if (firstWorker) timeline.push([firstWorker.ts, 'worker thread: first task']);
  const evaluate = worker.find((e) => e.name === 'EvaluateScript');
  if (evaluate)
    timeline.push([evaluate.ts + (evaluate.dur ?? 0), `worker: script evaluated (${ms(evaluate.dur ?? 0)} ms)`]);
  for (const [ts, name] of timeline.sort((a, b) => a[0] - b[0])) {
    console.log(`  ${String(ms(ts - start)).padStart(8)} ms  ${name}`);
  }
  if (process.env.KX_DUMP) {
    const firstW = firstWorker?.ts ?? done;
    for (const e of main.filter((e) => e.ph === 'X' && e.ts >= start && e.ts <= firstW + 20000 && (e.dur ?? 0) > 300)) {
      console.log(
        `    ${ms(e.ts - start)} +${ms(e.dur ?? 0)} ${e.name} ${JSON.stringify(e.args?.data ?? {}).slice(0, 100)}`,
      );
    }
  }
  printSelfTimes('Page main thread, content script start → last formula', main, start, done);
  if (dcl !== undefined) printSelfTimes('Page main thread, DOMContentLoaded → last formula', main, dcl, done);
  printSelfTimes('TeX worker thread, content script start → last formula', worker, start, done);
}

async function main(): Promise<void> {
  const urls = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (urls.length === 0) {
    const heaviest = loadManifest()
      .filter((p) => p.kind === 'article')
      .sort((a, b) => (b.article?.formulas.total ?? 0) - (a.article?.formulas.total ?? 0))[0];
    if (heaviest) urls.push(heaviest.url);
  }
  const session = await launchExtension();
  await session.context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  try {
    await setRenderer(session, true);
    for (const url of urls) {
      // A first load warms the browser's caches (the extension's files, the fixture), as a reader's second visit.
      const warm = await session.context.newPage();
      await warm.goto(url);
      await warm.waitForFunction(() => performance.getEntriesByName('kx:math-done').length > 0, null, {
        timeout: 120_000,
      });
      await warm.close();
      const page = await session.context.newPage();
      report(url, await traceLoad(page, url));
      await page.close();
    }
  } finally {
    await session.close();
  }
}

await main();
