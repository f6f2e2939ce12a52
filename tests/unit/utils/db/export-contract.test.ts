/**
 * The database and the backup format (utils/export) must agree: a snapshot of a real database, with every kind of
 * row the service writes, passes the backup schema, restores identically, and merging it again changes nothing.
 */
import { describe, expect, test } from 'vitest';
import { toJsonBackup } from '@/utils/export/backup';
import { isEmptyPlan, parseBackup, planImport } from '@/utils/export/import';
import { makeService } from './helpers';

async function populated() {
  const t = makeService();
  const { service, tick } = t;
  await service.seenAndStates(
    [
      {
        id: '5253',
        title: '变分自编码器（一）：原来是这么一回事',
        date: '2018-03-18',
        category: '信息时代',
        tags: ['VAE'],
      },
      { id: '5343', title: '变分自编码器（二）：从贝叶斯观点出发', date: '2018-03-28' },
      { id: '5383', title: '变分自编码器（三）：这样做为什么能成？' },
    ],
    'listing',
  );
  tick();
  await service.seenAndStates([{ id: '5383', title: '变分自编码器（三）：改过的标题' }], 'article');
  await service.reportProgress('5343', 0.4, 0.3);
  const { batch } = await service.setState(['5253', '5343'], 'read', 'manual');
  tick();
  await service.undo(batch);
  await service.setState(['5253'], 'read', 'auto');
  await service.follow('变分自编码器');
  await service.correctSeries({ kind: 'rename', seriesKey: '变分自编码器', name: 'VAE 系列', at: 5 });
  await service.correctSeries({ kind: 'assign', articleId: '5383', seriesKey: null, at: 6 });
  await service.updateSettings({ theme: 'dark', autoReadDwellMs: 1500 });
  return t;
}

describe('database ↔ backup contract', () => {
  test('a snapshot passes the backup schema and a replace restores it identically', async () => {
    const { service } = await populated();
    const snapshot = await service.getSnapshot();
    const backup = parseBackup(toJsonBackup(snapshot));
    const target = makeService();
    await target.service.applyImport(planImport(await target.service.getSnapshot(), backup, 'replace'));
    expect(await target.service.getSnapshot()).toEqual(snapshot);
  });

  test('merging the same backup again plans nothing and changes nothing', async () => {
    const { service } = await populated();
    const snapshot = await service.getSnapshot();
    const backup = parseBackup(toJsonBackup(snapshot));
    const plan = planImport(snapshot, backup, 'merge');
    expect(isEmptyPlan(plan)).toBe(true);
    await service.applyImport(plan);
    expect(await service.getSnapshot()).toEqual(snapshot);
  });
});
