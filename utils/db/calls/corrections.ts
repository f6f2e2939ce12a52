/** The reader's corrections of the series grouping (assign, rename, merge) and "reset grouping". */
import type { ReaderApi } from '@/utils/db/api';
import { correctionKey } from '@/utils/db/database';
import { checkCorrection, checkSeriesKey } from '@/utils/db/validate';
import { correctionsShaping, mergeMap, resolveSeriesKey } from '@/utils/series/catalog';
import { regroupCatalog } from './catalog';
import type { ServiceContext } from './context';
import { carryFollow } from './follows';

type CorrectionCalls = Pick<ReaderApi, 'correctSeries' | 'resetSeries'>;

export function correctionCalls(context: ServiceContext): CorrectionCalls {
  const { db, guarded, summary } = context;
  return {
    correctSeries(correction) {
      return guarded('Could not save the series correction', async () => {
        const list = Array.isArray(correction) ? correction.map(checkCorrection) : [checkCorrection(correction)];
        if (list.length === 0) return;
        await db.transaction('rw', [db.corrections, db.articles, db.follows], async () => {
          for (const valid of list) {
            if (valid.kind === 'merge' && valid.into !== valid.from) {
              // Into the end of the chain when `into` is itself merged.
              const shown = resolveSeriesKey(valid.into, mergeMap([...(await db.corrections.toArray()), valid]));
              if (shown !== valid.from) await carryFollow(context, valid.from, shown);
            }
            await db.corrections.put(valid, correctionKey(valid));
          }
          // A rename changes only a display name; assigns and merges move articles. An assign for an article not yet
          // in the catalog, and a merge of parts not there yet, apply when they arrive.
          if (list.some((c) => c.kind !== 'rename')) await regroupCatalog(db);
        });
        summary.allChanged();
      });
    },

    resetSeries(seriesKey) {
      return guarded('Could not reset the series grouping', async () => {
        const key = checkSeriesKey(seriesKey);
        const removed = await db.transaction('rw', [db.corrections, db.articles], async () => {
          const [articles, corrections] = await Promise.all([db.articles.toArray(), db.corrections.toArray()]);
          const removed = correctionsShaping(key, articles, corrections);
          if (removed.length === 0) return 0;
          await db.corrections.bulkDelete(removed.map(correctionKey));
          await regroupCatalog(db);
          return removed.length;
        });
        // Outside the transaction: the update must not run in its zone.
        if (removed > 0) summary.allChanged();
        return removed;
      });
    },
  };
}
