/**
 * The reader's side of the blog's pages in real Chromium: the series strip and the "next part" card, nothing of ours
 * over the article at 360–400 px, one current progress figure, keys (CDP input) and commands, the context menu's
 * handlers invoked as the browser invokes them, the renderer switched without a manual reload (globally and for one
 * page), the language chosen on the options page applied live, the first-run page, and the archive's one tab stop.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { must } from '@/tests/must';
import { groupTitles } from '@/utils/series/group';
import { type ExtensionSession, launchExtension } from './browser';
import type { WorkerChrome } from './chrome';
import { articleOf, entriesOf, loadManifest, type ManifestPage } from './fixtures';
import { waitForReportedPlace } from './reported-place';
import { until } from './wait';

/** The extension API inside callbacks evaluated in the service worker. */
declare const chrome: WorkerChrome;

const pages = loadManifest();
const archive = pages.find((p) => p.kind === 'archive');
if (!archive) throw new Error('The fixtures have no archive page (/content.html): the series strip needs the catalog');
const listing = must(
  pages.find((p) => p.kind === 'listing' && (p.entries?.length ?? 0) >= 3),
  'a listing page with three entries',
);
const listingIds = entriesOf(listing).map((e) => e.id);
const groups = groupTitles(entriesOf(archive).map(({ id, title }) => ({ id, title })));
const saved = new Map(pages.filter((p) => p.kind === 'article').map((p) => [articleOf(p).id, p]));

/** Two saved articles that are parts k and k+1 of one numbered series, and a saved last part of a series. */
function seriesPair(): { part: ManifestPage; next: ManifestPage; k: number; total: number } {
  const members = new Map<string, { id: string; part: number }[]>();
  for (const [id, { series, part }] of groups) {
    if (series && part !== null) members.set(series, [...(members.get(series) ?? []), { id, part }]);
  }
  for (const list of members.values()) {
    list.sort((a, b) => a.part - b.part);
    for (const [i, a] of list.entries()) {
      const b = list[i + 1];
      const [part, next] = [saved.get(a.id), b && saved.get(b.id)];
      if (b && part && next && a.part + 1 === b.part) return { part, next, k: i + 1, total: list.length };
    }
  }
  throw new Error('No two consecutive parts of a series are saved');
}
function lastPart(): ManifestPage {
  const last = new Map<string, { id: string; part: number }>();
  for (const [id, { series, part }] of groups) {
    if (series && part !== null && part >= (last.get(series)?.part ?? -1)) last.set(series, { id, part });
  }
  const found = [...last.values()].map(({ id }) => saved.get(id)).find(Boolean);
  if (!found) throw new Error('No saved article is the last part of its series');
  return found;
}
const pair = seriesPair();
const partArticle = articleOf(pair.part);
const nextArticle = articleOf(pair.next);

let session: ExtensionSession;
beforeAll(async () => {
  session = await launchExtension();
  // The archive page catalogs every article of the blog (series, parts known only from the archive). Its import is in
  // the database once the page has recorded when it read the catalog (features/catalog.ts, after the import).
  const page = await session.open(archive.url);
  await page.waitForSelector('[data-kx-entry][data-kx-state]');
  await until(
    () => session.worker.evaluate(async () => (await chrome.storage.local.get('catalogFetch')).catalogFetch ?? null),
    (fetched) => fetched !== null,
    { what: "the archive's import into the catalog", timeout: 60_000 },
  );
  await page.close();
}, 90_000);
afterAll(async () => {
  await session?.close();
});

async function openAt(url: string, width: number, height = 800): Promise<Page> {
  const page = await session.context.newPage();
  await page.setViewportSize({ width, height });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return page;
}

async function setLanguage(language: 'zh-CN' | 'en' | 'browser') {
  const options = await session.context.newPage();
  await options.goto(`chrome-extension://${session.extensionId}/options.html`);
  const select = options.locator('select').filter({ has: options.locator('option[value="browser"]') });
  await select.selectOption(language);
  await until(
    () =>
      session.worker.evaluate(
        async () =>
          (await chrome.storage.local.get<{ settings?: { language?: string } }>('settings')).settings?.language,
      ),
    (saved) => saved === language,
    { what: `the language setting ${language} to be saved` },
  );
  await options.close();
}

