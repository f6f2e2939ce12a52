/**
 * `npm run bench`: speed of the built extension in real Chromium on the bundled pages. Prints a table and a JSON
 * summary of ratios; asserts nothing (speed goals are checked here, not in tests).
 *
 * - Math: for every listing page and the three heaviest articles, the site's MathJax 2.7.9 (renderer off) against
 *   ours (renderer on), both from DOMContentLoaded to the last formula typeset; ours also to the first screen of
 *   math, our synchronous block at DOMContentLoaded and the long tasks. Then, in the same page, our pipeline against
 *   bare katex.renderToString over the formulas bare KaTeX renders (see MATH_COLUMNS for what each number is).
 * - Listing marks: DOMContentLoaded → entries annotated (data-kx-entry) and → reading states shown.
 * - Popup: open → interactive with a catalog of 1,300 articles, 80 series, 1,000 read.
 * - Database queries: scripts/bench-db.ts (Node, fake-indexeddb).
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { launchExtension, setRenderer, type ExtensionSession } from '../tests/e2e/browser';
import { loadManifest, type ManifestPage } from '../tests/e2e/fixtures';

const REPEATS = 3;
const median = (xs: (number | null)[]) => {
  const known = xs.filter((x): x is number => x !== null);
  return known.length === 0 ? null : [...known].sort((a, b) => a - b)[Math.floor(known.length / 2)];
};
const round = (x: number | null) => (x === null || Number.isNaN(x) ? null : Math.round(x * 100) / 100);

/** What each math column measures, printed with the table. Times are medians of REPEATS page loads. */
const MATH_COLUMNS: Record<string, string> = {
  'MathJax ms': 'renderer off: DOMContentLoaded → MathJax 2.7.9 has typeset every formula (its End hook)',
  'ours ms': 'renderer on: DOMContentLoaded → every formula rendered (kx:math-done)',
  'ours/MathJax': 'ours ms / MathJax ms (target ≤ 0.05)',
  'wait ms': 'DOMContentLoaded → our math starts (kx:math-start): page reading, hooks, settings, other features; part of ours ms',
  'screen ms': 'DOMContentLoaded → no formula on the first screen (1280×720) still shows its source',
  'screen from start ms': 'content script start (document_start) → the same (target ≤ 30 on heavy articles)',
  'block ms': 'our synchronous block at DOMContentLoaded: scan, prepass, wrapping, first chunk (target ≤ 50)',
  'scan+prepass ms': 'the scan and the prepass, part of that block',
  'DCL task ms': "the task our block runs in (if over 50 ms): the DOMContentLoaded handlers of all features, then the browser's first layout of the page (not ours, MathJax pages have it too)",
  'later task ms': 'longest task after our block until the last formula: our chunks and the style/layout/paint they cause (target ≤ 50)',
  'pipeline/bare': 'our render(i) after one prepass / bare katex.renderToString, over the formulas bare KaTeX renders without error, same options, render cache cleared (target ≤ 1.5)',
  'prepass ms': 'the same prepass run again in the page, warm (best run)',
};

/** Installed before any page script: long tasks, the first screen of our math, MathJax's end of typesetting. */
function instrument(): void {
  const w = window as unknown as { __longTasks: [number, number][]; MathJax?: unknown };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.__longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  // Checked in each frame before it is painted (the layout it reads is the one the frame needs anyway).
  const firstScreen = () => {
    const pending = [...document.querySelectorAll('[data-kx-pending]')].some((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
    });
    if (document.querySelector('[data-kx-math]') && !pending) performance.mark('bench:first-screen');
    else requestAnimationFrame(firstScreen);
  };
  requestAnimationFrame(firstScreen);
  w.MathJax = {
    AuthorInit() {
      const hub = (window as any).MathJax.Hub;
      hub.Register.StartupHook('End', () => performance.mark('mathjax:end'));
    },
  };
}

async function timings(page: Page) {
  return page.evaluate(() => {
    const dcl = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventStart;
    const mark = (name: string) => performance.getEntriesByName(name)[0]?.startTime;
    const since = (name: string) => (mark(name) === undefined ? null : mark(name)! - dcl);
    const tasks = (window as unknown as { __longTasks: [number, number][] }).__longTasks;
    const from = mark('kx:start') ?? 0;
    const to = mark('kx:math-done') ?? Infinity;
    const longest = (keep: (start: number, end: number) => boolean) =>
      Math.max(0, ...tasks.filter(([start, duration]) => keep(start, start + duration)).map(([, duration]) => duration));
    return {
      mathjax: since('mathjax:end'),
      ours: since('kx:math-done'),
      wait: since('kx:math-start'),
      screen: since('bench:first-screen'),
      screenFromStart: mark('bench:first-screen') === undefined ? null : mark('bench:first-screen')! - from,
      hooks: since('kx:hooks'),
      states: since('kx:states-shown'),
      // The long task around our block, and those after it up to the frame that follows the last chunk.
      dclTask: longest((start, end) => start <= (mark('kx:math-start') ?? from) && end >= (mark('kx:math-start') ?? from)),
      later: longest((start) => start >= (mark('kx:math-first-chunk') ?? Infinity) && start < to + 20),
      block: mark('kx:math-first-chunk')! - mark('kx:math-start')!,
      scan: mark('kx:math-scanned')! - mark('kx:math-start')!,
      prepass: mark('kx:math-prepared')! - mark('kx:math-scanned')!,
      formulas: document.querySelectorAll('[data-kx-math]').length,
    };
  });
}

