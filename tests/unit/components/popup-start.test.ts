import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { type BrowserLike, browserPlatform } from '@/components/platform';
import { type PopupStart, popupStartOf, startPopupRead, takePopupStart } from '@/components/popup/popup-start';
import { type PopupSummary, SUMMARY_VERSION } from '@/utils/db/summary';
import { popupMessages, popupSummary, settingsMirror } from '@/utils/storage-items';

const platform = browserPlatform({} as BrowserLike, {} as Document);
const summary: PopupSummary = { version: SUMMARY_VERSION, series: [], continueReading: null, hasReaderData: true };
const none = async (): Promise<PopupStart> => ({ settings: null, summary: null });

/** What the early script's read gives, through the real browser storage API (wxt's fake in Node). */
async function earlyRead(): Promise<PopupStart> {
  startPopupRead((keys) => fakeBrowser.storage.local.get(keys));
  return takePopupStart(none);
}

describe('the popup’s early storage read', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads what the platform reads: the settings mirror, the kept summary and the kept messages', async () => {
    await settingsMirror.setValue({ ...settingsMirror.fallback, language: 'en', theme: 'dark' });
    await popupSummary.setValue(summary);
    await popupMessages.setValue({ version: '1.0.0', lang: 'en', messages: {} });
    const early = await earlyRead();
    expect(early).toEqual(await platform.popupStart());
    expect(early.settings?.language).toBe('en');
    expect(early.summary).toEqual(summary);
    expect(early.messages).toEqual({ version: '1.0.0', lang: 'en', messages: {} });
  });

  it('gives nothing for an empty storage, and drops a summary of another version', async () => {
    expect(await earlyRead()).toEqual({ settings: null, summary: null, messages: undefined });
    await fakeBrowser.storage.local.set({ popupSummary: { ...summary, version: SUMMARY_VERSION + 1 } });
    expect((await earlyRead()).summary).toBeNull();
  });

  it('fills settings a mirror of an older version lacks with their defaults', () => {
    expect(popupStartOf({ settings: { theme: 'dark' } }).settings).toEqual({
      ...settingsMirror.fallback,
      theme: 'dark',
    });
  });

  it('is taken once; without an early read, or when it failed, the platform reads', async () => {
    const fallback = async (): Promise<PopupStart> => ({ settings: null, summary, messages: 'fallback' });
    startPopupRead(async () => ({ popupMessages: 'early' }));
    expect((await takePopupStart(fallback)).messages).toBe('early');
    expect((await takePopupStart(fallback)).messages).toBe('fallback');
    startPopupRead(() => Promise.reject(new Error('no storage')));
    expect((await takePopupStart(fallback)).messages).toBe('fallback');
  });
});
