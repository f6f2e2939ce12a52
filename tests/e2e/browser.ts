/**
 * Real Chromium with the built extension, every blog request answered from the fixtures (never the network).
 */

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Route, type Worker } from 'playwright-core';
import {
  readToTheEnd as readToTheEndOf,
  setRenderer as setRendererIn,
  type TestPage,
  type TestSession,
} from './driver';
import { fileIndex, loadManifest, pageKey } from './fixtures';

export const EXTENSION_DIR = resolve(process.env.KX_OUT_DIR ?? '.output', 'chrome-mv3');
const MATHJAX_DIR = resolve('node_modules/mathjax');
const BLOG_URL = /^https?:\/\/(www\.)?(kexue\.fm|spaces\.ac\.cn)\//;

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found (looked at $CHROMIUM_PATH, /usr/bin/chromium). Install it: apt-get install -y chromium',
    );
  }
  return found;
}

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Console errors and uncaught exceptions from the extension and the pages, apart from fixture 404s. */
  errors: string[];
  /** Requests for the site's MathJax that reached the fixture server. */
  mathjaxRequests: string[];
  open(url: string): Promise<Page>;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript',
  '.css': 'text/css',
  '.woff': 'font/woff',
  '.otf': 'font/otf',
  '.eot': 'application/vnd.ms-fontobject',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
};

function contentType(path: string): string {
  const ext = path.slice(path.lastIndexOf('.'));
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/** Chromium with the built extension (and the bench's `extra` ones) loaded, in a fresh profile. */
function launchChromium(userDataDir: string, headless: boolean, extra: string[] = []): Promise<BrowserContext> {
  const extensions = [EXTENSION_DIR, ...extra].join(',');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${extensions}`,
      `--load-extension=${extensions}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Answers every blog request from the saved pages (the site's MathJax from the npm package, counted in
 * `mathjaxRequests`) and aborts every other request: nothing reaches the network.
 */
async function serveFixtures(
  context: BrowserContext,
  files: Map<string, string>,
  mathjaxRequests: string[],
): Promise<void> {
  const serve = async (route: Route) => {
    const url = route.request().url();
    const { pathname } = new URL(url);
    if (pathname.startsWith('/static/MathJax-2.7.9/')) {
      mathjaxRequests.push(url);
      const file = join(MATHJAX_DIR, decodeURIComponent(pathname.slice('/static/MathJax-2.7.9/'.length)));
      if (file.startsWith(MATHJAX_DIR) && existsSync(file)) {
        return route.fulfill({ status: 200, contentType: contentType(file), body: readFileSync(file) });
      }
      return route.fulfill({ status: 404, body: '' });
    }
    const file = files.get(pageKey(url));
    if (file) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: readFileSync(file) });
    return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not in the fixtures' });
  };
  await context.route(BLOG_URL, serve);
  await context.route(
    (url) => !BLOG_URL.test(url.href) && /^https?:/.test(url.href),
    (route) => route.abort(),
  );
}

/** Collects the pages' console errors and uncaught exceptions into `errors`. */
function watchPages(context: BrowserContext, errors: string[]): void {
  const watch = (page: Page) => {
    page.on('pageerror', (error) => errors.push(`pageerror on ${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (/Failed to load resource/.test(text)) return; // fixture 404s (theme CSS, images) and blocked MathJax
      errors.push(`console on ${page.url()}: ${text}`);
    });
  };
  context.on('page', watch);
}

export async function launchExtension(
  // extraExtensions: folders of other unpacked extensions to load beside ours (the bench's blank page).
  options: { fixturesDir?: string; headless?: boolean; extraExtensions?: string[] } = {},
): Promise<ExtensionSession> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run \`npm run build\` first (npm run test:e2e does).`);
  }
  const pages = loadManifest(options.fixturesDir);
  const files = fileIndex(pages, options.fixturesDir);
  const userDataDir = mkdtempSync(join(tmpdir(), 'kx-e2e-'));
  const context = await launchChromium(userDataDir, options.headless ?? true, options.extraExtensions);
  const errors: string[] = [];
  const mathjaxRequests: string[] = [];
  await serveFixtures(context, files, mathjaxRequests);
  watchPages(context, errors);

  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  worker.on('console', (message) => {
    if (message.type() === 'error') errors.push(`service worker: ${message.text()}`);
  });
  const extensionId = new URL(worker.url()).host;

  return {
    context,
    extensionId,
    worker,
    errors,
    mathjaxRequests,
    async open(url) {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      return page;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Flips the math renderer with the popup's own switch and waits until the background applied it. */
export const setRenderer = (session: ExtensionSession, on: boolean): Promise<void> =>
  setRendererIn(testSession(session), on);

/** Scrolls with the mouse wheel, as a reader does, until the end of the article body is on screen. */
export const readToTheEnd = (page: Page): Promise<void> => readToTheEndOf(testPage(page));

/** The browser-neutral view of a Playwright page (driver.ts), for checks shared with the Firefox suites. */
export function testPage(page: Page): TestPage {
  return {
    url: () => page.url(),
    waitFor: async (selector, timeout = 15_000) => void (await page.waitForSelector(selector, { timeout })),
    waitUntil: async (fn, arg, timeout = 15_000) => void (await page.waitForFunction(fn as never, arg, { timeout })),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    attribute: (selector, name) => page.getAttribute(selector, name),
    click: (selector) => page.click(selector),
    focus: (selector) => page.focus(selector),
    press: (key) => page.keyboard.press(key),
    select: async (selector, value) => void (await page.selectOption(selector, value)),
    type: (selector, text) => page.locator(selector).pressSequentially(text),
    wheel: async (dy) => {
      await page.mouse.move(400, 300);
      await page.mouse.wheel(0, dy);
    },
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

/** The browser-neutral view of this harness (driver.ts). */
export function testSession(session: ExtensionSession): TestSession {
  return {
    browser: 'chromium',
    errors: session.errors,
    mathjaxRequests: session.mathjaxRequests,
    open: async (url) => testPage(await session.open(url)),
    async openExtensionPage(path) {
      const page = await session.context.newPage();
      await page.goto(`chrome-extension://${session.extensionId}/${path}`);
      return testPage(page);
    },
    extensionEval: (fn, arg) => session.worker.evaluate(`(${fn})(chrome, ${JSON.stringify(arg)})`) as never,
    close: () => session.close(),
  };
}
