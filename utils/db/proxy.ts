/**
 * The messaging bridge to the reader service. The background registers the implementation; content scripts, the
 * popup and the options page call it through a proxy typed as ReaderApi. Errors cross with their name and message.
 * The background itself calls its implementation directly: a context does not receive its own runtime messages.
 */
import { createProxyService, registerService, type ProxyServiceKey } from '@webext-core/proxy-service';
import type { ReaderApi } from './api';

const READER_SERVICE_KEY = 'kexue-reader' as ProxyServiceKey<ReaderApi>;

/** Background only. Returns a function that removes the listener. */
export function registerReaderService(impl: ReaderApi): () => void {
  return registerService(READER_SERVICE_KEY, impl);
}

export function getReaderService(): ReaderApi {
  return createProxyService(READER_SERVICE_KEY);
}