it('an article in a series shows the series strip and a "next part" card: part k+1 is one click away', async () => {
  const page = await openAt(pair.part.url, 1280);
  await page.waitForSelector('.kx-strip-series:not([hidden])');
  const strip = await page.$eval('.kx-strip', (el) => el.textContent);
  expect(strip).toContain(`part ${pair.k} of ${pair.total}`);
  expect(strip).toMatch(new RegExp(`\\d+ of ${pair.total} read`));
  // Previous / next part in series order, linked by archive id.
  expect(await page.getAttribute('.kx-strip-next', 'href')).toBe(`/archives/${nextArticle.id}`);
  // The strip and the card are in the page's flow, around the article body: nothing of ours is fixed or floating.
  const positions = await page.$$eval('.kx-strip, .kx-end-card, .kx-strip *, .kx-end-card *', (els) => [
    ...new Set(els.map((el) => getComputedStyle(el).position)),
  ]);
  expect(positions.filter((p) => p === 'fixed' || p === 'sticky')).toEqual([]);
  const order = await page.evaluate(() => {
    const body = document.querySelector('[data-kx-article]');
    const [strip, card] = [document.querySelector('.kx-strip'), document.querySelector('.kx-end-card')];
    if (!body || !strip || !card) return 'missing';
    return [
      strip.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING,
      card.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_PRECEDING,
    ];
  });
  expect(order).toEqual([4, 2]); // DOCUMENT_POSITION_FOLLOWING, DOCUMENT_POSITION_PRECEDING

  expect(await page.$eval('.kx-end-card .kx-end-next', (a) => a.textContent)).toBe(nextArticle.title);
  await Promise.all([page.waitForURL(`**/archives/${nextArticle.id}`), page.click('.kx-end-card .kx-end-next')]);
  await page.waitForSelector('.kx-strip-series:not([hidden])');
  expect(await page.$eval('.kx-strip-part', (el) => el.textContent)).toBe(`part ${pair.k + 1} of ${pair.total}`);
  expect(await page.getAttribute('.kx-strip-prev', 'href')).toBe(`/archives/${partArticle.id}`);
  await page.close();
});

it('the last known part says "series complete" instead of inventing a next part', async () => {
  const page = await openAt(lastPart().url, 1280);
  await page.waitForSelector('.kx-end-series:not([hidden])');
  expect(await page.$eval('.kx-end-series', (el) => el.textContent)).toContain('Series complete');
  expect(await page.$('.kx-end-next')).toBeNull();
  expect(await page.isHidden('.kx-strip-next')).toBe(true);
  await page.close();
});

for (const width of [360, 400]) {
  it(`at ${width} px nothing of ours covers the article's text`, async () => {
    const page = await openAt(pair.part.url, width, 740);
    await page.waitForSelector('.kx-strip-series:not([hidden])');
    await page.waitForSelector('html[data-kx-math-state="done"]', { timeout: 60_000 });
    const covered: string[] = [];
    for (const share of [0, 0.25, 0.5, 0.75, 1]) {
      await page.$eval(
        '[data-kx-article]',
        (content, s) => {
          const body = content.getBoundingClientRect();
          scrollTo(0, scrollY + body.top + s * (body.height - innerHeight));
        },
        share,
      );
      covered.push(
        ...(await page.$eval('[data-kx-article]', (content) => {
          const out: string[] = [];
          for (const el of content.querySelectorAll('p, li, h2, h3, [data-kx-math]')) {
            for (const r of el.getClientRects()) {
              if (r.bottom < 0 || r.top > innerHeight || r.width < 4) continue;
              for (const [x, y] of [
                [r.left + 2, r.top + r.height / 2],
                [r.right - 2, r.top + r.height / 2],
                [(r.left + r.right) / 2, r.top + 2],
              ] as const) {
                if (x < 0 || x >= innerWidth || y < 0 || y >= innerHeight) continue;
                const hit = document.elementFromPoint(x, y);
                if (hit && !content.contains(hit))
                  out.push(`${hit.tagName}.${hit.className} over ${el.tagName} at ${Math.round(x)},${Math.round(y)}`);
              }
            }
          }
          return out;
        })),
      );
    }
    expect(covered).toEqual([]);
    // The strip fits the width: no horizontal overflow of the page because of it.
    expect(await page.$eval('.kx-strip', (el) => el.getBoundingClientRect().right <= innerWidth)).toBe(true);
    await page.close();
  });
}

