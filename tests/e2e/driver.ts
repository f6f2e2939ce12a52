/**
 * What a browser-neutral check needs from a browser: the Chromium harness (Playwright, browser.ts) and the Firefox
 * harness (puppeteer-core over WebDriver BiDi, firefox/browser.ts) both implement it, so a check is written once
 * (checks.ts) and runs in both.
 */
import type { Browser } from 'wxt/browser';
import { until } from './wait';

/**
 * The extension API as both browsers have it in the extension's own origin (Chrome's `chrome`, Firefox's `browser`),
 * with MV2's `browserAction` that Firefox's build uses in place of `action`.
 */
export type ExtensionApi = Omit<typeof Browser, 'action'> & {
  action?: (typeof Browser)['action'];
  browserAction?: (typeof Browser)['action'];
};

export type BrowserName = 'chromium' | 'firefox';

export interface TestPage {
  url(): string;
  /** Waits until an element matches (default 15 s). */
  waitFor(selector: string, timeout?: number): Promise<void>;
  /** Waits until `fn(arg)` is truthy in the page (default 15 s). */
  waitUntil<A>(fn: (arg: A) => unknown, arg: A, timeout?: number): Promise<void>;
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  attribute(selector: string, name: string): Promise<string | null>;
  click(selector: string): Promise<void>;
  focus(selector: string): Promise<void>;
  press(key: string): Promise<void>;
  /** Chooses an option of a `<select>` by its value, as a reader does (input and change events). */
  select(selector: string, value: string): Promise<void>;
  /** Types text into the element, key by key. */
  type(selector: string, text: string): Promise<void>;
  /** A mouse-wheel scroll by `dy` pixels with the pointer over the page, as a reader scrolls. */
  wheel(dy: number): Promise<void>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

export interface TestSession {
  browser: BrowserName;
  /** Console errors and uncaught exceptions from the extension (page, content script, background, popup). */
  errors: string[];
  /** Requests for the site's MathJax that reached the fixture server. */
  mathjaxRequests: string[];
  open(url: string): Promise<TestPage>;
  /** An extension page by its path (`popup.html`, `options.html`), once its document is there. */
  openExtensionPage(path: string): Promise<TestPage>;
  /**
   * Runs in the extension's own origin (Chromium: the service worker; Firefox: an extension page), `browser` API in
   * scope as `api`.
   */
  extensionEval<R, A>(fn: (api: ExtensionApi, arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

/** The toolbar badge's text: MV3's `action`, MV2's `browserAction`. */
export const badgeText = (session: TestSession): Promise<string> =>
  session.extensionEval(async (api) => (await (api.action ?? api.browserAction)?.getBadgeText({})) ?? '', null);

/** Flips the math renderer with the popup's own switch and waits until the background applied its DNR rule. */
export async function setRenderer(session: TestSession, on: boolean): Promise<void> {
  const popup = await session.openExtensionPage('popup.html');
  try {
    const toggle = '.kx-popup-footer .kx-switch input[type="checkbox"]';
    await popup.waitFor(toggle);
    if ((await popup.evaluate((s) => document.querySelector<HTMLInputElement>(s)?.checked, toggle)) !== on) {
      await popup.click(toggle);
    }
    await until(
      () => session.extensionEval((api): Promise<string[]> => api.declarativeNetRequest.getEnabledRulesets(), null),
      (enabled) => enabled.includes('block_site_mathjax') === on,
      { what: `the rule that blocks the site's MathJax to be ${on ? 'on' : 'off'}` },
    );
  } finally {
    await popup.close();
  }
}

/**
 * Scrolls with the mouse wheel, as a reader does, until the end of the article body is on screen. First waits until
 * the math has settled (utils/tex/dom/offscreen.ts): until then paragraphs laid out as they come near the screen
 * still change the body's height, and an end seen by this loop could be one the extension's own check, a frame
 * later, no longer sees. The end must still be on screen two frames after the last scroll.
 */
export async function readToTheEnd(page: TestPage): Promise<void> {
  await page.waitUntil(
    () => {
      const root = document.documentElement;
      return root.getAttribute('data-kx-math-state') !== 'rendering' && !root.hasAttribute('data-kx-math-settling');
    },
    null,
    60_000,
  );
  const endStaysVisible = () =>
    new Promise<boolean>((resolve) =>
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          const bottom = document.querySelector('[data-kx-article]')?.getBoundingClientRect().bottom;
          resolve(bottom !== undefined && bottom <= window.innerHeight);
        }),
      ),
    );
  for (let i = 0; i < 400; i++) {
    if (await page.evaluate(endStaysVisible)) return;
    await page.wheel(600);
  }
  throw new Error('never reached the end of the article body');
}
