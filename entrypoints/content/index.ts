import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { archiveImport } from '@/features/archive-import';
import { articleTracker } from '@/features/article-tracker';
import { catalogRefresh } from '@/features/catalog-refresh';
import { mathRenderer, prestartMath, prestartTexWorker, releaseTexWorker, renderPageMath } from '@/features/math';
import { menuTargets } from '@/features/menu-targets';
import { stateMarks } from '@/features/state-marks';
import { type AnyFeature, runFeatures, type UnderstoodReading } from '@/utils/content/feature';
import { warmUpListingCode } from '@/utils/content/listing-warm-up';
import { rendererOfThisPage } from '@/utils/content/page-renderer';
import { loadPageText, type PageText, textOnceLoaded } from '@/utils/content/page-text';
import { quietWhenInvalidated } from '@/utils/content/quiet-when-invalidated';
import { watchSiteMathJax } from '@/utils/content/site-mathjax';
import { getReaderService } from '@/utils/db/proxy';
import { readPage } from '@/utils/site/extract';
import { applyDomHooks } from '@/utils/site/hooks';
import { CONTENT_MATCHES } from '@/utils/site/hosts';
import { isListing } from '@/utils/site/url';
import { loadPageStart } from '@/utils/storage-items';
import './style.css';

/**
 * Every feature of the content script, one per file in features/ (tests/unit/features/verify-features.test.ts checks
 * that none is missing). Order matters a little: the features that send a request start it before math rendering
 * takes the main thread.
 */
export const FEATURES: readonly AnyFeature[] = [
  stateMarks,
  articleTracker,
  archiveImport,
  mathRenderer,
  catalogRefresh,
  menuTargets,
];

/** Starts what the page will need while it is still loading: settings, our UI's language, the worker, the database. */
function startEarly(ctx: ContentScriptContext) {
  // KaTeX's fonts are decoded while the body is still parsed, not in our block at DOMContentLoaded.
  const siteMathJax = watchSiteMathJax(document, ctx.signal, prestartMath);
  // At once, not after the settings: the worker loads on its own thread while the page parses.
  prestartTexWorker();
  const pageStart = loadPageStart();
  // Loaded while the page parses: the other language's messages are one small fetch from the extension.
  const pageText = pageStart.then(({ settings }) => loadPageText(settings.language, ctx.signal));
  const rendererChoice = pageStart.then(({ settings }) => rendererOfThisPage(settings.renderer));
  void rendererChoice.then(
    (renderer) => (renderer.page ? prestartMath() : releaseTexWorker()),
    () => releaseTexWorker(),
  );
  const api = quietWhenInvalidated(getReaderService(), ctx);
  // Wakes the background and opens the database while the page is still loading, so the one real request at
  // DOMContentLoaded (reading states of the page's entries) is answered at once.
  void api.getStates([]).catch(() => undefined);
  if (isListing(location.href)) setTimeout(() => warmUpListingCode(location.origin), 0);
  return { siteMathJax, pageStart, pageText, rendererChoice, api };
}

/**
 * The math, at once when the site's MathJax was kept out of the page (so the renderer is ours): the settings are read
 * only after the page's first layout on a heavy page, and the math's first chunk belongs before it. Null otherwise.
 */
function mathBeforeSettings(
  kind: UnderstoodReading['kind'],
  blocked: boolean,
  text: Promise<PageText>,
  signal: AbortSignal,
): Promise<void> | null {
  if (!blocked || !mathRenderer.runsOn.some((k) => k === kind)) return null;
  return renderPageMath({ doc: document, signal, text: textOnceLoaded(text, signal) }).catch((error: unknown) => {
    if (!signal.aborted)
      console.error(`[Kexue Reader] math: ${error instanceof Error ? error.message : String(error)}`);
  });
}

async function whenParsed(): Promise<void> {
  if (document.readyState !== 'loading') return;
  await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
}

export default defineContentScript({
  matches: CONTENT_MATCHES,
  runAt: 'document_start',
  async main(ctx) {
    performance.mark('kx:start');
    const { siteMathJax, pageStart, pageText, rendererChoice, api } = startEarly(ctx);
    await whenParsed();
    // A second injection (extension update) finds the page already annotated and leaves it alone.
    if (document.documentElement.hasAttribute('data-kx-page') || ctx.isInvalid) return releaseTexWorker();

    const reading = readPage(document, location.href);
    if (reading.kind === 'not-understood') {
      releaseTexWorker();
      console.info(`[Kexue Reader] page left untouched: ${reading.diagnostic}`);
      await api.reportDiagnostic(location.href, reading.diagnostic).catch(() => undefined);
      return;
    }
    applyDomHooks(document, reading);
    performance.mark('kx:hooks');
    const earlyMath = mathBeforeSettings(reading.kind, siteMathJax() === 'blocked', pageText, ctx.signal);
    const { settings, mirroredStates } = await pageStart;
    const text = await pageText;
    performance.mark('kx:settings');
    const chosen = await rendererChoice;
    // Math already rendered here is ours whatever the settings say (a MathJax that failed to download looks blocked).
    const renderer = earlyMath ? { ...chosen, page: true } : chosen;
    if (!mathRenderer.runsOn.some((kind) => kind === reading.kind)) releaseTexWorker();
    const context = { doc: document, reading, api, ctx, signal: ctx.signal, mirroredStates, text, renderer };
    const features = earlyMath ? FEATURES.filter((feature) => feature !== mathRenderer) : FEATURES;
    await Promise.all([
      earlyMath,
      runFeatures(features, { ...context, settings: { ...settings, renderer: renderer.page } }),
    ]);
  },
});
