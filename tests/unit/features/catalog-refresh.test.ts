// @vitest-environment happy-dom
/**
 * The daily refresh of the catalog from /content.html (features/catalog-refresh.ts), against the real reader service
 * on fake-indexeddb and a fake fetch: a 304 keeps the catalog, a 200 replaces it within the service's bounds, a
 * failed fetch keeps it (and is tried again on a later page), and the archive is fetched at most once a day.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { archiveImport } from '@/features/archive-import';
import { refreshCatalog } from '@/features/catalog-refresh';
import type { ReaderService } from '@/utils/db/api';
import { ReaderDatabase } from '@/utils/db/database';
import { createReaderService } from '@/utils/db/service';
import { catalogFetchState } from '@/utils/storage-items';

const DAY = 24 * 60 * 60 * 1000;
const T0 = 1_700_000_000_000;
const ORIGIN = 'https://kexue.fm';
/** More renames than one refresh may make (README, Security: at most 50): a forged archive. */
const FORGED_RENAMES = 60;

type Titles = Record<string, string>;

/** /content.html as the blog prints it: a year heading, a month item, one day item per post. */
function archivePage(titles: Titles): string {
  const days = Object.entries(titles)
    .map(([id, title]) => `<li>16日: <a href="/archives/${id}">${title}</a> (0)</li>`)
    .join('');
  return (
    `<html><body><h2>2025年 (共${Object.keys(titles).length}篇)</h2>` +
    `<ul><li>12月<ul>${days}</ul></li></ul></body></html>`
  );
}

const titlesOf = (ids: number, title: (i: number) => string): Titles =>
  Object.fromEntries(Array.from({ length: ids }, (_, i) => [String(i + 1), title(i)]));

let service: ReaderService;
let dbCount = 0;
const requests: { url: string; headers: Record<string, string> }[] = [];

/** Answers every fetch with this response (or rejects, for a network error). */
function serve(answer: () => Response | Promise<Response>) {
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    requests.push({ url, headers: { ...(init?.headers as Record<string, string>) } });
    return answer();
  });
}

const ok =
  (titles: Titles, headers: Record<string, string> = {}) =>
  () =>
    new Response(archivePage(titles), { status: 200, headers: { 'Content-Type': 'text/html', ...headers } });

async function catalog(): Promise<Titles> {
  const { articles } = await service.getSnapshot();
  return Object.fromEntries(articles.map((a) => [a.id, a.title]));
}

beforeEach(async () => {
  fakeBrowser.reset();
  requests.length = 0;
  service = createReaderService(new ReaderDatabase(`catalog-refresh-${++dbCount}`), {
    now: () => T0,
    broadcast: () => undefined,
  });
  await service.importArchive(Object.entries(titlesOf(3, (i) => `标题 ${i}`)).map(([id, title]) => ({ id, title })));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('refreshCatalog', () => {
  it('a 304 keeps the catalog and the validators it was asked with, and counts as the day’s refresh', async () => {
    await catalogFetchState.setValue({ fetchedAt: T0, etag: '"v1"', lastModified: 'Mon, 01 Dec 2025 00:00:00 GMT' });
    const before = await catalog();
    serve(() => new Response(null, { status: 304 }));

    expect(await refreshCatalog(service, ORIGIN, T0 + DAY)).toBe('unchanged');
    expect(requests).toEqual([
      {
        url: `${ORIGIN}/content.html`,
        headers: { 'If-None-Match': '"v1"', 'If-Modified-Since': 'Mon, 01 Dec 2025 00:00:00 GMT' },
      },
    ]);
    expect(await catalog()).toEqual(before);
    expect(await catalogFetchState.getValue()).toEqual({
      fetchedAt: T0 + DAY,
      etag: '"v1"',
      lastModified: 'Mon, 01 Dec 2025 00:00:00 GMT',
    });
    expect(await refreshCatalog(service, ORIGIN, T0 + DAY + 60_000)).toBe('fresh');
    expect(requests).toHaveLength(1);
  });

  it('a 200 renames and adds articles, and keeps the new validators', async () => {
    serve(ok({ '1': '标题 0', '2': '改过的标题', '3': '标题 2', '4': '新文章' }, { ETag: '"v2"' }));

    expect(await refreshCatalog(service, ORIGIN, T0)).toBe('updated');
    expect(requests[0]?.headers).toEqual({});
    expect(await catalog()).toEqual({ '1': '标题 0', '2': '改过的标题', '3': '标题 2', '4': '新文章' });
    expect(await catalogFetchState.getValue()).toEqual({ fetchedAt: T0, etag: '"v2"', lastModified: null });
  });

  it('a 200 that would rename more than a real refresh does renames nothing, and still adds new articles', async () => {
    const real = titlesOf(FORGED_RENAMES, (i) => `真实标题 ${i}`);
    await service.importArchive(Object.entries(real).map(([id, title]) => ({ id, title })));
    serve(ok({ ...titlesOf(FORGED_RENAMES, (i) => `forged ${i}`), '999': '新文章' }));

    expect(await refreshCatalog(service, ORIGIN, T0)).toBe('updated');
    expect(await catalog()).toEqual({ ...real, '999': '新文章' });
  });

  it('a failed fetch, an error status or a page not understood keeps the catalog and is tried again', async () => {
    const before = await catalog();
    await catalogFetchState.setValue({ fetchedAt: T0 - DAY, etag: '"v1"', lastModified: null });
    const failures: [() => Response | Promise<Response>, string][] = [
      [() => Promise.reject(new TypeError('Failed to fetch')), 'Failed to fetch'],
      [() => new Response('busy', { status: 503 }), '/content.html answered 503'],
      [() => new Response('<html><body><p>维护中</p></body></html>', { status: 200 }), '/content.html not understood'],
    ];
    for (const [answer, message] of failures) {
      serve(answer);
      await expect(refreshCatalog(service, ORIGIN, T0)).rejects.toThrow(message);
    }
    expect(requests).toHaveLength(3);
    expect(await catalog()).toEqual(before);
    expect(await catalogFetchState.getValue()).toEqual({ fetchedAt: T0 - DAY, etag: '"v1"', lastModified: null });
  });

  it('fetches at most once a day, and again with its validators the next day', async () => {
    serve(
      ok(
        titlesOf(3, (i) => `标题 ${i}`),
        { ETag: '"v1"' },
      ),
    );
    expect(await refreshCatalog(service, ORIGIN, T0)).toBe('updated');
    expect(await refreshCatalog(service, ORIGIN, T0 + DAY - 1)).toBe('fresh');
    expect(requests).toHaveLength(1);

    serve(() => new Response(null, { status: 304 }));
    expect(await refreshCatalog(service, ORIGIN, T0 + DAY)).toBe('unchanged');
    expect(requests.map((r) => r.headers)).toEqual([{}, { 'If-None-Match': '"v1"' }]);
  });

  it('opening the archive page counts as the day’s refresh', async () => {
    const entries = [{ id: '5', title: '从存档页', date: '2025-12-16', element: document.createElement('li') }];
    vi.useFakeTimers({ now: T0, toFake: ['Date'] });
    try {
      await archiveImport.init({ reading: { kind: 'archive', entries }, api: service } as unknown as Parameters<
        typeof archiveImport.init
      >[0]);
    } finally {
      vi.useRealTimers();
    }
    serve(ok({}));
    expect(await refreshCatalog(service, ORIGIN, T0 + DAY - 1)).toBe('fresh');
    expect(requests).toEqual([]);
    expect((await catalog())['5']).toBe('从存档页');
  });
});
