/**
 * Real Firefox ESR with the Firefox build (.output/firefox-mv2) installed as a temporary add-on, driven by
 * puppeteer-core over WebDriver BiDi (no driver download). Every blog request goes through a local proxy that
 * answers from the fixtures (never the network); the site's MathJax comes from the mathjax npm package, as in the
 * Chromium harness. Errors are gathered from the pages and content scripts (BiDi log events) and from the background
 * and popup (Firefox's stdout, with the console-to-stdout prefs).
 */

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { TestPage, TestSession } from '@/tests/e2e/driver';
import { fileIndex, loadManifest, pageKey } from '@/tests/e2e/fixtures';
import { type Handler, startBlogProxy } from './proxy';

export const FIREFOX_EXTENSION_DIR = resolve(process.env.KX_OUT_DIR ?? '.output', 'firefox-mv2');
const MATHJAX_DIR = resolve('node_modules/mathjax');
const GECKO_ID = 'kexue-reader@kexue-reader.github.io';
/** Pinned so the extension's pages have a known address. */
export const EXTENSION_UUID = '0f5e3c1a-6b2d-4c8e-9a7f-1d2e3f4a5b6c';
const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export function firefoxPath(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
  const found = candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
  if (!found) {
    throw new Error(
      'No Firefox found (looked at $FIREFOX_PATH, /usr/bin/firefox-esr). Install it: apt-get install -y firefox-esr',
    );
  }
  return found;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript',
  '.css': 'text/css',
  '.woff': 'font/woff',
  '.otf': 'font/otf',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
};

/**
 * Firefox's own errors on stdout, never the extension's: its remote agent (chrome://remote), its services polling
 * the network the tests cut off (resource://, RSLoader), a window actor torn down with a closed tab.
 */
const FIREFOX_INTERNAL = /chrome:\/\/|resource:\/\/|JSWindowActor|RSLoader/;
export interface FirefoxSession extends TestSession {
  browser: 'firefox';
  raw: Browser;
  /** Firefox's own stdout lines (the background's and popup's console with the stdout prefs on). */
  stdout: string[];
}

function testPage(page: Page): TestPage {
  return {
    url: () => page.url(),
    waitFor: async (selector, timeout = 15_000) => void (await page.waitForSelector(selector, { timeout })),
    waitUntil: async (fn, arg, timeout = 15_000) => void (await page.waitForFunction(fn as never, { timeout }, arg)),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    attribute: (selector, name) => page.$eval(selector, (el, n) => el.getAttribute(n), name),
    click: (selector) => page.click(selector),
    focus: (selector) => page.focus(selector),
    press: (key) => page.keyboard.press(key as never),
    select: async (selector, value) => void (await page.select(selector, value)),
    type: (selector, text) => page.type(selector, text),
    wheel: async (dy) => {
      await page.mouse.move(400, 300);
      await page.mouse.wheel({ deltaY: dy });
    },
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

/** Answers every blog request from the saved pages; the site's MathJax from the npm package, counted in `requests`. */
function fixtureHandler(files: Map<string, string>, mathjaxRequests: string[]): Handler {
  return (url, response) => {
    if (url.pathname.startsWith('/static/MathJax-2.7.9/')) {
      mathjaxRequests.push(url.href);
      const file = join(MATHJAX_DIR, decodeURIComponent(url.pathname.slice('/static/MathJax-2.7.9/'.length)));
      if (file.startsWith(MATHJAX_DIR) && existsSync(file)) {
        response.writeHead(200, {
          'content-type': CONTENT_TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream',
        });
        response.end(readFileSync(file));
      } else response.writeHead(404).end();
      return;
    }
    const file = files.get(pageKey(url.href));
    if (file) response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(file));
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not in the fixtures');
  };
}

/** Firefox ESR with every request through the blog proxy, the extension's pages at a pinned address. */
function launchBrowser(proxyPort: number, headless: boolean, prefs: Record<string, unknown> = {}): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless,
    acceptInsecureCerts: true,
    args: ['--remote-allow-system-access'],
    defaultViewport: { width: 1280, height: 900 },
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxyPort,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'devtools.console.stdout.content': true,
      'devtools.console.stdout.chrome': true,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      ...prefs,
    },
  });
}

/** Keeps Firefox's stdout lines; the background's and popup's errors among them go to `errors`. */
function watchStdout(browser: Browser, stdout: string[], errors: string[]): void {
  const onOutput = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      stdout.push(line);
      // The background and the popup: `console.error: ...` lines, and uncaught errors in moz-extension:// code.
      if (/^console\.error: |^JavaScript error: moz-extension:/.test(line) && !FIREFOX_INTERNAL.test(line)) {
        errors.push(`firefox: ${line}`);
      }
    }
  };
  browser.process()?.stdout?.on('data', onOutput);
  browser.process()?.stderr?.on('data', onOutput);
}

/** Collects a page's console errors (and Firefox's MathML complaints) and uncaught exceptions into `errors`. */
function watchPage(page: Page, errors: string[]): void {
  page.on('pageerror', (error) => errors.push(`pageerror on ${page.url()}: ${(error as Error).message ?? error}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' && !/Invalid markup/.test(message.text())) return;
    const text = message.text();
    if (/Failed to load|NetworkError when attempting to fetch resource/.test(text) && !/moz-extension/.test(text)) {
      return;
    }
    errors.push(`console on ${page.url()}: ${text}`);
  });
}

export async function launchFirefox(
  options: { fixturesDir?: string; headless?: boolean; prefs?: Record<string, unknown> } = {},
): Promise<FirefoxSession> {
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(
      `No Firefox build at ${FIREFOX_EXTENSION_DIR}: ` +
        'run `npm run build:firefox` first (npm run test:e2e:firefox does).',
    );
  }
  const files = fileIndex(loadManifest(options.fixturesDir), options.fixturesDir);
  const errors: string[] = [];
  const mathjaxRequests: string[] = [];
  const proxy = await startBlogProxy(fixtureHandler(files, mathjaxRequests));
  const browser = await launchBrowser(proxy.port, options.headless ?? true, options.prefs);
  const stdout: string[] = [];
  watchStdout(browser, stdout, errors);
  await browser.installExtension(FIREFOX_EXTENSION_DIR);
  let probe: Page | null = null;

  const openPage = async (url: string, extension: boolean): Promise<Page> => {
    const page = await browser.newPage();
    watchPage(page, errors);
    if (!extension) {
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      return page;
    }
    // Firefox never reports the load of a moz-extension:// page over BiDi, nor its address (FIREFOX.md): the
    // navigation is started, and the caller waits for a selector of the page.
    await page.goto(url, { timeout: 2_000 }).catch(() => undefined);
    return page;
  };

  return {
    browser: 'firefox',
    raw: browser,
    stdout,
    errors,
    mathjaxRequests,
    open: async (url) => testPage(await openPage(url, false)),
    openExtensionPage: async (path) => testPage(await openPage(`${EXTENSION_ORIGIN}/${path}`, true)),
    async extensionEval(fn, arg) {
      if (!probe) {
        probe = await openPage(`${EXTENSION_ORIGIN}/options.html`, true);
        await probe.waitForFunction(() => typeof (globalThis as { browser?: unknown }).browser === 'object', {
          timeout: 15_000,
        });
      }
      return probe.evaluate(`(${fn})(browser, ${JSON.stringify(arg)})`) as never;
    },
    async close() {
      await browser.close();
      await proxy.close();
    },
  };
}
