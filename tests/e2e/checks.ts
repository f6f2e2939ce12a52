/**
 * Page checks written once for every browser (driver.ts): the Chromium suites (tests/e2e/*.test.ts) and the Firefox
 * suites (tests/e2e/firefox/*.test.ts) call the same functions with their own session.
 */
import { expect } from 'vitest';
import { must } from '@/tests/must';
import { DEFAULT_SETTINGS } from '@/utils/db/model';
import { badgeText, readToTheEnd, type TestPage, type TestSession } from './driver';
import { articleOf, entriesOf, type ManifestPage } from './fixtures';
import { until } from './wait';

/** The page is understood, its DOM hooks match the manifest, every entry shows a reading state, no error. */
export async function expectPageAsManifestSays(session: TestSession, expected: ManifestPage): Promise<void> {
  const errorsBefore = session.errors.length;
  const page = await session.open(expected.url);
  try {
    const kind = expected.kind;
    await page.waitFor(`html[data-kx-page="${kind}"]`);
    if (kind === 'article') {
      const articleIds = await page.evaluate(() =>
        [...document.querySelectorAll('[data-kx-article]')].map((el) => el.getAttribute('data-kx-article')),
      );
      expect(articleIds).toEqual([articleOf(expected).id]);
    } else {
      const ids = await page.evaluate(() =>
        [...document.querySelectorAll('[data-kx-entry]')].map((el) => el.getAttribute('data-kx-entry')),
      );
      expect(ids).toEqual(entriesOf(expected).map((entry) => entry.id));
      // Reading marks arrive through one round trip to the background.
      await page.waitUntil(
        (count) => document.querySelectorAll('[data-kx-entry][data-kx-state]').length === count,
        ids.length,
      );
      const states = await page.evaluate(() => [
        ...new Set([...document.querySelectorAll('[data-kx-entry]')].map((el) => el.getAttribute('data-kx-state'))),
      ]);
      expect(states.filter((state) => !['unread', 'reading', 'read'].includes(state ?? ''))).toEqual([]);
    }
    expect(session.errors.slice(errorsBefore)).toEqual([]);
  } finally {
    await page.close();
  }
}

export interface Numbering {
  /** [anchor id, text] of every equation number, in page order. */
  anchors: [string, string][];
  /** [href, text] of every equation reference link, in page order. */
  refs: [string, string][];
}

export const readNumbering = (page: TestPage): Promise<Numbering> =>
  page.evaluate(() => ({
    anchors: [...document.querySelectorAll('[id^="mjx-eqn-"]')].map(
      (el) => [el.id, (el.textContent ?? '').trim()] as [string, string],
    ),
    refs: [...document.querySelectorAll('a[href^="#mjx-eqn-"]')].map(
      (el) => [el.getAttribute('href') ?? '', (el.textContent ?? '').trim()] as [string, string],
    ),
  }));

/** With our renderer off, the site's own MathJax renders the article: the reference numbering. */
export async function mathjaxNumbering(session: TestSession, expected: ManifestPage): Promise<Numbering> {
  const page = await session.open(expected.url);
  try {
    await page.waitUntil(() => (window as { MathJax?: { isReady?: boolean } }).MathJax?.isReady, null, 60_000);
    await page.evaluate(
      () =>
        new Promise((done) => (window as { MathJax?: { Hub: { Queue(fn: unknown): void } } }).MathJax?.Hub.Queue(done)),
    );
    expect(await page.evaluate(() => document.querySelectorAll('[data-kx-math]').length)).toBe(0);
    const numbering = await readNumbering(page);
    // The reference holds what the manifest says the page labels (so a comparison with it can fail).
    const anchorIds = numbering.anchors.map(([id]) => id);
    for (const label of articleOf(expected).labels) expect(anchorIds).toContain(`mjx-eqn-${label}`);
    return numbering;
  } finally {
    await page.close();
  }
}

/**
 * With our renderer on: the article understood as the manifest says, MathJax never requested nor loaded, every
 * formula ours and none failed, no TeX left in the text, the manifest's counts, no error. Returns the page's numbering
 * (labels as the manifest says).
 */
