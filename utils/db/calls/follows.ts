/**
 * Followed series: following one marks the parts already there as seen; parts that appear later are new (the
 * toolbar badge counts them) until the reader is shown them.
 */
import type { ReaderService } from '@/utils/db/api';
import type { FollowRecord } from '@/utils/db/model';
import { newPartIds } from '@/utils/db/series-progress';
import { checkSeriesKey } from '@/utils/db/validate';
import { partIdsOf, type ServiceContext } from './context';

type FollowCalls = Pick<ReaderService, 'follow' | 'unfollow' | 'markSeriesSeen' | 'newPartsCount'>;

/**
 * Before `from` is merged into `into` (inside the transaction): a follow of `from` carries over to `into`, so its
 * later parts still reach the badge. The parts `into` has now are not new; those of `from` not yet shown stay new.
 * The follow of `from` is kept: it applies again if the merge is undone.
 */
export async function carryFollow({ db, now }: ServiceContext, from: string, into: string): Promise<void> {
  const followed = await db.follows.get(from);
  if (!followed) return;
  const target = await db.follows.get(into);
  const seenInInto = target ? target.seenIds : await partIdsOf(db, into);
  await db.follows.put({
    seriesKey: into,
    followedAt: target?.followedAt ?? now(),
    seenIds: [...new Set([...seenInInto, ...followed.seenIds])],
  });
}

export function followCalls({ db, now, guarded, summary }: ServiceContext): FollowCalls {
  return {
    follow(seriesKey) {
      return guarded('Could not follow the series', async () => {
        const key = checkSeriesKey(seriesKey);
        const followed = await db.transaction('rw', [db.articles, db.follows], async () => {
          const existing = await db.follows.get(key);
          if (existing) return existing;
          // The parts already there when following are not new.
          const record: FollowRecord = { seriesKey: key, followedAt: now(), seenIds: await partIdsOf(db, key) };
          await db.follows.put(record);
          return record;
        });
        summary.seriesChanged([key]);
        return followed;
      });
    },

    unfollow(seriesKey) {
      return guarded('Could not unfollow the series', async () => {
        const key = checkSeriesKey(seriesKey);
        await db.follows.delete(key);
        summary.seriesChanged([key]);
      });
    },

    markSeriesSeen(seriesKey) {
      return guarded('Could not update the followed series', async () => {
        const key = checkSeriesKey(seriesKey);
        await db.transaction('rw', [db.articles, db.follows], async () => {
          const follow = await db.follows.get(key);
          if (!follow) return;
          const ids = await partIdsOf(db, key);
          await db.follows.put({ ...follow, seenIds: [...new Set([...follow.seenIds, ...ids])] });
        });
        summary.seriesChanged([key]);
      });
    },

    newPartsCount() {
      return guarded('Could not count the new parts', async () =>
        db.transaction('r', [db.articles, db.follows], async () => {
          const follows = await db.follows.toArray();
          const counts = await Promise.all(follows.map(async (f) => newPartIds(await partIdsOf(db, f.seriesKey), f)));
          return counts.reduce((sum, ids) => sum + ids.length, 0);
        }),
      );
    },
  };
}
