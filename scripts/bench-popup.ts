/**
 * The popup's open → interactive time with a large catalog (scripts/bench.ts; `npm run bench -- --popup` alone), beside
 * its floor: a blank page of another extension loaded in the same browser, one tiny script that sets
 * `data-kx-ready`. The floor is what opening any extension page costs on this machine (the tab, the extension's
 * renderer, the HTML, one script); the popup can only get close to it (measured: a blank page of our own extension
 * costs the same). Popup and floor are opened in turns, so a busy moment of the machine falls on both.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { type ExtensionSession, launchExtension } from '@/tests/e2e/browser';
import { median, round } from './bench-stats';

/** Opens of each page, popup and floor in turns. */
const OPENS = 20;

export async function seedCatalog(session: ExtensionSession): Promise<void> {
  const page = await session.context.newPage();
  // The popup's first open has the service create the database; opened bare before that, it would have no stores.
  await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
  await page.waitForSelector('[data-kx-ready]');
  await page.goto(`chrome-extension://${session.extensionId}/options.html`);
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('kexue-reader');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['articles', 'reading'], 'readwrite');
    const now = Date.now();
    for (let i = 0; i < 1300; i++) {
      const id = String(2000 + i);
      const inSeries = i < 960;
      tx.objectStore('articles').put({
        id,
        title: inSeries ? `系列${i % 80}（${Math.floor(i / 80) + 1}）：第${i}篇` : `单篇文章${i}`,
        earlierTitles: [],
        date: '2020-01-01',
        series: inSeries ? `series${i % 80}` : null,
        part: inSeries ? Math.floor(i / 80) + 1 : null,
        subpart: null,
        firstSeen: now,
        lastSeen: now,
        seenOn: ['archive'],
      });
      if (i < 1000)
        tx.objectStore('reading').put({ id, state: 'read', progress: 1, position: 0, readAt: now, updatedAt: now });
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    // Written past the service: the popup's kept summary (utils/db/summary.ts) no longer matches. Without it the
    // next open rebuilds it, as a reader's first open after an update does; that open is not measured.
    await (
      globalThis as unknown as { chrome: { storage: { local: { remove(key: string): Promise<void> } } } }
    ).chrome.storage.local.remove('popupSummary');
  });
  await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
  await page.waitForSelector('[data-kx-ready]');
  await page.close();
}

/** The blank extension of the floor, written to a temporary folder. */
function floorExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kx-floor-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'floor', version: '1.0' }));
  writeFileSync(
    join(dir, 'floor.html'),
    '<!doctype html><html><head><meta charset="UTF-8"><script type="module" src="/floor.js"></script></head>' +
      '<body><div id="app"></div></body></html>',
  );
  writeFileSync(
    join(dir, 'floor.js'),
    "const app = document.getElementById('app');\napp.textContent = '科学空间 Kexue Reader';\napp.dataset.kxReady = '';\n",
  );
  return dir;
}

/** Chromium's id of an unpacked extension: the SHA-256 of its folder's path, hex digits written as a–p. */
function unpackedId(dir: string): string {
  const hex = createHash('sha256').update(dir).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

type Open = Record<'ready' | 'paint' | 'script' | 'read', number | null>;

/** One open of an extension page at the popup's size, in ms from navigation start (marks of entrypoints/popup). */
async function openOnce(session: ExtensionSession, url: string): Promise<Open> {
  const page: Page = await session.context.newPage();
  await page.setViewportSize({ width: 380, height: 600 });
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-kx-ready]')) {
        performance.mark('bench:ready');
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true, attributes: true });
  });
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('bench:ready').length > 0);
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  const open = await page.evaluate(() => {
    const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    return {
      ready: at('bench:ready'),
      paint: at('first-contentful-paint'),
      script: at('kx:popup-script'),
      read: at('kx:popup-read'),
    };
  });
  await page.close();
  return open;
}

export interface PopupTimes {
  opens: number;
  /** Medians, ms from navigation start. */
  popup: Open;
  floor: Pick<Open, 'ready' | 'paint'>;
}

/** A fresh Chromium with the extension and the floor, the catalog seeded, then popup and floor opened in turns. */
export async function measurePopup(): Promise<PopupTimes> {
  const floorDir = floorExtension();
  const session = await launchExtension({ extraExtensions: [floorDir] });
  // tsx keeps function names with a __name helper that page.evaluate callbacks would miss in the page.
  await session.context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  // No blog page is opened here: without the fixtures' routes Playwright stops intercepting requests, which otherwise
  // asks this process about every file an extension page loads (the popup loads 5, the floor 2).
  await session.context.unrouteAll();
  try {
    await seedCatalog(session);
    const popupUrl = `chrome-extension://${session.extensionId}/popup.html`;
    const floorUrl = `chrome-extension://${unpackedId(floorDir)}/floor.html`;
    // A tab of the floor's extension stays open: its renderer process stays up between opens, as ours does for
    // its service worker (without it every floor open would start a process, and the floor would be no floor).
    const keepAlive = await session.context.newPage();
    await keepAlive.goto(floorUrl);
    // Not measured: the first opens of each, while the browser's caches of their files are cold.
    for (let i = 0; i < 2; i++) await Promise.all([openOnce(session, popupUrl), openOnce(session, floorUrl)]);
    const popup: Open[] = [];
    const floor: Open[] = [];
    for (let i = 0; i < OPENS; i++) {
      // Alternating which goes first: neither always follows the other's close.
      if (i % 2) popup.push(await openOnce(session, popupUrl));
      floor.push(await openOnce(session, floorUrl));
      if (!(i % 2)) popup.push(await openOnce(session, popupUrl));
    }
    const mid = (of: Open[], key: keyof Open) => round(median(of.map((o) => o[key])));
    return {
      opens: OPENS,
      popup: {
        ready: mid(popup, 'ready'),
        paint: mid(popup, 'paint'),
        script: mid(popup, 'script'),
        read: mid(popup, 'read'),
      },
      floor: { ready: mid(floor, 'ready'), paint: mid(floor, 'paint') },
    };
  } finally {
    await session.close();
    rmSync(floorDir, { recursive: true, force: true });
  }
}

/** The popup's lines of the bench: its time against the target and beside the floor, and where it goes. */
export function printPopup({ opens, popup, floor }: PopupTimes): void {
  const over = popup.ready !== null && floor.ready !== null ? round(popup.ready - floor.ready) : null;
  console.log(
    '\nPopup, 1,300 articles / 80 series / 1,000 read (medians of %d opens, popup and floor in turns):',
    opens,
  );
  console.log('  open → interactive (data-kx-ready) ms: %j', {
    value: popup.ready,
    target: 50,
    met: popup.ready !== null && popup.ready <= 50,
  });
  console.log('  floor, a blank extension page with one script ms: %j; popup − floor ms: %j', floor.ready, over);
  console.log(
    '  popup: our script runs at %j, storage read answered at %j, rendered at %j; first paint at %j (floor %j)',
    popup.script,
    popup.read,
    popup.ready,
    popup.paint,
    floor.paint,
  );
}