export async function expectOurMath(session: TestSession, expected: ManifestPage): Promise<Numbering> {
  const errorsBefore = session.errors.length;
  const mathjaxBefore = session.mathjaxRequests.length;
  const page = await session.open(expected.url);
  try {
    await page.waitFor('html[data-kx-math-state="done"]', 60_000);
    const facts = await page.evaluate(() => {
      const body = document.querySelector('[data-kx-article]');
      const outsideMath = (root: Element) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
          acceptNode: (node) =>
            node.parentElement?.closest('pre, code, script, style, textarea, [data-kx-math], [data-kx-ui]')
              ? NodeFilter.FILTER_REJECT
              : NodeFilter.FILTER_ACCEPT,
        });
        let text = '';
        while (walker.nextNode()) text += `${walker.currentNode.nodeValue}\n`;
        return text;
      };
      return {
        kind: document.documentElement.getAttribute('data-kx-page'),
        articleIds: [...document.querySelectorAll('[data-kx-article]')].map((el) => el.getAttribute('data-kx-article')),
        bodyFormulas: body?.querySelectorAll('[data-kx-math]').length,
        allFormulas: document.querySelectorAll('[data-kx-math]').length,
        failed: [...document.querySelectorAll('[data-kx-math-error]')].map(
          (el) => `${el.getAttribute('title')}: ${el.textContent}`,
        ),
        mathjaxOutput: document.querySelectorAll(
          '.MathJax, .MathJax_Display, .MathJax_CHTML, #MathJax_Message, script[type^="math/tex"]',
        ).length,
        mathjaxLoaded: 'MathJax' in window,
        // The site's MathJax seen blocked, the math starts at DOMContentLoaded, before the settings are read.
        mathBeforeSettings: (() => {
          const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN;
          return at('kx:math-start') < at('kx:settings');
        })(),
        rawTex: outsideMath(document.body).match(/\$\$|\\\[|\\\(|\\begin\{|\\eqref\{|\$[^$\n]{1,80}\$/g) ?? [],
      };
    });
    const article = articleOf(expected);
    const formulas = article.formulas;
    expect(facts.kind).toBe('article');
    expect(facts.articleIds).toEqual([article.id]);
    expect(facts.bodyFormulas).toBe(formulas.occurrences_body);
    expect(facts.allFormulas).toBeGreaterThanOrEqual(formulas.occurrences_body + formulas.occurrences_comments);
    expect(facts.failed).toEqual([]);
    expect(facts.rawTex).toEqual([]);
    expect(facts.mathjaxOutput).toBe(0);
    expect(facts.mathjaxLoaded).toBe(false);
    expect(facts.mathBeforeSettings, 'math started before the settings were read').toBe(true);
    expect(session.mathjaxRequests.slice(mathjaxBefore)).toEqual([]);
    const numbering = await readNumbering(page);
    const anchorIds = numbering.anchors.map(([id]) => id);
    for (const label of article.labels) expect(anchorIds).toContain(`mjx-eqn-${label}`);
    expect(session.errors.slice(errorsBefore)).toEqual([]);
    return numbering;
  } finally {
    await page.close();
  }
}

/** Reading an article to the end marks it read on a listing open in another tab, live. */
export async function expectReadingMarksLive(
  session: TestSession,
  listing: ManifestPage,
  article: ManifestPage,
): Promise<void> {
  const articleId = articleOf(article).id;
  const listingPage = await session.open(listing.url);
  await listingPage.waitFor(`[data-kx-entry="${articleId}"][data-kx-state]`);
  expect(await listingPage.attribute(`[data-kx-entry="${articleId}"]`, 'data-kx-state')).toBe('unread');

  const articlePage = await session.open(article.url);
  await articlePage.bringToFront();
  await articlePage.waitFor('html[data-kx-state]');
  expect(await articlePage.attribute('html', 'data-kx-state')).not.toBe('read');

  await readToTheEnd(articlePage);
  // The end stays on screen for the dwell time (default 3 s), then the article becomes read.
  await articlePage.waitFor('html[data-kx-state="read"]', 20_000);
  await listingPage.waitFor(`[data-kx-entry="${articleId}"][data-kx-state="read"]`, 10_000);
  expect(session.errors).toEqual([]);
  await articlePage.close();
  await listingPage.close();
}

/**
 * Opening an article without scrolling does not mark it read, even after the dwell. Nothing happening cannot be
 * waited for: the page is watched for the dwell time the extension uses, plus a second.
 */
export async function expectNoMarkWithoutScrolling(session: TestSession, article: ManifestPage): Promise<void> {
  const page = await session.open(article.url);
  await page.waitFor('html[data-kx-state]');
  await new Promise((resolve) => setTimeout(resolve, DEFAULT_SETTINGS.autoReadDwellMs + 1000));
  expect(await page.attribute('html', 'data-kx-state')).not.toBe('read');
  await page.close();
}

/** The toggle on a listing entry marks read and unread by hand, with the keyboard. */
export async function expectKeyboardToggle(session: TestSession, listing: ManifestPage, id: string): Promise<void> {
  const page = await session.open(listing.url);
  await page.waitFor(`[data-kx-entry="${id}"][data-kx-state="unread"]`);
  await page.focus(`[data-kx-entry="${id}"] button.kx-toggle`);
  await page.press('Enter');
  await page.waitFor(`[data-kx-entry="${id}"][data-kx-state="read"]`);
  await page.press('Enter');
  await page.waitFor(`[data-kx-entry="${id}"][data-kx-state="unread"]`);
  expect(session.errors).toEqual([]);
  await page.close();
}

async function visit(session: TestSession, url: string, ready: string): Promise<void> {
  const page = await session.open(url);
  await page.waitFor(ready, 30_000);
  await page.close();
}

async function openPopup(session: TestSession): Promise<TestPage> {
  const popup = await session.openExtensionPage('popup.html');
  await popup.waitFor('[data-kx-ready]');
  return popup;
}

/** Follow a series in the popup, see its new parts counted on the toolbar badge until the series is opened. */
export async function expectFollowedSeriesBadge(
  session: TestSession,
  {
    archive,
    listing,
    key,
    shown,
    total,
  }: { archive: ManifestPage; listing: ManifestPage; key: string; shown: number; total: number },
): Promise<void> {
  await visit(session, listing.url, '[data-kx-entry][data-kx-state]');
  let popup = await openPopup(session);
  const row = `li[data-series="${key}"]`;
  await popup.waitUntil(
    ([row, max]) => document.querySelector(`${row} [role="progressbar"]`)?.getAttribute('aria-valuemax') === max,
    [row, String(shown)],
  );
  await popup.click(`${row} .kx-follow`);
  await popup.waitFor(`${row}.kx-followed`);
  await popup.close();
  expect(await badgeText(session)).toBe('');

  // The whole archive reveals the parts the listing did not show: they are new parts of a followed series.
  await visit(session, archive.url, '[data-kx-entry][data-kx-state]');
  await until(
    () => badgeText(session),
    (text) => text === String(total - shown),
    {
      what: `the badge to count ${total - shown} new parts`,
    },
  );

  popup = await openPopup(session);
  await popup.waitFor(`${row} .kx-badge`);
  await popup.click(`button[data-series-key="${key}"]`);
  await popup.waitFor('.kx-series-view .kx-articles');
  await until(
    () => badgeText(session),
    (text) => text === '',
    { what: 'the badge to clear' },
  );
  await popup.close();
  expect(session.errors).toEqual([]);
}

/**
 * After reading one article of a series: the popup shows its progress and the next unread part, and search finds it.
 */
export async function expectSeriesProgressAndSearch(
  session: TestSession,
  { article, key, total }: { article: ManifestPage; key: string; total: number },
): Promise<void> {
  const page = await session.open(article.url);
  await page.bringToFront();
  await page.waitFor('html[data-kx-state]');
  await readToTheEnd(page);
  await page.waitFor('html[data-kx-state="read"]', 20_000);
  await page.close();

  const popup = await openPopup(session);
  const bar = `li[data-series="${key}"] [role="progressbar"]`;
  await popup.waitUntil((bar) => document.querySelector(bar)?.getAttribute('aria-valuenow') === '1', bar);
  expect(await popup.attribute(bar, 'aria-valuemax')).toBe(String(total));
  const next = await popup.attribute(`li[data-series="${key}"] .kx-next a`, 'href');
  expect(next).toMatch(/\/archives\/\d+$/);
  const { id, title } = articleOf(article);
  expect(next).not.toContain(`/archives/${id}`);

  // Search by a piece of the title finds the article, with its series.
  await popup.type('input[type="search"]', title.slice(0, Math.min(6, title.length)));
  await popup.waitFor(`.kx-found-articles a[href$="/archives/${id}"]`);
  await popup.close();
  expect(session.errors).toEqual([]);
}

interface BackupFile {
  name: string;
  text: string;
}

const EXPORT_SECTION = 'section[aria-labelledby="kx-export-title"]';
const IMPORT_SECTION = 'section[aria-labelledby="kx-import-title"]';

/** Exports everything as a JSON backup from the options page, captured as the page hands it to the download link. */
async function exportBackup(options: TestPage): Promise<BackupFile> {
  await options.waitFor(`${EXPORT_SECTION} button.kx-primary:not([disabled])`);
  // Preact applies each choice in a microtask after its change event: before the next command reaches the page.
  for (const value of ['all', 'json'])
    await options.select(`${EXPORT_SECTION} select:has(option[value="${value}"])`, value);
  return options.evaluate(
    (section) =>
      new Promise<BackupFile>((resolve) => {
        // The download link the page clicks: read its file instead of saving it.
        const click = HTMLAnchorElement.prototype.click;
        HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
          HTMLAnchorElement.prototype.click = click;
          void fetch(this.href)
            .then((r) => r.text())
            .then((text) => resolve({ name: this.download, text }));
        };
        document.querySelector<HTMLButtonElement>(`${section} button.kx-primary`)?.click();
      }),
    EXPORT_SECTION,
  );
}

