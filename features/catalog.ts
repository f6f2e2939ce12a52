/**
 * Keeps the catalog of the whole blog: /content.html is parsed whenever the reader opens it, and refreshed at most
 * once a day (conditional request) while the reader is on the blog. The fetch runs here, in the page's own origin,
 * because parsing needs a DOM, which the background service worker doesn't have.
 */
import { storage } from 'wxt/utils/storage';
import type { ReaderApi, SeenArticle } from '@/utils/db/api';
import { readArchiveEntries } from '@/utils/site/archive';
import type { ArchiveEntry } from '@/utils/site/types';
import { defineFeature } from './feature';

const DAY_MS = 24 * 60 * 60 * 1000;

interface CatalogFetchState {
  fetchedAt: number;
  etag: string | null;
  lastModified: string | null;
}

const fetchState = storage.defineItem<CatalogFetchState | null>('local:catalogFetch', { fallback: null });

const toSeen = (entries: ArchiveEntry[]): SeenArticle[] =>
  entries.map(({ id, title, date }) => ({ id, title, ...(/^\d{4}/.test(date) ? { date } : {}) }));

export const archiveImport = defineFeature({
  id: 'archive-import',
  runsOn: ['archive'],
  async init({ reading, api }) {
    await api.importArchive(toSeen(reading.entries));
    await fetchState.setValue({ fetchedAt: Date.now(), etag: null, lastModified: null });
  },
});

export async function refreshCatalog(
  api: ReaderApi,
  origin: string,
  now = Date.now(),
): Promise<'fresh' | 'unchanged' | 'updated'> {
  const state = await fetchState.getValue();
  if (state && now - state.fetchedAt < DAY_MS) return 'fresh';
  const headers: Record<string, string> = {};
  if (state?.etag) headers['If-None-Match'] = state.etag;
  if (state?.lastModified) headers['If-Modified-Since'] = state.lastModified;
  const response = await fetch(`${origin}/content.html`, { headers, credentials: 'same-origin' });
  const next = {
    fetchedAt: now,
    etag: response.headers.get('ETag'),
    lastModified: response.headers.get('Last-Modified'),
  };
  if (response.status === 304) {
    await fetchState.setValue({
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
  await api.importArchive(toSeen(entries));
  await fetchState.setValue(next);
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
