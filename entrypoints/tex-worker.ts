/**
 * The TeX worker: KaTeX off the page's thread (utils/tex/worker-protocol.ts). Loaded by the content script as a
 * dedicated worker (utils/tex/dom/worker-client.ts says how and why).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { createWorkerRenderer, type ToWorker } from '@/utils/tex/worker-protocol';

export default defineUnlistedScript(() => {
  const scope = self as unknown as {
    postMessage(message: unknown): void;
    onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  };
  const channel = new MessageChannel();
  const tasks: (() => void)[] = [];
  // A new task at once (setTimeout(0) is clamped to 4 ms after a few nestings), after the messages already queued.
  channel.port1.onmessage = () => tasks.shift()?.();
  const renderer = createWorkerRenderer(
    (message) => scope.postMessage(message),
    (task) => {
      tasks.push(task);
      channel.port2.postMessage(null);
    },
  );
  scope.onmessage = (event) => renderer.onMessage(event.data);
});