it('one progress figure, reported when scrolling stops (not only every 2 s), and the offer to return', async () => {
  const page = await openAt(pair.next.url, 1280);
  await page.waitForSelector('.kx-strip-series:not([hidden])');
  // Heights are final once the math has settled (utils/tex/dom/offscreen.ts).
  await page.waitForFunction(() => performance.getEntriesByName('kx:math-settled').length > 0, undefined, {
    timeout: 60_000,
  });
  await page.mouse.move(600, 400);
  // Two quick scrolls: the second lands within 2 s of the first one's report, so only the scroll-stop report can
  // carry it. Far enough for a saved place worth returning to, short of the end (whose dwell check would report
  // anyway).
  await page.mouse.wheel(0, 2500);
  await waitForReportedPlace(page);
  await page.mouse.wheel(0, 1000);
  // The figure shown must become the share at the place where the scrolling stopped.
  const expected = await waitForReportedPlace(page);
  expect(expected).toBeLessThan(90);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.kx-strip .kx-article-state:not(:empty)');
  await page.waitForSelector('.kx-resume:not([hidden])');
  const text = await page.$eval('.kx-strip', (el) => el.textContent ?? '');
  // One figure (the state), the offer to return carries none; it is the progress reached (the reload may add to it).
  const figures = text.match(/\d+%/g) ?? [];
  expect(figures).toHaveLength(1);
  expect(Number.parseInt(must(figures[0], 'the figure'), 10)).toBeGreaterThanOrEqual(expected);
  await page.close();
});

it(
  'listing keys: J / K move between entries and X marks one, ' + 'never while typing; one tab stop for the toggles',
  async () => {
    const page = await openAt(listing.url, 1280);
    const ids = listingIds;
    await page.waitForSelector(`[data-kx-entry="${ids[1]}"][data-kx-state="unread"]`);
    // Typing J / X in the search box does nothing to the entries.
    const input = page.locator('input[type="text"], input:not([type]), input[type="search"]').first();
    if (await input.count()) {
      await input.click();
      await page.keyboard.type('jjx');
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
      expect(await page.$$eval('[data-kx-entry][data-kx-state="read"]', (els) => els.length)).toBe(0);
      await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    }
    await page.keyboard.press('j');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.kxFor)).toBe(ids[0]);
    await page.keyboard.press('j');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.kxFor)).toBe(ids[1]);
    await page.keyboard.press('x');
    await page.waitForSelector(`[data-kx-entry="${ids[1]}"][data-kx-state="read"]`);
    await page.keyboard.press('k');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.kxFor)).toBe(ids[0]);
    expect(await page.$$eval('button.kx-toggle[tabindex="0"]', (els) => els.length)).toBe(1);
    // The toggle says what it is and what it does.
    expect(await page.getAttribute(`[data-kx-entry="${ids[1]}"] button.kx-toggle`, 'aria-label')).toBe(
      'Read: mark as unread',
    );
    expect(await page.getAttribute(`[data-kx-entry="${ids[2]}"] button.kx-toggle`, 'aria-label')).toBe(
      'Not read yet: mark as read',
    );
    await page.keyboard.press('x');
    await page.waitForSelector(`[data-kx-entry="${ids[0]}"][data-kx-state="read"]`);
    await page.close();
  },
);