async function openInstrumented(session: ExtensionSession, url: string, ready: string): Promise<Page> {
  const page = await session.context.newPage();
  await page.addInitScript(instrument);
  await page.goto(url);
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, ready, { timeout: 120_000 });
  return page;
}

/** Our pipeline and bare KaTeX, bundled for the page's main world. */
async function benchBundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import katex from 'katex'; import { prepareTexPage } from './utils/tex/pipeline'; import { clearRenderCache } from './utils/tex/render';
        globalThis.KxBench = { katex, prepareTexPage, clearRenderCache };`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    charset: 'ascii',
    write: false,
  });
  return result.outputFiles[0].text;
}

async function pipelineVsBare(page: Page, bundle: string) {
  await page.addScriptTag({ content: bundle });
  return page.evaluate((repeats) => {
    const { katex, prepareTexPage, clearRenderCache } = (globalThis as any).KxBench;
    const formulas = [...document.querySelectorAll('[data-kx-math]')].map((el) => ({
      tex: el.getAttribute('data-kx-tex') ?? '',
      display: el.getAttribute('data-kx-math') === 'display',
    }));
    const options = (display: boolean) => ({ displayMode: display, throwOnError: true, output: 'htmlAndMathml' });
    // Bare KaTeX gives up at once on what it can't parse (\label, page macros, …): compare only what it renders.
    const subset = formulas.flatMap((f, i) => {
      try {
        katex.renderToString(f.tex, options(f.display));
        return [i];
      } catch {
        return [];
      }
    });
    const timed = (work: () => void) => {
      const start = performance.now();
      work();
      return performance.now() - start;
    };
    const bareOnce = () =>
      timed(() => {
        for (const i of subset) katex.renderToString(formulas[i].tex, options(formulas[i].display));
      });
    let prepass = Infinity;
    const oursOnce = () => {
      clearRenderCache();
      let prepared: { render(i: number): unknown } | undefined;
      prepass = Math.min(prepass, timed(() => (prepared = prepareTexPage(formulas))));
      return timed(() => {
        for (const i of subset) prepared!.render(i);
      });
    };
    // Alternating after a warm-up, and repeated until each side has run ≥ 300 ms in all: a listing page's handful of
    // formulas takes well under a millisecond, near the resolution of performance.now, and on a heavy article a
    // garbage collection falls in one run or the other. Means per run.
    bareOnce();
    oursOnce();
    let [bareTotal, oursTotal, runs] = [0, 0, 0];
    while (runs < repeats || (Math.min(bareTotal, oursTotal) < 300 && runs < 5000)) {
      bareTotal += bareOnce();
      oursTotal += oursOnce();
      runs++;
    }
    const [bare, ours] = [bareTotal / runs, oursTotal / runs];
    return { bare, ours, prepass, compared: subset.length, formulas: formulas.length };
  }, REPEATS);
}

async function seedCatalog(session: ExtensionSession): Promise<void> {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/options.html`);
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('kexue-reader');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['articles', 'reading'], 'readwrite');
    const now = Date.now();
    for (let i = 0; i < 1300; i++) {
      const id = String(2000 + i);
      const inSeries = i < 960;
      tx.objectStore('articles').put({
        id, title: inSeries ? `系列${i % 80}（${Math.floor(i / 80) + 1}）：第${i}篇` : `单篇文章${i}`, earlierTitles: [],
        date: '2020-01-01', series: inSeries ? `series${i % 80}` : null, part: inSeries ? Math.floor(i / 80) + 1 : null,
        subpart: null, firstSeen: now, lastSeen: now, seenOn: ['archive'],
      });
      if (i < 1000) tx.objectStore('reading').put({ id, state: 'read', progress: 1, position: 0, readAt: now, updatedAt: now });
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
  });
  await page.close();
}

async function popupOpen(session: ExtensionSession): Promise<number[]> {
  const samples: number[] = [];
  for (let r = 0; r < 5; r++) {
    const page = await session.context.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-kx-ready]')) {
          performance.mark('popup:ready');
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true, attributes: true });
    });
    await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await page.waitForFunction(() => performance.getEntriesByName('popup:ready').length > 0);
    samples.push(await page.evaluate(() => performance.getEntriesByName('popup:ready')[0].startTime));
    await page.close();
  }
  return samples;
}

