/**
 * The messaging bridge to the reader service. The background registers the implementation; content scripts, the
 * popup and the options page call it through a proxy typed as ReaderApi. Errors cross with their name and message.
 * Every call is checked against who sent it (access.ts): a blog page gets only the calls it needs.
 * The background itself calls its implementation directly: a context does not receive its own runtime messages.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import { createProxyService, type ProxyServiceKey } from '@webext-core/proxy-service';
import { AccessError, type Caller, checkCall } from './access';
import type { ReaderApi } from './api';

const READER_SERVICE_KEY = 'kexue-reader' as ProxyServiceKey<ReaderApi>;
/** The message @webext-core/proxy-service sends for a call (its `createProxyService` side stays as it is). */
const MESSAGE_TYPE = `proxy-service.${READER_SERVICE_KEY}`;

interface ProxyCall {
  path?: string[];
  args: unknown[];
}

/**
 * Background only. `callerOf` tells the extension's pages from content scripts. Returns a function that removes the
 * listener.
 */
export function registerReaderService(
  impl: ReaderApi,
  callerOf: (sender: { id?: string; url?: string }) => Caller | null,
): () => void {
  const messaging = defineExtensionMessaging<Record<string, (call: ProxyCall) => unknown>>();
  return messaging.onMessage(MESSAGE_TYPE, ({ data, sender }) => {
    const method = (data?.path?.length === 1 && data.path[0]) || '';
    const args = Array.isArray(data?.args) ? data.args : [];
    // Own methods only: a path such as ["constructor"] must not reach Object's.
    if (!Object.hasOwn(impl, method) || typeof impl[method as keyof ReaderApi] !== 'function') {
      return Promise.reject(new AccessError(`No such call "${String(method).slice(0, 40)}".`));
    }
    try {
      checkCall(callerOf(sender), method, args);
    } catch (error) {
      return Promise.reject(error);
    }
    return (impl[method as keyof ReaderApi] as (...a: unknown[]) => Promise<unknown>)(...args);
  });
}

export function getReaderService(): ReaderApi {
  return createProxyService(READER_SERVICE_KEY);
}