it(
  'the archive: its 1,295 toggles are one tab stop, ' + 'arrow keys move inside, and a legend explains the boxes',
  async () => {
    const page = await openAt(archive.url, 1280);
    await page.waitForSelector('[data-kx-entry][data-kx-state] button.kx-toggle');
    const { stops, toggles } = await page.$$eval('button.kx-toggle', (els) => ({
      stops: els.filter((el) => (el as HTMLElement).tabIndex >= 0).length,
      toggles: els.length,
    }));
    expect(toggles).toBe(entriesOf(archive).length);
    expect(stops).toBe(1);
    expect(await page.$eval('.kx-legend', (el) => el.textContent)).toMatch(/not read yet/);
    await page.focus('button.kx-toggle[tabindex="0"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.kxFor);
    expect(focused).toBe(entriesOf(archive)[2]?.id);
    // Tab leaves the list at once instead of walking 1,295 buttons.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('kx-toggle'))).toBe(false);
    await page.close();
  },
);

const articleTab = async (page: Page) =>
  must(
    await session.worker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url), page.url()),
    `the tab of ${page.url()}`,
  );

it('commands: mark read / unread and go to the next part, as the browser runs them on their keys', async () => {
  const page = await openAt(pair.part.url, 1280);
  await page.waitForSelector('.kx-strip-series:not([hidden])');
  await page.bringToFront();
  const tab = await articleTab(page);
  await session.worker.evaluate((t) => chrome.commands.onCommand.dispatch('toggle-read', t), tab);
  await page.waitForSelector('html[data-kx-state="read"]');
  await session.worker.evaluate((t) => chrome.commands.onCommand.dispatch('toggle-read', t), tab);
  await page.waitForSelector('html[data-kx-state="unread"]');
  await Promise.all([
    page.waitForURL(`**/archives/${nextArticle.id}`),
    session.worker.evaluate((t) => chrome.commands.onCommand.dispatch('next-part', t), tab),
  ]);
  await page.close();
});

it('the manifest declares the three rebindable commands', async () => {
  const commands = await session.worker.evaluate(() => chrome.runtime.getManifest().commands ?? {});
  expect(
    Object.entries(commands)
      .map(([name, c]) => [name, typeof c.suggested_key === 'object' ? c.suggested_key.default : c.suggested_key])
      .sort(),
  ).toEqual([
    ['next-part', 'Alt+Shift+N'],
    ['toggle-read', 'Alt+Shift+R'],
    ['toggle-renderer', 'Alt+Shift+M'],
  ]);
});

it('context menu: "Show TeX" and "Copy TeX" on a formula, "Mark as read / unread" on an article link', async () => {
  await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(pair.part.url).origin,
  });
  const page = await openAt(pair.part.url, 1280);
  await page.waitForSelector('html[data-kx-math-state="done"]', { timeout: 60_000 });
  const formula = page.locator('[data-kx-article] [data-kx-math="display"]').first();
  await formula.scrollIntoViewIfNeeded();
  const tex = await formula.getAttribute('data-kx-tex');
  const box = must(await formula.boundingBox(), 'the formula on screen');
  // The right press tells the background what the menu opens on; then the browser calls onClicked.
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
  const tab = await articleTab(page);
  await session.worker.evaluate(
    (t) =>
      chrome.contextMenus.onClicked.dispatch(
        { menuItemId: 'kx-show-tex', frameId: 0, pageUrl: t.url, editable: false },
        t,
      ),
    tab,
  );
  await page.waitForSelector('[data-kx-ui="tex-popover"]');
  expect(await page.$eval('[data-kx-ui="tex-popover"] textarea', (el) => (el as HTMLTextAreaElement).value)).toBe(tex);
  await page.keyboard.press('Escape');
  await session.worker.evaluate(
    (t) =>
      chrome.contextMenus.onClicked.dispatch(
        { menuItemId: 'kx-copy-tex', frameId: 0, pageUrl: t.url, editable: false },
        t,
      ),
    tab,
  );
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 10_000 }).toBe(tex);

  const linkUrl = new URL(`/archives/${nextArticle.id}`, pair.part.url).href;
  const mirrored = () =>
    session.worker.evaluate(
      async (id) =>
        (await chrome.storage.local.get<{ states?: Record<string, string> }>('states')).states?.[id] ?? null,
      nextArticle.id,
    );
  const before = await mirrored();
  await session.worker.evaluate(
    ({ t, linkUrl }) =>
      chrome.contextMenus.onClicked.dispatch(
        { menuItemId: 'kx-mark', linkUrl, frameId: 0, pageUrl: t.url, editable: false },
        t,
      ),
    { t: tab, linkUrl },
  );
  // The strip follows: its next part now shows as read.
  await page.waitForSelector('.kx-strip-next[data-kx-part-state="read"]');
  expect(before).not.toBe('r');
  // The mirror of the states kept for the pages follows too.
  await until(mirrored, (state) => state === 'r', { what: 'the mirrored state of the marked article' });
  await page.close();
});

