/**
 * The UI tests' ReaderApi: the real reader service (utils/db/service.ts) on fake-indexeddb, seeded through its own
 * public API, with a log of every call the UI makes (method and arguments) so tests can check what it asked for.
 */
import { must } from '@/tests/must';
import type { ReaderApi, ReaderService } from '@/utils/db/api';
import { ReaderDatabase } from '@/utils/db/database';
import type {
  ArticleRecord,
  ReadingEvent,
  ReadingRecord,
  ReadState,
  SeriesCorrection,
  Settings,
} from '@/utils/db/model';
import { createReaderService } from '@/utils/db/service';
import { emptyPlan } from '@/utils/export/import';

export interface Call {
  method: keyof ReaderApi;
  args: unknown[];
  /** What the service answered (a promise). */
  result: unknown;
}

/** An article as a test declares it: where the blog's titles put it (checked against the service's grouping). */
export interface SeedArticle {
  id: string;
  title: string;
  series: string | null;
  part: number | null;
  date: string;
}

export function article(
  id: string,
  title: string,
  series: string | null = null,
  part: number | null = null,
  date = '',
) {
  return { id, title, series, part, date };
}

/** The same article as the database stores it (for backups a test writes by hand). */
export function articleRecord(...args: Parameters<typeof article>): ArticleRecord {
  const { id, title, series, part, date } = article(...args);
  return {
    id,
    title,
    earlierTitles: [],
    date,
    series,
    part,
    subpart: null,
    firstSeen: 1,
    lastSeen: 1,
    seenOn: ['archive'],
  };
}

export function record(
  id: string,
  state: ReadState,
  progress = state === 'read' ? 1 : 0,
  updatedAt = 1,
): ReadingRecord {
  return { id, state, progress, position: progress, readAt: state === 'read' ? updatedAt : null, updatedAt };
}

export interface Seed {
  articles?: SeedArticle[];
  reading?: ReadingRecord[];
  /** Followed series; every part known now counts as seen unless `newParts` says otherwise. */
  followed?: string[];
  /** Followed series whose last N parts the reader has not been shown yet. */
  newParts?: Record<string, number>;
  settings?: Partial<Settings>;
  /** Diagnostics, each recorded at its own time. */
  diagnostics?: { at: number; url: string; message: string }[];
  events?: ReadingEvent[];
  /** The reader's grouping corrections, saved before the titles are grouped (a one-part series needs one). */
  corrections?: SeriesCorrection[];
}

/** The api the UI gets: every call logged; `service` is the same service without the log, for seeding and checks. */
export type TestApi = ReaderApi & {
  calls: Call[];
  callsTo(method: keyof ReaderApi): unknown[][];
  service: ReaderService;
  /** Sets the service's clock (what it stamps on records, events and diagnostics). */
  setNow(at: number): void;
};

let databases = 0;
/** Calls the UI made that the service has not answered yet (over every TestApi). */
let pending = 0;

/** Whether a call of the UI is still waiting for the service (the harness settles until none is). */
export const waitingForService = (): boolean => pending > 0;

function recording(service: ReaderService, setNow: (at: number) => void): TestApi {
  const calls: Call[] = [];
  const api = { calls, service, setNow } as unknown as TestApi;
  for (const [name, value] of Object.entries(service)) {
    if (typeof value !== 'function' || name === 'newPartsCount' || name === 'summaryIdle') continue;
    const method = name as keyof ReaderApi;
    Object.assign(api, {
      [method]: (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(service, args);
        api.calls.push({ method, args, result });
        pending++;
        const done = () => {
          pending--;
        };
        Promise.resolve(result).then(done, done);
        return result;
      },
    });
  }
  api.callsTo = (method) => api.calls.filter((c) => c.method === method).map((c) => c.args);
  return api;
}

/** Checks the service grouped the seeded titles as the test declares (a test about series must get its series). */
async function checkGrouping(service: ReaderService, declared: SeedArticle[]): Promise<void> {
  const stored = new Map((await service.getSnapshot()).articles.map((a) => [a.id, a]));
  for (const a of declared) {
    const got: Pick<ArticleRecord, 'series' | 'part'> = must(stored.get(a.id), `article ${a.id} stored`);
    if (got.series !== a.series || got.part !== a.part) {
      throw new Error(`"${a.title}" is grouped as ${got.series}/${got.part}, not ${a.series}/${a.part}: fix the seed`);
    }
  }
}

/** A fresh database with the seed in it, written through the service's public API. */
export async function testApi(seed: Seed = {}): Promise<TestApi> {
  let now = 1_700_000_000_000;
  const db = new ReaderDatabase(`ui-test-${++databases}-${Math.random().toString(36).slice(2)}`);
  const service = createReaderService(db, { now: () => now, broadcast: () => {} });
  const articles = seed.articles ?? [];
  if (seed.corrections) await service.applyImport({ ...emptyPlan(), corrections: seed.corrections });
  if (articles.length > 0) {
    await service.importArchive(articles.map(({ id, title, date }) => ({ id, title, ...(date && { date }) })));
    await checkGrouping(service, articles);
  }
  const seriesIds = (key: string) =>
    articles
      .filter((a) => a.series === key)
      .sort((a, b) => (a.part ?? 0) - (b.part ?? 0))
      .map((a) => a.id);
  const follows = (seed.followed ?? []).map((seriesKey) => {
    const ids = seriesIds(seriesKey);
    return { seriesKey, followedAt: 1, seenIds: ids.slice(0, ids.length - (seed.newParts?.[seriesKey] ?? 0)) };
  });
  await service.applyImport({ ...emptyPlan(), reading: seed.reading ?? [], follows, events: seed.events ?? [] });
  if (seed.settings) await service.updateSettings(seed.settings);
  for (const d of seed.diagnostics ?? []) {
    now = d.at;
    await service.reportDiagnostic(d.url, d.message);
  }
  now = 1_700_000_000_000;
  await service.summaryIdle();
  return recording(service, (at) => {
    now = at;
  });
}
