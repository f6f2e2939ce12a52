// @vitest-environment happy-dom
/**
 * A page script can dispatch clicks, wheel events and keys (`isTrusted: false`); none of them may mark an article
 * read. (Real input is covered by the end-to-end reading tests, where Playwright's clicks and scrolls are trusted.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { stateMarks } from '@/features/state-marks';
import { must } from '@/tests/must';
import type { ReaderApi } from '@/utils/db/api';
import { DEFAULT_SETTINGS, type ReadingRecord } from '@/utils/db/model';

function recordingApi() {
  const calls: string[] = [];
  const record = (id: string): ReadingRecord => ({
    id,
    state: 'unread',
    progress: 0,
    position: 0,
    readAt: null,
    updatedAt: 0,
  });
  const api = {
    seenAndStates: async (entries: { id: string }[]) => Object.fromEntries(entries.map((e) => [e.id, record(e.id)])),
    setState: async (ids: string[]) => {
      calls.push(`setState ${ids.join()}`);
      return { batch: 'b', records: ids.map(record) };
    },
  } as unknown as ReaderApi;
  return { api, calls };
}

describe('synthetic input', () => {
  beforeAll(() => {
    (fakeBrowser.i18n as { getMessage: unknown }).getMessage = (key: string) => key;
  });

  it('a synthetic click on a listing toggle marks nothing', async () => {
    document.body.innerHTML = '<div class="entry"><a href="/archives/10122">旋转式位置编码</a></div>';
    const element = must(document.querySelector('.entry'), 'the entry');
    const { api, calls } = recordingApi();
    const controller = new AbortController();
    await stateMarks.init({
      doc: document,
      reading: { kind: 'listing', url: {} as never, entries: [{ id: '10122', title: 't', date: '', element }] },
      api,
      settings: DEFAULT_SETTINGS,
      ctx: {} as never,
      signal: controller.signal,
      mirroredStates: {} as never,
      text: { lang: 'en', t: (key: string) => key, onChange: () => undefined },
    } as unknown as Parameters<typeof stateMarks.init>[0]);
    const toggle = must(element.querySelector('button'), 'the toggle');
    toggle.click();
    toggle.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toEqual([]);
    controller.abort();
  });
});
