/** The popup's open → interactive time with a large catalog (scripts/bench.ts). */
import type { ExtensionSession } from '@/tests/e2e/browser';

export async function seedCatalog(session: ExtensionSession): Promise<void> {
  const page = await session.context.newPage();
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

export async function popupOpen(session: ExtensionSession): Promise<number[]> {
  const samples: number[] = [];
  for (let r = 0; r < 5; r++) {
    const page = await session.context.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-kx-ready]')) {
          performance.mark('popup:ready');
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true, attributes: true });
    });
    await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await page.waitForFunction(() => performance.getEntriesByName('popup:ready').length > 0);
    samples.push(await page.evaluate(() => performance.getEntriesByName('popup:ready')[0]?.startTime ?? Number.NaN));
    await page.close();
  }
  return samples;
}
