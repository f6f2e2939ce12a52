/** Reading states changed elsewhere (another tab, the popup), pushed by the background to every blog tab. */
import { browser } from 'wxt/browser';
import type { ReadingRecord } from '@/utils/db/model';

export const STATES_CHANGED = 'kx:states-changed';

export interface StatesChangedMessage {
  type: typeof STATES_CHANGED;
  records: ReadingRecord[];
}

export function isStatesChanged(message: unknown): message is StatesChangedMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === STATES_CHANGED &&
    Array.isArray((message as { records?: unknown }).records)
  );
}

export function onStatesChanged(apply: (records: ReadingRecord[]) => void, signal: AbortSignal): void {
  const listener = (message: unknown) => {
    if (isStatesChanged(message)) apply(message.records);
    // no return value: other listeners (the service proxy) answer their own messages
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}