it('the language chosen on the options page applies live to the strip, the toggles and the popover', async () => {
  // Chrome cannot read a menu's titles back: record what the background creates the menu with.
  await session.worker.evaluate(() => {
    const created: string[] = [];
    (self as unknown as { kxMenuTitles: string[] }).kxMenuTitles = created;
    const create = chrome.contextMenus.create.bind(chrome.contextMenus);
    chrome.contextMenus.create = ((properties: Browser.contextMenus.CreateProperties, callback?: () => void) => {
      created.push(properties.title ?? '');
      return create(properties, callback);
    }) as typeof create;
  });
  const menuTitles = () =>
    session.worker.evaluate(() => (self as unknown as { kxMenuTitles: string[] }).kxMenuTitles.slice(-3));
  const article = await openAt(pair.part.url, 1280);
  const list = await openAt(listing.url, 1280);
  await article.waitForSelector('.kx-strip-series:not([hidden])');
  await list.waitForSelector('button.kx-toggle[aria-label]');
  expect(await article.$eval('.kx-strip .kx-article-toggle', (el) => el.textContent)).toMatch(/Mark as (un)?read/);
  await setLanguage('zh-CN');
  await article.waitForFunction(() =>
    /标为(未|已)读/.test(document.querySelector('.kx-strip .kx-article-toggle')?.textContent ?? ''),
  );
  expect(await article.$eval('.kx-strip-part', (el) => el.textContent)).toBe(`第 ${pair.k} 篇，共 ${pair.total} 篇`);
  expect(await article.getAttribute('.kx-strip', 'lang')).toBe('zh-CN');
  await list.waitForFunction(() =>
    /标为/.test(document.querySelector('button.kx-toggle')?.getAttribute('aria-label') ?? ''),
  );
  await expect.poll(menuTitles, { timeout: 10_000 }).toEqual(['复制 TeX', '显示 TeX', '标为已读/未读']);
  // A page opened now starts in Chinese, although the browser speaks English.
  const fresh = await openAt(pair.next.url, 400);
  await fresh.waitForSelector('.kx-strip-series:not([hidden])');
  expect(await fresh.$eval('.kx-strip .kx-article-toggle', (el) => el.textContent)).toMatch(/标为/);
  await fresh.waitForSelector('html[data-kx-math-state="done"]', { timeout: 60_000 });
  await fresh
    .locator('[data-kx-article] [data-kx-math]')
    .first()
    .click({ modifiers: ['Alt'] });
  expect(await fresh.getAttribute('[data-kx-ui="tex-popover"]', 'aria-label')).toBe('公式的 TeX 源码');
  await setLanguage('en');
  await article.waitForFunction(() =>
    /Mark as/.test(document.querySelector('.kx-strip .kx-article-toggle')?.textContent ?? ''),
  );
  await expect.poll(menuTitles, { timeout: 10_000 }).toEqual(['Copy TeX', 'Show TeX', 'Mark read / unread']);
  await setLanguage('browser');
  for (const page of [article, list, fresh]) await page.close();
  expect(session.errors).toEqual([]);
});

