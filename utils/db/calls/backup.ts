/** The whole database at once: the snapshot exports are made from, an import (merge or replace), clearing it. */
import type { ReaderApi } from '@/utils/db/api';
import { correctionKey, SETTINGS_KEY } from '@/utils/db/database';
import { DEFAULT_SETTINGS, type ImportPlan, type SeriesCorrection } from '@/utils/db/model';
import { withUniqueSeqs } from '@/utils/db/schema';
import { checkImportPlan } from '@/utils/db/validate';
import { type ServiceContext, unreadRecord } from './context';

type BackupCalls = Pick<ReaderApi, 'getSnapshot' | 'applyImport' | 'clearAll'>;

/** One correction per article or series: the latest (by time) wins, whether local or imported (in a transaction). */
async function putNewerCorrections(db: ServiceContext['db'], imported: readonly SeriesCorrection[]): Promise<void> {
  const corrections = [...imported].sort((a, b) => a.at - b.at);
  const keys = corrections.map(correctionKey);
  const local = await db.corrections.bulkGet(keys);
  const newer = corrections.filter((c, i) => (local[i]?.at ?? Number.NEGATIVE_INFINITY) <= c.at);
  await db.corrections.bulkPut(newer, newer.map(correctionKey));
}

/** Writes a checked plan (inside the transaction); resolves to the ids whose reading state a replace removed. */
async function writePlan(db: ServiceContext['db'], plan: ImportPlan): Promise<string[]> {
  let before: string[] = [];
  if (plan.mode === 'replace') {
    before = (await db.reading.toCollection().primaryKeys()) as string[];
    await Promise.all(
      [db.articles, db.reading, db.follows, db.corrections, db.settings, db.events].map((t) => t.clear()),
    );
  }
  await db.articles.bulkPut(plan.articles);
  await db.reading.bulkPut(plan.reading);
  await db.follows.bulkPut(plan.follows);
  await putNewerCorrections(db, plan.corrections);
  if (plan.mode === 'replace') await db.events.bulkPut(withUniqueSeqs(plan.events));
  // Merged events join the local log after its own: their numbers would collide with local ones.
  else await db.events.bulkAdd(plan.events.map(({ seq: _seq, ...event }) => event));
  if (plan.settings) await db.settings.put({ ...DEFAULT_SETTINGS, ...plan.settings }, SETTINGS_KEY);
  const kept = new Set(plan.reading.map((r) => r.id));
  return before.filter((id) => !kept.has(id));
}

export function backupCalls({ db, guarded, summary, broadcast }: ServiceContext): BackupCalls {
  const backedUp = [db.articles, db.reading, db.follows, db.corrections, db.settings, db.events];
  return {
    getSnapshot() {
      return guarded('Could not read the database for export', async () =>
        db.transaction('r', backedUp, async () => {
          const [articles, reading, follows, corrections, settings, events] = await Promise.all([
            db.articles.toArray(),
            db.reading.toArray(),
            db.follows.toArray(),
            db.corrections.toArray(),
            db.settings.get(SETTINGS_KEY),
            db.events.toArray(),
          ]);
          return {
            articles,
            reading,
            follows,
            corrections,
            settings: { ...DEFAULT_SETTINGS, ...settings },
            // `prev` is undo bookkeeping, not part of a backup.
            events: events.map(({ prev: _prev, ...event }) => event),
          };
        }),
      );
    },

    applyImport(plan) {
      return guarded('The import failed', async () => {
        const valid = checkImportPlan(plan);
        const removedIds = await db.transaction('rw', backedUp, () => writePlan(db, valid));
        summary.allChanged();
        broadcast([...valid.reading, ...removedIds.map(unreadRecord)]);
      });
    },

    clearAll() {
      return guarded('Could not clear the data', async () => {
        const tables = [...backedUp, db.diagnostics];
        const cleared = await db.transaction('rw', tables, async () => {
          const ids = (await db.reading.toCollection().primaryKeys()) as string[];
          await Promise.all(tables.map((t) => t.clear()));
          return ids;
        });
        summary.allChanged();
        broadcast(cleared.map(unreadRecord));
      });
    },
  };
}
