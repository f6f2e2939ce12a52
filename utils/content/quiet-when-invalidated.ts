import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ReaderApi } from '@/utils/db/api';

/**
 * After the extension is updated or reloaded, an old content script is cut off from it: every call would throw
 * "Extension context invalidated". WXT then aborts the features' signal; calls made after the context became invalid
 * are left pending (never settled), so nothing of that old script reports an error.
 */
export function quietWhenInvalidated(api: ReaderApi, ctx: Pick<ContentScriptContext, 'isInvalid'>): ReaderApi {
  return new Proxy(api, {
    get:
      (target, key: keyof ReaderApi) =>
      (...args: unknown[]) =>
        ctx.isInvalid ? new Promise(() => undefined) : (target[key] as (...a: unknown[]) => Promise<unknown>)(...args),
  });
}
