/**
 * Waiting for a condition instead of for a time: `until` asks again and again until the answer is the one wanted,
 * and fails with what it waited for and the last answer seen. Works from Node for anything a browser can be asked
 * (a service worker's storage, a badge, a page's state).
 */

export interface UntilOptions {
  /** What is awaited, for the failure message ("the archive's import"). */
  what: string;
  /** Default 15 s. */
  timeout?: number;
  /** Pause between two questions, default 100 ms. */
  every?: number;
}

export async function until<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  { what, timeout = 15_000, every = 100 }: UntilOptions,
): Promise<T> {
  const end = Date.now() + timeout;
  let seen = await read();
  while (!accept(seen)) {
    if (Date.now() > end) {
      throw new Error(`waited ${timeout} ms for ${what}; last seen: ${JSON.stringify(seen)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, every));
    seen = await read();
  }
  return seen;
}
