/**
 * The TeX worker's script: KaTeX off the page's thread (worker-protocol.ts). Bundled on its own and carried inside
 * the content script as text (utils/tex/dom/worker-client.ts says how and why).
 */
import { createWorkerRenderer, type ToWorker } from './worker-protocol';

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
