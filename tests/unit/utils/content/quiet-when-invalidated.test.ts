/**
 * After an extension reload, the old content script's calls must neither throw nor reject ("Extension context
 * invalidated" would surface as an uncaught error on the blog's page): they are left pending instead.
 */
import { expect, it } from 'vitest';
import { quietWhenInvalidated } from '@/utils/content/quiet-when-invalidated';
import type { ReaderApi } from '@/utils/db/api';

const PENDING = Symbol('pending');
/** What a promise has settled to within a few turns of the event loop, or PENDING. */
const settledOrPending = (promise: Promise<unknown>) =>
  Promise.race([
    promise.then(
      (value) => ({ value }),
      (error: Error) => ({ error: error.message }),
    ),
    new Promise((resolve) => setTimeout(() => resolve(PENDING), 20)),
  ]);

it('passes calls through while the context is valid, and leaves them pending once it is invalid', async () => {
  const calls: string[][] = [];
  const api = {
    getStates: async (ids: string[]) => {
      calls.push(ids);
      if (ids.length === 0) throw new Error('Extension context invalidated.');
      return { [ids[0] ?? '']: 'state' };
    },
  } as unknown as ReaderApi;
  const ctx = { isInvalid: false };
  const quiet = quietWhenInvalidated(api, ctx);

  expect(await settledOrPending(quiet.getStates(['1']))).toEqual({ value: { '1': 'state' } });
  expect(await settledOrPending(quiet.getStates([]))).toEqual({ error: 'Extension context invalidated.' });

  ctx.isInvalid = true;
  expect(await settledOrPending(quiet.getStates([]))).toBe(PENDING);
  expect(await settledOrPending(quiet.getStates(['2']))).toBe(PENDING);
  expect(calls).toEqual([['1'], []]);
});
