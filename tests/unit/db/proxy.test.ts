import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DbUnavailableError } from '../../../utils/db/errors';
import { getReaderService, registerReaderService } from '../../../utils/db/proxy';
import { makeService } from './helpers';

/**
 * @webext-core/messaging calls the callback form of chrome.runtime (sendMessage(msg, callback), listeners answering
 * through sendResponse). WXT's fake browser implements the promise form; this adapter maps one onto the other, so the
 * messages still travel through the fake browser's runtime.onMessage.
 */
function chromeOverFakeBrowser() {
  const wrapped = new Map<Function, Function>();
  return {
    runtime: {
      get lastError() {
        return undefined;
      },
      sendMessage(message: unknown, callback: (response: unknown) => void) {
        fakeBrowser.runtime.sendMessage(message).then(callback);
      },
      onMessage: {
        addListener(listener: (message: unknown, sender: unknown, sendResponse: (r: unknown) => void) => boolean) {
          const promised = (message: unknown, sender: unknown) =>
            new Promise((resolve) => {
              if (listener(message, sender, resolve) !== true) resolve(undefined);
            });
          wrapped.set(listener, promised);
          fakeBrowser.runtime.onMessage.addListener(promised as never);
        },
        removeListener(listener: Function) {
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
    unregister = registerReaderService(service);
    const remote = getReaderService();
    const states = await remote.seenAndStates([{ id: '10122', title: '旋转式位置编码' }], 'listing');
    expect(states['10122'].state).toBe('unread');
    const { batch, records } = await remote.setState(['10122'], 'read', 'manual');
    expect(records[0].state).toBe('read');
    expect((await service.getStates(['10122']))['10122'].state).toBe('read');
    expect(await remote.undo(batch)).toHaveLength(1);
    expect(await remote.getSettings()).toMatchObject({ renderer: true });
    await expect(remote.clearAll()).resolves.toBeUndefined();
  });

  test('errors cross with their name and message', async () => {
    const { service } = makeService();
    unregister = registerReaderService({
      ...service,
      getStates: () => Promise.reject(new DbUnavailableError('unavailable')),
    });
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
});
