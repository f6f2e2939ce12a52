import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { articleTracker } from '@/features/article-tracker';
import { archiveImport, catalogRefresh } from '@/features/catalog';
import { type Feature, runFeatures } from '@/features/feature';
import { mathRenderer, prestartTexWorker, releaseTexWorker } from '@/features/math';
import { menuTargets } from '@/features/menu-targets';
import { rendererOfThisPage } from '@/features/page-renderer';
import { loadPageText } from '@/features/page-text';
import { stateMarks } from '@/features/state-marks';
import { warmUpListingCode } from '@/features/warm-up';
import type { ReaderApi } from '@/utils/db/api';
import { getReaderService } from '@/utils/db/proxy';
import { readPage } from '@/utils/site/extract';
import { applyDomHooks } from '@/utils/site/hooks';
import { CONTENT_MATCHES } from '@/utils/site/hosts';
import { isListing } from '@/utils/site/url';
import { loadPageStart } from '@/utils/storage-items';
import './style.css';

// Order matters a little: the features that send a request start it before math rendering takes the main thread.
const FEATURES: readonly Feature<any>[] = [
  stateMarks,
  articleTracker,
  archiveImport,
  mathRenderer,
  catalogRefresh,
  menuTargets,
];

/**
 * After the extension is updated or reloaded, this (old) content script is cut off from it: every call would throw
 * "Extension context invalidated". WXT then aborts the features' signal; calls made before that are left pending.
 */
function quietWhenInvalidated(api: ReaderApi, ctx: ContentScriptContext): ReaderApi {
  return new Proxy(api, {
    get:
      (target, key: keyof ReaderApi) =>
      (...args: unknown[]) =>
        ctx.isInvalid ? new Promise(() => undefined) : (target[key] as (...a: unknown[]) => Promise<unknown>)(...args),
  });
}

export default defineContentScript({
  matches: CONTENT_MATCHES,
  runAt: 'document_start',
  async main(ctx) {
    performance.mark('kx:start');
    // At once, not after the settings: the worker loads on its own thread while the page parses.
    prestartTexWorker();
    const pageStart = loadPageStart();
    // Loaded while the page parses: the other language's messages are one small fetch from the extension.
    const pageText = pageStart.then(({ settings }) => loadPageText(settings.language, ctx.signal));
    const rendererChoice = pageStart.then(({ settings }) => rendererOfThisPage(settings.renderer));
    void rendererChoice.then(
      (renderer) => renderer.page || releaseTexWorker(),
      () => releaseTexWorker(),
    );
    const api = quietWhenInvalidated(getReaderService(), ctx);
    // Wakes the background and opens the database while the page is still loading, so the one real request at
    // DOMContentLoaded (reading states of the page's entries) is answered at once.
    void api.getStates([]).catch(() => undefined);
    if (isListing(location.href)) setTimeout(() => warmUpListingCode(location.origin), 0);
    if (document.readyState === 'loading') {
      await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
    }
    const root = document.documentElement;
    // A second injection (extension update) finds the page already annotated and leaves it alone.
    if (root.hasAttribute('data-kx-page') || ctx.isInvalid) return releaseTexWorker();

    const reading = readPage(document, location.href);
    if (reading.kind === 'not-understood') {
      releaseTexWorker();
      console.info(`[Kexue Reader] page left untouched: ${reading.diagnostic}`);
      await api.reportDiagnostic(location.href, reading.diagnostic).catch(() => undefined);
      return;
    }
    applyDomHooks(document, reading);
    performance.mark('kx:hooks');
    const { settings, mirroredStates } = await pageStart;
    const text = await pageText;
    performance.mark('kx:settings');
    const renderer = await rendererChoice;
    if (!mathRenderer.runsOn.some((kind) => kind === reading.kind)) releaseTexWorker();
    await runFeatures(FEATURES, {
      doc: document,
      reading,
      api,
      settings: { ...settings, renderer: renderer.page },
      ctx,
      signal: ctx.signal,
      mirroredStates,
      text,
      renderer,
    });
  },
});
