import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type SeriesCorrection, type Snapshot } from '@/utils/db/model';
import { toJsonBackup } from '@/utils/export/backup';
import { applyPlan, ImportError, parseBackup, planImport } from '@/utils/export/import';
import { selectRows } from '@/utils/export/rows';
import { listSnapshot } from './fixtures';

const EXPORTED = new Date('2026-11-22T10:00:00Z');
const empty = (): Snapshot => ({
  articles: [],
  reading: [],
  follows: [],
  corrections: [],
  events: [],
  settings: { ...DEFAULT_SETTINGS },
});
const merge = (from: string, into: string, at: number): SeriesCorrection => ({ kind: 'merge', from, into, at });

const withMerges: Snapshot = {
  ...listSnapshot,
  corrections: [
    ...listSnapshot.corrections,
    merge('熵', 'moe', 10),
    merge('Transformer升级之路', 'Transformer升级之路', 11),
  ],
};

describe('backups with merge corrections', () => {
  it('round-trip: exported, read back and restored into an empty database unchanged', () => {
    const backup = parseBackup(toJsonBackup(withMerges, EXPORTED));
    expect(backup.data.corrections).toEqual(withMerges.corrections);
    expect(applyPlan(empty(), planImport(empty(), backup, 'replace'))).toEqual(withMerges);
    expect(applyPlan(empty(), planImport(empty(), backup, 'merge')).corrections).toEqual(withMerges.corrections);
  });

  it('an older backup, written before merges existed, still imports', () => {
    // Version 1 as the first releases wrote it: only assign and rename corrections.
    const old = JSON.stringify({
      format: 'kexue-reader-backup',
      version: 1,
      exportedAt: '2026-01-01T00:00:00.000Z',
      data: {
        articles: [
          {
            id: '3534',
            title: '“熵”不起（一）',
            earlierTitles: [],
            date: '2015-12-01',
            series: '熵',
            part: 1,
            firstSeen: 1,
            lastSeen: 2,
            seenOn: ['archive'],
          },
        ],
        reading: [{ id: '3534', state: 'read', progress: 1, position: 1, readAt: 5, updatedAt: 5 }],
        follows: [],
        corrections: [
          { kind: 'rename', seriesKey: '熵', name: '从熵到最大熵', at: 3 },
          { kind: 'assign', articleId: '3534', seriesKey: '熵', part: 1, at: 4 },
        ],
        settings: DEFAULT_SETTINGS,
        events: [],
      },
    });
    const restored = applyPlan(empty(), planImport(empty(), parseBackup(old), 'merge'));
    expect(restored.corrections).toEqual([
      { kind: 'rename', seriesKey: '熵', name: '从熵到最大熵', at: 3 },
      { kind: 'assign', articleId: '3534', seriesKey: '熵', part: 1, at: 4 },
    ]);
    expect(restored.reading).toHaveLength(1);
  });

  it('refuses a merge without a series, naming where', () => {
    const bad = toJsonBackup({ ...listSnapshot, corrections: [merge('熵', 'moe', 1)] }, EXPORTED).replace(
      '"into":"moe"',
      '"into":"  "',
    );
    expect(() => parseBackup(bad)).toThrow(ImportError);
    expect(() => parseBackup(bad)).toThrow(/data\.corrections\.0\.into|corrections.*into/);
  });

  it('merging a backup keeps one merge per series, the latest: a newer local undo survives an older merge', () => {
    const current: Snapshot = { ...listSnapshot, corrections: [merge('熵', '熵', 20)] };
    const older = parseBackup(toJsonBackup({ ...listSnapshot, corrections: [merge('熵', 'moe', 10)] }, EXPORTED));
    const plan = planImport(current, older, 'merge');
    expect(plan.corrections).toEqual([]);
    expect(plan.summary.correctionsAdded).toBe(0);
    const newer = parseBackup(toJsonBackup({ ...listSnapshot, corrections: [merge('熵', 'moe', 30)] }, EXPORTED));
    const next = applyPlan(current, planImport(current, newer, 'merge'));
    expect(next.corrections).toEqual([merge('熵', 'moe', 30)]);
  });
});

describe('exports follow merges', () => {
  it(
    'exports the articles of a merged series, and articles assigned to it, ' + 'under the series it was merged into',
    () => {
      const rows = selectRows(withMerges);
      const byId = Object.fromEntries(rows.map((r) => [r.id, [r.seriesKey, r.seriesName]]));
      expect(byId['3534']).toEqual(['moe', 'A Tour of MoE']);
      expect(byId['10122']).toEqual(['moe', 'A Tour of MoE']);
      // Its merge was undone (merged into itself): it stays where the assign put it.
      expect(byId['10100']).toEqual(['Transformer升级之路', 'Transformer升级之路']);
      expect(selectRows(withMerges, { series: 'moe' }).map((r) => r.id)).toEqual(['3534', '3552', '3567', '10122']);
    },
  );
});