async function main(): Promise<void> {
  const pages = loadManifest();
  const heaviest = pages
    .filter((p) => p.kind === 'article')
    .sort((a, b) => total(b) - total(a))
    .slice(0, 3);
  const targets: ManifestPage[] = [...pages.filter((p) => p.kind === 'listing'), ...heaviest];
  const session = await launchExtension();
  // tsx keeps function names with a __name helper that page.evaluate callbacks would miss in the page.
  await session.context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const bundle = await benchBundle();
  const rows: Record<string, number | string | null>[] = [];
  try {
    const mathjax = new Map<string, number>();
    await setRenderer(session, false);
    for (const target of targets) {
      const samples: number[] = [];
      for (let r = 0; r < REPEATS; r++) {
        const page = await openInstrumented(session, target.url, 'mathjax:end');
        samples.push((await timings(page)).mathjax!);
        await page.close();
      }
      mathjax.set(target.url, median(samples)!);
    }
    await setRenderer(session, true);
    for (const target of targets) {
      const runs = [];
      for (let r = 0; r < REPEATS; r++) {
        const page = await openInstrumented(session, target.url, 'kx:math-done');
        if (target.kind === 'listing') await page.waitForFunction(() => performance.getEntriesByName('kx:states-shown').length > 0);
        runs.push(await timings(page));
        if (r === REPEATS - 1) rows.push(row(target, mathjax.get(target.url)!, runs, await pipelineVsBare(page, bundle)));
        await page.close();
      }
    }
    await seedCatalog(session);
    const popup = await popupOpen(session);
    console.log('Math columns (medians of %d loads):', REPEATS);
    for (const [column, meaning] of Object.entries(MATH_COLUMNS)) console.log(`  ${column.padEnd(22)} ${meaning}`);
    console.table(rows);
    const listing = rows.filter((r) => r.kind === 'listing');
    const articles = rows.filter((r) => r.kind === 'article');
    const worst = (of: typeof rows, key: string) => Math.max(...of.map((r) => r[key] as number).filter((x) => Number.isFinite(x)));
    const goal = (value: number, target: number) => ({ value, target, met: value <= target });
    const summary = {
      'ours/MathJax, listing pages (worst)': goal(worst(listing, 'ours/MathJax'), 0.05),
      'ours/MathJax, heavy articles (worst)': goal(worst(articles, 'ours/MathJax'), 0.05),
      'pipeline/bare KaTeX, same formulas (worst)': goal(worst(rows, 'pipeline/bare'), 1.5),
      'first screen of math, ms from content script start, heavy articles (worst)': goal(worst(articles, 'screen from start ms'), 30),
      'first screen of math, ms from DOMContentLoaded, heavy articles (worst)': worst(articles, 'screen ms'),
      'our synchronous block at DOMContentLoaded, ms (worst)': goal(worst(rows, 'block ms'), 50),
      'longest task after our block while our math renders, ms (worst)': goal(worst(rows, 'later task ms'), 50),
      "DOMContentLoaded task with the page's first layout, ms (worst, for reference)": worst(rows, 'DCL task ms'),
      'listing hooks ms after DOMContentLoaded (worst)': goal(worst(listing, 'hooks ms'), 5),
      'listing states shown ms after DOMContentLoaded (worst)': worst(listing, 'states ms'),
      'popup open → interactive ms (median of 5, 1,300 articles)': goal(round(median(popup))!, 150),
    };
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    await session.close();
  }
  console.log('\nDatabase queries (Node, fake-indexeddb):');
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench-db.ts'], { stdio: 'inherit' });
}

function total(page: ManifestPage): number {
  const f = page.article!.formulas;
  return f.occurrences_body + f.occurrences_comments;
}

function row(
  target: ManifestPage,
  mathjaxMs: number,
  runs: Awaited<ReturnType<typeof timings>>[],
  speed: Awaited<ReturnType<typeof pipelineVsBare>>,
) {
  const pick = (key: keyof (typeof runs)[number]) => median(runs.map((run) => run[key] as number));
  return {
    page: target.url.replace(/^https?:\/\//, '').slice(0, 40),
    kind: target.kind,
    formulas: runs[0].formulas,
    'MathJax ms': round(mathjaxMs),
    'ours ms': round(pick('ours')),
    'ours/MathJax': round(pick('ours')! / mathjaxMs),
    'wait ms': round(pick('wait')),
    'screen ms': round(pick('screen')),
    'screen from start ms': round(pick('screenFromStart')),
    'block ms': round(pick('block')),
    'scan+prepass ms': `${round(pick('scan'))}+${round(pick('prepass'))}`,
    'DCL task ms': round(pick('dclTask')),
    'later task ms': round(pick('later')),
    'hooks ms': target.kind === 'listing' ? round(pick('hooks')) : null,
    'states ms': target.kind === 'listing' ? round(pick('states')) : null,
    'pipeline/bare': speed.compared > 0 ? round(speed.ours / speed.bare) : null,
    compared: `${speed.compared}/${speed.formulas}`,
    'prepass ms': round(speed.prepass),
  };
}

await main();
