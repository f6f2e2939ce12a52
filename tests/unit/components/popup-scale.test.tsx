// @vitest-environment happy-dom
/**
 * The popup with a catalog the size of the blog: 1,300 articles in 80 series, 1,000 read. It opens from the summary
 * kept in storage.local (no call to the service for its data, no per-series call) and renders the first rows only.
 * The time it takes is printed (not asserted: see the bench).
 */
import { expect, it } from 'vitest';
import { Popup } from '@/components/popup/Popup';
import { fromSummary, loadPopupData } from '@/components/popup/popup-data';
import { FIRST_ROWS } from '@/components/popup/SeriesFilters';
import { must } from '@/tests/must';
import { FakePlatform } from './fake-platform';
import { mount } from './harness';
import { article, record, type TestApi, testApi } from './test-api';

function bigLibrary() {
  const articles = Array.from({ length: 1300 }, (_, i) => {
    const id = String(1000 + i);
    // The first 1,040 articles form 80 series of 13 parts; the rest stand alone.
    return i < 1040
      ? article(id, `系列${Math.floor(i / 13)}（${(i % 13) + 1}）：第${i}篇`, `系列${Math.floor(i / 13)}`, (i % 13) + 1)
      : article(id, `文章${i}`);
  });
  const reading = articles.slice(0, 1000).map((a) => record(a.id, 'read'));
  return testApi({ articles, reading, followed: ['系列5', '系列70'] });
}

async function keptSummary(api: TestApi): Promise<FakePlatform> {
  const platform = new FakePlatform();
  platform.kept = { settings: null, summary: await api.service.popupSummary() };
  return platform;
}

/** Seeding 1,300 articles into IndexedDB (fake-indexeddb) takes seconds on a busy machine: not what is measured. */
const SEEDING_TIMEOUT_MS = 60_000;

it(
  'opens on a blog-sized catalog from the kept summary, rendering the first rows',
  async () => {
    const api = await bigLibrary();
    const platform = await keptSummary(api);
    // A first mount warms up module loading and the JIT, as a browser's cache would; the second one is measured.
    (await mount(<Popup />, { api, platform })).unmount();
    api.calls.length = 0;
    const started = performance.now();
    const mounted = await mount(<Popup initial={fromSummary(must(platform.kept.summary, 'the kept summary'))} />, {
      api,
      platform,
    });
    const elapsed = performance.now() - started;
    console.info(
      `[popup scale] 1300 articles / 80 series: open → ready in ${elapsed.toFixed(1)} ms (happy-dom, real service)`,
    );

    expect(mounted.container.querySelector('[data-kx-ready]')).not.toBeNull();
    const rows = mounted.container.querySelectorAll<HTMLElement>('li.kx-series');
    expect(rows).toHaveLength(FIRST_ROWS);
    expect([...rows].slice(0, 2).map((r) => r.dataset.series)).toEqual(['系列5', '系列70']);
    // The settings come from the harness's Shell; nothing about series is asked.
    expect(api.calls.map((c) => c.method)).toEqual(['getSettings']);
    mounted.unmount();
  },
  SEEDING_TIMEOUT_MS,
);

it(
  'asks the service for the summary once when none is kept (first run)',
  async () => {
    const api = await bigLibrary();
    const platform = new FakePlatform();
    const mounted = await mount(<Popup preloaded={loadPopupData(api, platform.popupStart())} />, { api, platform });
    expect(mounted.container.querySelectorAll('li.kx-series')).toHaveLength(FIRST_ROWS);
    expect(api.callsTo('popupSummary')).toHaveLength(1);
    expect(api.callsTo('listSeries')).toHaveLength(0);
    expect(api.callsTo('getSeries')).toHaveLength(0);
    mounted.unmount();
  },
  SEEDING_TIMEOUT_MS,
);
