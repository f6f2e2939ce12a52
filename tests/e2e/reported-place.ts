import type { Page } from 'playwright-core';

/**
 * Waits until the page has stopped scrolling and the strip's figure is the share of the article body seen from
 * there: the extension's report of this place (progress and position travel together) is saved. Returns the share
 * (percent). Opening an article already reports a little progress, so waiting for "Reading" proves nothing. The
 * figure is the furthest point ever reached: the place must be further down than any reached before.
 */
export async function waitForReportedPlace(page: Page, timeout = 15_000): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const body = document.querySelector('[data-kx-article]')?.getBoundingClientRect();
      const figure = document.querySelector('.kx-strip .kx-article-state')?.textContent;
      // Polled once a frame: the same scroll position as one frame ago means the scrolling has stopped.
      const view = window as { kxLastScrollY?: number };
      const still = view.kxLastScrollY === window.scrollY;
      view.kxLastScrollY = window.scrollY;
      if (!body || !still) return 0;
      const share = Math.round(Math.min(1, Math.max(0, (window.innerHeight - body.top) / body.height)) * 100);
      return figure === `Reading, ${share}%` ? share : 0;
    },
    undefined,
    { timeout },
  );
  return handle.jsonValue();
}
