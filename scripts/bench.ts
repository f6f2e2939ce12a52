/**
 * `npm run bench`: speed of the built extension in real Chromium on the bundled pages. Prints a table and a JSON
 * summary of ratios; asserts nothing (speed goals are checked here, not in tests).
 *
 * - Math: for every listing page and the three heaviest articles, the site's MathJax 2.7.9 (renderer off) against
 *   ours (renderer on), both from DOMContentLoaded to the last formula typeset; ours also to the first chunk (the
 *   formulas on screen first) and the longest main-thread task. Then, in the same page, our pipeline against bare
 *   katex.renderToString over the same formulas.
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
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 100) / 100;

/** Installed before any page script: long tasks, and MathJax's end of typesetting as a mark. */
function instrument(): void {
  const w = window as unknown as { __longest: number; MathJax?: unknown };
  w.__longest = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
  }).observe({ type: 'longtask', buffered: true });
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
    return {
      mathjax: since('mathjax:end'),
      ours: since('kx:math-done'),
      firstChunkFromStart: mark('kx:math-first-chunk') !== undefined ? mark('kx:math-first-chunk')! - mark('kx:start')! : null,
      hooks: since('kx:hooks'),
      states: since('kx:states-shown'),
      longest: (window as unknown as { __longest: number }).__longest,
      /** Our one synchronous block: scan, prepass, wrapping and the first chunk. */
      initialBlock: mark('kx:math-first-chunk')! - mark('kx:math-start')!,
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
    const bare = () => {
      for (const f of formulas) katex.renderToString(f.tex, { displayMode: f.display, throwOnError: false, output: 'htmlAndMathml' });
    };
    const ours = () => {
      clearRenderCache();
      const prepared = prepareTexPage(formulas);
      for (let i = 0; i < prepared.size; i++) prepared.render(i);
    };
    const time = (run: () => void) => {
      run(); // warm-up
      const samples: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const start = performance.now();
        run();
        samples.push(performance.now() - start);
      }
      return Math.min(...samples);
    };
    return { bare: time(bare), ours: time(ours), formulas: formulas.length };
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
      mathjax.set(target.url, median(samples));
    }
    await setRenderer(session, true);
    for (const target of targets) {
      const runs = [];
      for (let r = 0; r < REPEATS; r++) {
        const page = await openInstrumented(session, target.url, 'kx:math-done');
        if (target.kind === 'listing') await page.waitForFunction(() => performance.getEntriesByName('kx:states-shown').length > 0);
        runs.push(await timings(page));
        if (r === REPEATS - 1) {
          const { bare, ours } = await pipelineVsBare(page, bundle);
          rows.push(row(target, mathjax.get(target.url)!, runs, bare, ours));
        }
        await page.close();
      }
    }
    await seedCatalog(session);
    const popup = await popupOpen(session);
    console.table(rows);
    const listing = rows.filter((r) => r.kind === 'listing');
    const articles = rows.filter((r) => r.kind === 'article');
    const summary = {
      'ours/MathJax (listing pages, worst)': Math.max(...listing.map((r) => r['ours/MathJax'] as number)),
      'ours/MathJax (heavy articles, worst)': Math.max(...articles.map((r) => r['ours/MathJax'] as number)),
      'pipeline/bare KaTeX (worst)': Math.max(...rows.map((r) => r['pipeline/bare'] as number)),
      'first chunk ms from content script start (heavy articles, worst)': Math.max(...articles.map((r) => r['first chunk ms'] as number)),
      'our first synchronous block ms (worst)': Math.max(...rows.map((r) => r['our first block ms'] as number)),
      'longest main-thread task ms, page parse included (worst)': Math.max(...rows.map((r) => r['longest task ms (page)'] as number)),
      'listing hooks ms after DOMContentLoaded (worst)': Math.max(...listing.map((r) => r['hooks ms'] as number)),
      'listing states shown ms after DOMContentLoaded (worst)': Math.max(...listing.map((r) => r['states ms'] as number)),
      'popup open → interactive ms (median of 5, 1,300 articles)': round(median(popup)),
      targets: { 'ours/MathJax': 0.05, 'pipeline/bare': 1.5, 'first chunk ms': 30, 'longest task ms': 50, 'hooks ms': 5, 'popup ms': 150 },
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

function row(target: ManifestPage, mathjaxMs: number, runs: Awaited<ReturnType<typeof timings>>[], bare: number, ours: number) {
  const pick = (key: keyof (typeof runs)[number]) => median(runs.map((run) => run[key] as number));
  return {
    page: target.url.replace(/^https?:\/\//, '').slice(0, 48),
    kind: target.kind,
    formulas: runs[0].formulas,
    'MathJax ms': round(mathjaxMs),
    'ours ms': round(pick('ours')),
    'ours/MathJax': round(pick('ours') / mathjaxMs),
    'first chunk ms': round(pick('firstChunkFromStart')),
    'our first block ms': round(pick('initialBlock')),
    'longest task ms (page)': round(pick('longest')),
    'hooks ms': target.kind === 'listing' ? round(pick('hooks')) : null,
    'states ms': target.kind === 'listing' ? round(pick('states')) : null,
    'pipeline/bare': round(ours / bare),
  };
}

await main();