it('the renderer switches without a manual reload: globally (Alt+Shift+M) and for one page (the strip)', async () => {
  const page = await openAt(pair.part.url, 1280);
  await page.waitForSelector('html[data-kx-math-state="done"]', { timeout: 60_000 });
  const requestsBefore = session.mathjaxRequests.length;
  // Global: the command flips the setting, the background reloads the blog's tabs once MathJax may load. Each wait for
  // 'load' starts once the current document has loaded, so the event it sees is the reload's.
  await page.waitForLoadState('load');
  await Promise.all([
    page.waitForEvent('load', { timeout: 20_000 }),
    session.worker.evaluate(() => chrome.commands.onCommand.dispatch('toggle-renderer')),
  ]);
  await expect.poll(() => session.mathjaxRequests.length, { timeout: 20_000 }).toBeGreaterThan(requestsBefore);
  expect(await page.$('[data-kx-math]')).toBeNull();
  await page.waitForSelector('.kx-renderer-toggle');
  expect(await page.$eval('.kx-renderer-toggle', (el) => el.textContent)).toBe("Math: the site's MathJax");
  await page.waitForLoadState('load');
  await Promise.all([
    page.waitForEvent('load', { timeout: 20_000 }),
    session.worker.evaluate(() => chrome.commands.onCommand.dispatch('toggle-renderer')),
  ]);
  await page.waitForSelector('html[data-kx-math-state="done"]', { timeout: 60_000 });

  // This page only: the strip's button reloads it with the site's MathJax; the next page is ours again.
  const before = session.mathjaxRequests.length;
  await page.waitForLoadState('load');
  await Promise.all([page.waitForEvent('load', { timeout: 20_000 }), page.click('.kx-renderer-toggle')]);
  await page.waitForSelector('.kx-renderer-toggle');
  expect(await page.$eval('.kx-renderer-toggle', (el) => el.textContent)).toBe("Math: the site's MathJax");
  await expect.poll(() => session.mathjaxRequests.length, { timeout: 20_000 }).toBeGreaterThan(before);
  expect(await page.$('[data-kx-math]')).toBeNull();
  await page.goto(pair.next.url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('html[data-kx-math-state="done"]', { timeout: 60_000 });
  expect(await page.$eval('.kx-renderer-toggle', (el) => el.textContent)).toBe('Math: KaTeX');
  await page.close();
});

it('the first-run page opens once on install, is linked from the options page, and fits 400 px', async () => {
  const welcomeUrl = `chrome-extension://${session.extensionId}/welcome.html`;
  await expect.poll(() => session.context.pages().some((p) => p.url() === welcomeUrl)).toBe(true);
  const options = await openAt(`chrome-extension://${session.extensionId}/options.html`, 1280);
  await Promise.all([options.waitForURL(welcomeUrl), options.click('a.kx-welcome-link')]);
  await options.waitForSelector('.kx-welcome h1');
  const text = await options.$eval('.kx-welcome', (el) => el.textContent ?? '');
  for (const expected of ['Alt+click', 'Alt+Shift+R', 'Alt+Shift+N', 'Alt+Shift+M', 'Nothing is sent anywhere']) {
    expect(text).toContain(expected);
  }
  await options.setViewportSize({ width: 400, height: 800 });
  expect(await options.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
  await options.close();
});

it('the series name opens the series in the extension', async () => {
  const page = await openAt(pair.part.url, 1280);
  await page.waitForSelector('.kx-strip-series:not([hidden])');
  const name = await page.$eval('.kx-series-name', (el) => el.textContent ?? '');
  const [opened] = await Promise.all([session.context.waitForEvent('page'), page.click('.kx-series-name')]);
  await opened.waitForLoadState('domcontentloaded');
  expect(opened.url()).toContain('/popup.html?series=');
  await opened.waitForSelector('[data-kx-ready]');
  await expect.poll(() => opened.textContent('body'), { timeout: 10_000 }).toContain(name);
  await opened.close();
  await page.close();
});
