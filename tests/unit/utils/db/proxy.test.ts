import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { callerOf } from '@/utils/db/access';
import { DbUnavailableError } from '@/utils/db/errors';
import { getReaderService, registerReaderService } from '@/utils/db/proxy';
import { makeService } from './helpers';

/**
 * @webext-core/messaging calls the callback form of chrome.runtime (sendMessage(msg, callback), listeners answering
 * through sendResponse). WXT's fake browser implements the promise form; this adapter maps one onto the other, so the
 * messages still travel through the fake browser's runtime.onMessage.
 */
type Listener = (message: unknown, sender: unknown, sendResponse: (r: unknown) => void) => boolean;

function chromeOverFakeBrowser() {
  const wrapped = new Map<Listener, (message: unknown, sender: unknown) => Promise<unknown>>();
  return {
    runtime: {
      get lastError() {
        return undefined;
      },
      sendMessage(message: unknown, callback: (response: unknown) => void) {
        fakeBrowser.runtime.sendMessage(message).then(callback);
      },
      onMessage: {
        addListener(listener: Listener) {
          const promised = (message: unknown, sender: unknown) =>
            new Promise((resolve) => {
              if (listener(message, sender, resolve) !== true) resolve(undefined);
            });
          wrapped.set(listener, promised);
          fakeBrowser.runtime.onMessage.addListener(promised as never);
        },
        removeListener(listener: Listener) {
          fakeBrowser.runtime.onMessage.removeListener(wrapped.get(listener) as never);
        },
      },
    },
  };
}

describe('proxy', () => {
  let unregister: () => void = () => {};
  beforeEach(() => {
    fakeBrowser.reset();
    vi.stubGlobal('chrome', chromeOverFakeBrowser());
  });
  afterEach(() => {
    unregister();
    vi.unstubAllGlobals();
  });

  test('a call through the proxy reaches the implementation and returns its result', async () => {
    const { service } = makeService();
    unregister = registerReaderService(service, () => 'extension-page');
    const remote = getReaderService();
    const states = await remote.seenAndStates([{ id: '10122', title: '旋转式位置编码' }], 'listing');
    expect(states['10122']?.state).toBe('unread');
    const { batch, records } = await remote.setState(['10122'], 'read', 'manual');
    expect(records[0]?.state).toBe('read');
    expect((await service.getStates(['10122']))['10122']?.state).toBe('read');
    expect(await remote.undo(batch)).toHaveLength(1);
    expect(await remote.getSettings()).toMatchObject({ renderer: true });
    await expect(remote.clearAll()).resolves.toBeUndefined();
  });

  test('errors cross with their name and message', async () => {
    const { service } = makeService();
    unregister = registerReaderService(
      {
        ...service,
        getStates: () => Promise.reject(new DbUnavailableError('unavailable')),
      },
      () => 'extension-page',
    );
    const remote = getReaderService();
    await expect(remote.getStates(['1'])).rejects.toMatchObject({
      name: 'DbUnavailableError',
      message: expect.stringMatching(/cannot open its database/),
    });
    await expect(remote.setState(['x'], 'read', 'manual')).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: 'Invalid article id "x": expected the archive number, e.g. "10122".',
    });
  });

  test('a content script gets only the calls a page needs, with bounded sizes', async () => {
    const { service } = makeService();
    await service.setState(['1'], 'read', 'manual');
    unregister = registerReaderService(service, () => 'content-script');
    const remote = getReaderService();
    await expect(remote.clearAll()).rejects.toMatchObject({ name: 'AccessError' });
    await expect(remote.applyImport({ mode: 'replace' } as never)).rejects.toMatchObject({ name: 'AccessError' });
    await expect(remote.getSnapshot()).rejects.toMatchObject({ name: 'AccessError' });
    await expect(remote.setState(['2', '3'], 'read', 'manual')).rejects.toThrow(/Too many article ids/);
    await expect(remote.setState(['2'], 'read', 'sync')).rejects.toMatchObject({ name: 'AccessError' });
    const many = Array.from({ length: 100_000 }, (_, i) => ({ id: String(i + 1), title: 't' }));
    await expect(remote.seenAndStates(many, 'listing')).rejects.toThrow(/Too many articles/);
    await expect(remote.seenAndStates(many, 'archive')).rejects.toThrow(/Too many articles/);
    await expect(remote.importArchive(many)).rejects.toThrow(/Too many archive entries/);
    await expect((remote as unknown as { constructor: () => Promise<unknown> }).constructor()).rejects.toThrow(
      /No such call/,
    );
    expect((await remote.getStates(['1']))['1']?.state).toBe('read');
    expect((await remote.setState(['2'], 'read', 'manual')).records[0]?.state).toBe('read');
    expect((await service.getSnapshot()).reading).toHaveLength(2);
  });

  test('calls from another extension are refused', async () => {
    const { service } = makeService();
    unregister = registerReaderService(service, () => null);
    await expect(getReaderService().getSettings()).rejects.toMatchObject({ name: 'AccessError' });
  });
});

describe('callerOf', () => {
  const extension = { id: 'abc', origin: 'chrome-extension://abc/' };
  test('tells the popup and options page from a blog tab', () => {
    expect(callerOf({ id: 'abc', url: 'chrome-extension://abc/popup.html' }, extension)).toBe('extension-page');
    expect(callerOf({ id: 'abc', url: 'chrome-extension://abc/options.html' }, extension)).toBe('extension-page');
    expect(callerOf({ id: 'abc', url: 'https://kexue.fm/archives/10122' }, extension)).toBe('content-script');
    expect(callerOf({ id: 'abc', url: 'http://kexue.fm/chrome-extension://abc/' }, extension)).toBe('content-script');
    expect(callerOf({ id: 'other', url: 'chrome-extension://abc/popup.html' }, extension)).toBe(null);
  });
});
