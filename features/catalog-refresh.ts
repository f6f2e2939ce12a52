/**
 * Keeps the catalog of the whole blog fresh: /content.html is fetched at most once a day (a conditional request)
 * while the reader is on the blog, unless the reader opened it today (features/archive-import.ts). The fetch runs
 * here, in the page's own origin, because parsing needs a DOM, which the background service worker doesn't have.
 */
import { defineFeature } from '@/utils/content/feature';
import { seenArticle } from '@/utils/content/seen-article';
import type { ReaderApi } from '@/utils/db/api';
import { readArchiveEntries } from '@/utils/site/archive';
import { type CatalogFetchState, catalogFetchState } from '@/utils/storage-items';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The request's validators: the server answers 304 when the archive has not changed since. */
function conditionalHeaders(state: CatalogFetchState | null): Record<string, string> {
  const headers: Record<string, string> = {};
  if (state?.etag) headers['If-None-Match'] = state.etag;
  if (state?.lastModified) headers['If-Modified-Since'] = state.lastModified;
  return headers;
}

export async function refreshCatalog(
  api: ReaderApi,
  origin: string,
  now = Date.now(),
): Promise<'fresh' | 'unchanged' | 'updated'> {
  const state = await catalogFetchState.getValue();
  if (state && now - state.fetchedAt < DAY_MS) return 'fresh';
  const response = await fetch(`${origin}/content.html`, {
    headers: conditionalHeaders(state),
    credentials: 'same-origin',
  });
  const next = {
    fetchedAt: now,
    etag: response.headers.get('ETag'),
    lastModified: response.headers.get('Last-Modified'),
  };
  if (response.status === 304) {
    await catalogFetchState.setValue({
      ...next,
      etag: next.etag ?? state?.etag ?? null,
      lastModified: next.lastModified ?? state?.lastModified ?? null,
    });
    return 'unchanged';
  }
  if (!response.ok) throw new Error(`/content.html answered ${response.status}`);
  const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
  const entries = readArchiveEntries(doc);
  if (typeof entries === 'string') throw new Error(`/content.html not understood: ${entries}`);
  await api.importArchive(entries.map(seenArticle));
  await catalogFetchState.setValue(next);
  return 'updated';
}

export const catalogRefresh = defineFeature({
  id: 'catalog-refresh',
  runsOn: ['listing', 'article', 'other'],
  async init({ api, ctx }) {
    // After the page has settled: the catalog is never worth slowing down the page the reader opened.
    await new Promise<void>((resolve) => ctx.setTimeout(resolve, 5000));
    if (ctx.isInvalid) return;
    // A failed refresh costs nothing but freshness: say so, and try again on a later page.
    await refreshCatalog(api, location.origin).catch((error: Error) =>
      console.warn(`[Kexue Reader] catalog refresh: ${error.message}`),
    );
  },
});
