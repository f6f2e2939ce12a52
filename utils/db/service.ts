/**
 * The reader service: ReaderApi over the reading database. It runs in the extension origin (the background registers
 * it through utils/db/proxy.ts). Every write happens in one Dexie transaction that reads what it changes, so
 * concurrent calls from many tabs serialize in IndexedDB and never lose a write; a failing call writes nothing.
 * Every argument is checked against the one schema of what may be stored (validate.ts, schema.ts) before a write.
 * The calls are grouped by concern in ./calls/; this module puts them together.
 */
import type { ReaderService } from './api';
import { backupCalls } from './calls/backup';
import { catalogCalls } from './calls/catalog';
import { createServiceContext } from './calls/context';
import { correctionCalls } from './calls/corrections';
import { followCalls } from './calls/follows';
import { historyCalls } from './calls/history';
import { readingCalls } from './calls/reading';
import { seriesCalls } from './calls/series';
import { settingsCalls } from './calls/settings';
import type { ReaderDatabase } from './database';
import type { ReadingRecord } from './model';
import type { PopupSummary, SummaryStore } from './summary';
import { createSummaryKeeper } from './summary-keeper';

export interface ReaderServiceDeps {
  now(): number;
  /** Called after a commit with every reading record the call changed, to update open tabs. */
  broadcast(records: ReadingRecord[]): void;
  /** Where the popup's precomputed summary is kept (utils/db/summary.ts); in memory when not given. */
  summaryStore?: SummaryStore;
}

function memoryStore(): SummaryStore {
  let kept: PopupSummary | null = null;
  return {
    load: async () => kept,
    save: async (summary) => {
      kept = summary;
    },
  };
}

/**
 * The service over `db`: any ReaderDatabase, the extension's own or one on fake-indexeddb in tests (tests/unit/utils/
 * db/helpers.ts makes one per test).
 */
export function createReaderService(db: ReaderDatabase, deps: ReaderServiceDeps): ReaderService {
  const summary = createSummaryKeeper(db, deps.summaryStore ?? memoryStore());
  const context = createServiceContext(db, summary, deps);
  return {
    ...readingCalls(context),
    ...catalogCalls(context),
    ...seriesCalls(context),
    ...followCalls(context),
    ...correctionCalls(context),
    ...settingsCalls(context),
    ...backupCalls(context),
    ...historyCalls(context),
  };
}
