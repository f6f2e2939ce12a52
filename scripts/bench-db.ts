/**
 * Times the reader service's queries on a realistic catalog (1,300 articles, 80 series, 1,000 read) in Node with
 * fake-indexeddb: `node --import tsx scripts/bench-db.ts`. Targets (issue 5): one series-progress query ≤ 10 ms, the
 * popup's data ≤ 150 ms (now the kept summary; its update after a write is timed too). Prints numbers; asserts nothing.
 */
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import { ReaderDatabase } from '@/utils/db/database';
import { createReaderService } from '@/utils/db/service';

const ARTICLES = 1300;
const SERIES = 80;
const PARTS = 8; // 80 series × 8 parts = 640 articles in series, the rest stand alone
const READ = 1000;
const RUNS = 30;

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八'];
const NAMES = ['变分', '扩散', '注意力', '优化', '概率', '矩阵', '流形', '采样', '熵', '梯度'];

function catalog() {
  return Array.from({ length: ARTICLES }, (_, i) => {
    const id = String(1000 + i * 7);
    const date = new Date(Date.UTC(2010, 0, 1) + i * 86_400_000 * 4).toISOString().slice(0, 10);
    if (i < SERIES * PARTS) {
      const series = i % SERIES;
      const part = Math.floor(i / SERIES);
      const name = `${NAMES[series % 10]}${NAMES[Math.floor(series / 10)]}之路`;
      return { id, date, title: `${name}（${NUMERALS[part]}）：第${part + 1}篇的副标题${i}` };
    }
    return { id, date, title: `单篇文章第${i}号：关于某个话题的讨论` };
  });
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (x: number | undefined) => (x ?? Number.NaN).toFixed(1);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `first ${at(samples[0])} ms, median ${at(median)} ms, max ${at(sorted.at(-1))} ms`;
}

async function time(label: string, run: () => Promise<unknown>): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  console.log(`${label.padEnd(46)} ${stats(samples)}`);
}

async function main(): Promise<void> {
  const db = new ReaderDatabase(`bench-${Date.now()}`);
  const service = createReaderService(db, { now: Date.now, broadcast: () => {} });
  const entries = catalog();

  let start = performance.now();
  await service.importArchive(entries);
  console.log(`setup: importArchive of ${ARTICLES} titles (groups them) ${(performance.now() - start).toFixed(1)} ms`);
  start = performance.now();
  // Read articles spread over the catalog (37 is coprime with 1,300: exactly READ of them), so series are partly read.
  const readIds = entries.filter((_, i) => (i * 37) % ARTICLES < READ).map((e) => e.id);
  await service.setState(readIds, 'read', 'manual');
  const unread = entries.find((e) => !readIds.includes(e.id));
  if (unread) await service.reportProgress(unread.id, 0.4, 0.4);
  console.log(`setup: setState of ${READ} ids in one batch ${(performance.now() - start).toFixed(1)} ms`);

  const series = await service.listSeries();
  const read = series.reduce((n, s) => n + s.read, 0);
  const parts = series.reduce((n, s) => n + s.total, 0);
  console.log(`catalog: ${ARTICLES} articles, ${series.length} series (${parts} parts, ${read} read)`);
  const seriesKey = (i: number) => series[i]?.key ?? '';
  await service.follow(seriesKey(3));

  await time('one series-progress query (getSeries)', () => service.getSeries(seriesKey(5)));
  // What the popup loaded per open before the kept summary: a scan of the catalog.
  await time('full scan (series, continue, settings, diagnostics)', () =>
    Promise.all([service.listSeries(), service.continueReading(), service.getSettings(), service.diagnostics()]),
  );
  // The popup now reads the summary the service keeps (utils/db/summary.ts) from storage.local; its cost moved to
  // the writes, off the popup's path: one state change recomputes its series, a regrouping rebuilds it whole.
  await time('summary kept (what a popup open asks for at most)', () => service.popupSummary());
  let flip = false;
  await time('summary update after one state change', async () => {
    // The same article, unread then read again: every run changes a state.
    flip = !flip;
    await service.setState(readIds.slice(1, 2), flip ? 'unread' : 'read', 'manual');
    await service.summaryIdle();
  });
  await time('summary rebuild after a regrouping', async () => {
    await service.correctSeries({
      kind: 'rename',
      seriesKey: seriesKey(7),
      name: `名${Math.random()}`,
      at: Date.now(),
    });
    await service.summaryIdle();
  });
  const page = entries.slice(400, 420).map(({ id, title, date }) => ({ id, title, date }));
  await time('listing page: seenAndStates of 20 known entries', () => service.seenAndStates(page, 'listing'));
  await time('search "注意力"', () => service.searchArticles('注意力'));
  db.close();
}

await main();
