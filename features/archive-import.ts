/**
 * The catalog of the whole blog from its archive, /content.html, whenever the reader opens it (every article with its
 * title and date); that counts as today's catalog refresh (features/catalog-refresh.ts).
 */
import { defineFeature } from '@/utils/content/feature';
import { seenArticle } from '@/utils/content/seen-article';
import { catalogFetchState } from '@/utils/storage-items';

export const archiveImport = defineFeature({
  id: 'archive-import',
  runsOn: ['archive'],
  async init({ reading, api }) {
    await api.importArchive(reading.entries.map(seenArticle));
    await catalogFetchState.setValue({ fetchedAt: Date.now(), etag: null, lastModified: null });
  },
});
