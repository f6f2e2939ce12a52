/** What one refresh of the catalog from /content.html may change: a forged archive cannot rename the whole catalog. */
import { describe, expect, test } from 'vitest';
import { MAX_ARCHIVE_RENAMES } from '@/utils/db/calls/catalog';
import { makeService } from './helpers';

describe('archive refresh', () => {
  const n = MAX_ARCHIVE_RENAMES + 20;
  const entries = (title: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => ({ id: String(i + 1), title: title(i) }));

  test('renaming more articles than a real refresh does renames none, and still adds new ones', async () => {
    const { service } = makeService();
    await service.importArchive(entries((i) => `真实标题 ${i}`));
    const result = await service.importArchive([...entries((i) => `forged ${i}`), { id: String(n + 1), title: 'new' }]);
    expect(result).toEqual({ added: 1, renamed: 0 });
    const titles = (await service.getSnapshot()).articles.map((a) => a.title);
    expect(titles.filter((t) => t.startsWith('forged'))).toEqual([]);
    expect(titles).toContain('new');
  });

  test('a few renames go through', async () => {
    const { service } = makeService();
    await service.importArchive(entries((i) => `真实标题 ${i}`));
    const result = await service.importArchive(entries((i) => (i < 3 ? `改过的标题 ${i}` : `真实标题 ${i}`)));
    expect(result).toEqual({ added: 0, renamed: 3 });
  });
});