/** Imports a backup file on the options page, replacing everything (after the confirmation it asks for). */
async function importReplacing(options: TestPage, backup: BackupFile): Promise<void> {
  await options.evaluate(
    ({ section, backup }) => {
      const input = document.querySelector<HTMLInputElement>(`${section} input[type="file"]`);
      if (!input) throw new Error('no file input in the import section');
      const files = new DataTransfer();
      files.items.add(new File([backup.text], backup.name, { type: 'application/json' }));
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { section: IMPORT_SECTION, backup },
  );
  await options.waitFor(`${IMPORT_SECTION} input[type="radio"][value="replace"]`);
  await options.click(`${IMPORT_SECTION} input[type="radio"][value="replace"]`);
  await options.click(`${IMPORT_SECTION} div[role="alert"] input[type="checkbox"]`);
  await options.click(`${IMPORT_SECTION} .kx-import-preview button.kx-primary`);
  await options.waitFor(`${IMPORT_SECTION} p[role="status"]`);
}

/**
 * The options page exports a JSON backup of the reading states (captured as the page hands it to the download
 * link) and importing it (replace, after confirmation) restores them on a listing open in another tab.
 */
export async function expectBackupRoundTrip(session: TestSession, listing: ManifestPage): Promise<void> {
  const [first, second] = must(listing.entries, "the listing's entries");
  if (!first || !second) throw new Error(`${listing.url} lists fewer than two entries`);
  const toggle = async (page: TestPage, id: string, to: string) => {
    await page.click(`[data-kx-entry="${id}"] button.kx-toggle`);
    await page.waitFor(`[data-kx-entry="${id}"][data-kx-state="${to}"]`);
  };
  const blog = await session.open(listing.url);
  await blog.waitFor(`[data-kx-entry="${first.id}"][data-kx-state]`);
  await toggle(blog, first.id, 'read');
  await toggle(blog, second.id, 'read');

  const options = await session.openExtensionPage('options.html');
  const backup = await exportBackup(options);
  expect(backup.name).toMatch(/^kexue-reading-\d{4}-\d{2}-\d{2}\.json$/);
  const readIds = JSON.parse(backup.text)
    .data.reading.filter((r: { state: string }) => r.state === 'read')
    .map((r: { id: string }) => r.id);
  expect(readIds.sort()).toEqual([first.id, second.id].sort());

  await toggle(blog, first.id, 'unread');
  await toggle(blog, second.id, 'unread');
  await importReplacing(options, backup);

  await blog.waitFor(`[data-kx-entry="${first.id}"][data-kx-state="read"]`, 10_000);
  await blog.waitFor(`[data-kx-entry="${second.id}"][data-kx-state="read"]`, 10_000);
  await options.close();
  await blog.close();
  expect(session.errors).toEqual([]);
}
