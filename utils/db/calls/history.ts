/** What happened: the log of reading-state changes, and the diagnostics of pages that were not understood. */
import type { ReaderApi } from '@/utils/db/api';
import { InvalidInputError } from '@/utils/db/errors';
import type { ServiceContext } from './context';

type HistoryCalls = Pick<ReaderApi, 'recentEvents' | 'diagnostics' | 'reportDiagnostic'>;

const DIAGNOSTICS_KEPT = 50;
/** Characters of a diagnostic's address and message that are kept. */
const DIAGNOSTIC_TEXT_KEPT = 2000;

export function historyCalls({ db, now, guarded }: ServiceContext): HistoryCalls {
  return {
    recentEvents(limit) {
      return guarded('Could not read the history', async () => {
        const max = Math.max(0, Math.floor(Number(limit) || 0));
        return db.events.reverse().limit(max).toArray();
      });
    },

    diagnostics() {
      return guarded('Could not read the diagnostics', async () => {
        const rows = await db.diagnostics.reverse().toArray();
        return rows.map(({ at, url, message }) => ({ at, url, message }));
      });
    },

    reportDiagnostic(url, message) {
      return guarded('Could not record the diagnostic', async () => {
        if (typeof url !== 'string' || typeof message !== 'string') {
          throw new InvalidInputError('A diagnostic needs a page address and a message.');
        }
        await db.transaction('rw', db.diagnostics, async () => {
          await db.diagnostics.add({
            at: now(),
            url: url.slice(0, DIAGNOSTIC_TEXT_KEPT),
            message: message.slice(0, DIAGNOSTIC_TEXT_KEPT),
          });
          const excess = (await db.diagnostics.count()) - DIAGNOSTICS_KEPT;
          if (excess > 0) await db.diagnostics.bulkDelete(await db.diagnostics.limit(excess).primaryKeys());
        });
      });
    },
  };
}
