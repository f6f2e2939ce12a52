/**
 * Renders every formula of the page with KaTeX in place of the site's MathJax (whose download the background's
 * declarativeNetRequest rule blocks while this is on): MathJax scans the whole body in document order, numbering
 * equations page-wide, so we do the same, then render in chunks: the top of the page first, and formulas near the
 * screen ahead of the others (see utils/tex/dom/render.ts for what the time goes into), leaving the layout of
 * paragraphs off screen until the reader nears them or the page is idle (utils/tex/dom/offscreen.ts).
 */
import katexCss from 'katex/dist/katex.min.css?raw';
import { defineFeature, type FeatureContext } from '@/utils/content/feature';
import { markTiming } from '@/utils/content/mark-timing';
import { mathLabels } from '@/utils/content/math-labels';
import { isListing } from '@/utils/site/url';
import { fitDisplayMath } from '@/utils/tex/dom/fit';
import { inlinedFont } from '@/utils/tex/dom/font-bytes';
import { addFontFaces, katexFontFaces, withoutFontFaces } from '@/utils/tex/dom/fonts';
import { installMathInteractions, MATH_CSS } from '@/utils/tex/dom/interactions';
import {
  markMathParagraphs,
  OFFSCREEN_CSS,
  settleSizesWhenIdle,
  skipOffscreenAfterFirstFrame,
} from '@/utils/tex/dom/offscreen';
import { formulaInputs } from '@/utils/tex/dom/regions';
import { prioritizeNearViewport, renderMath } from '@/utils/tex/dom/render';
import { blobWorkers, createOffThreadRenderer, type TexWorkers } from '@/utils/tex/dom/worker-client';
import { prepareTexPage } from '@/utils/tex/pipeline';
import { scanTex } from '@/utils/tex/scan';
import TexWorker from '@/utils/tex/worker-main?worker&inline';

/** KaTeX's stylesheet and ours; KaTeX's fonts come without URL (utils/tex/dom/fonts.ts). */
function injectStyles(doc: Document): void {
  if (doc.getElementById('kx-katex-css')) return;
  const style = doc.createElement('style');
  style.id = 'kx-katex-css';
  style.textContent = withoutFontFaces(katexCss) + MATH_CSS + OFFSCREEN_CSS;
  doc.head.append(style);
}

let katexFonts: Promise<void> | null = null;
let katexFontsIn = false;

/**
 * Adds KaTeX's fonts (carried in this script) to the page's fonts, once per page, all in this task: the first call
 * comes while the page is still loading, so they are in before its first layout (decoding them costs ~10–20 ms).
 */
function loadKatexFonts(): Promise<void> {
  katexFonts ??= addFontFaces(document, katexFontFaces(katexCss), async (file) => inlinedFont(file))
    .then(
      () => markTiming('kx:fonts-loaded'),
      (error: unknown) => console.error('[Kexue Reader]', error),
    )
    .finally(() => {
      katexFontsIn = true;
    });
  return katexFonts;
}

/**
 * Until KaTeX's fonts are in, formulas stay invisible (at most FONT_BLOCK_MS), as KaTeX's `font-display: block`
 * would keep them with its fonts in a stylesheet: never drawn in a fallback font first.
 */
function hideMathUntilFontsLoad(doc: Document, fonts: Promise<void>): void {
  if (katexFontsIn || doc.getElementById('kx-fonts-pending')) return;
  const style = doc.createElement('style');
  style.id = 'kx-fonts-pending';
  style.textContent = '.katex { visibility: hidden; }';
  doc.head.append(style);
  const reveal = () => {
    if (!style.isConnected) return;
    style.remove();
    markTiming('kx:fonts-revealed');
  };
  void fonts.finally(reveal);
  setTimeout(reveal, FONT_BLOCK_MS);
}
/** KaTeX's font-display: block keeps text invisible for up to 3 s (then a fallback font shows), as browsers do. */
const FONT_BLOCK_MS = 3000;

let texWorkers: TexWorkers | null = null;

/** The TeX workers (KaTeX off the page's thread, utils/tex/dom/worker-client.ts), started on first use. */
function texWorkerPool(): TexWorkers {
  texWorkers ??= blobWorkers(() => new TexWorker());
  return texWorkers;
}

/**
 * Starts loading the TeX worker at document_start, before the settings are read, so that it is loaded and warm when
 * an article's formulas are known (releaseTexWorker stops it where it will not be used). Not on listing pages: their
 * few formulas are all rendered on the page's thread before a worker could even be loaded (measured), and loading
 * it there only takes a core from the page's parsing; a worker is started there only if a formula is left for it.
 */
export function prestartTexWorker(): void {
  if (!isListing(location.href)) texWorkerPool();
}

/** Once the renderer is known to be on: KaTeX's fonts too, so both are ready when the formulas are known. */
export function prestartMath(): void {
  void loadKatexFonts();
  prestartTexWorker();
}

/** Stops the early worker when this page's math will not be rendered here (renderer off, not a page with math). */
export function releaseTexWorker(): void {
  texWorkers?.releaseUnused();
}

/** Deep links to an equation (`#mjx-eqn-…`) point at an anchor that exists only once its formula is rendered. */
function scrollToEquationAnchor(doc: Document): void {
  if (!location.hash.startsWith('#mjx-eqn-')) return;
  let id = location.hash.slice(1);
  try {
    id = decodeURIComponent(id);
  } catch {
    // a malformed escape: look the id up as written
  }
  doc.getElementById(id)?.scrollIntoView({ block: 'center' });
}

/** The longest one chunk of ours may hold the main thread (ms), below the 50 ms of a long task. */
const CHUNK_BUDGET_MS = 30;
/**
 * Our budget at DOMContentLoaded (scan, prepass, first chunk) on a page with at most SMALL_PAGE formulas: enough to
 * render most listing pages whole, so their first paint shows no TeX source (their first chunk has no HTML cap
 * either: the page's first layout lays out all of it anyway). Longer pages keep CHUNK_BUDGET_MS here.
 */
const FIRST_BLOCK_MS = 40;
const SMALL_PAGE = 40;
/** Enough to render a screenful of formulas with KaTeX not yet warm (measured on the heaviest articles). */
const FIRST_SCREEN_MS = 12;

export const mathRenderer = defineFeature({
  id: 'math',
  runsOn: ['listing', 'article', 'archive'],
  isEnabled: (settings) => settings.renderer,
  init: renderPageMath,
});

/**
 * The math feature's work, which needs no settings: the content script also starts it at DOMContentLoaded, before
 * they are read, when the page itself says the renderer is ours (utils/content/site-mathjax.ts).
 */
export async function renderPageMath({ doc, signal, text }: Pick<FeatureContext, 'doc' | 'signal' | 'text'>) {
  const start = performance.now();
  markTiming('kx:math-start');
  injectStyles(doc);
  const fonts = loadKatexFonts();
  hideMathUntilFontsLoad(doc, fonts);
  const { math, escapes } = scanTex(doc.body);
  markTiming('kx:math-scanned');
  const formulas = formulaInputs(math);
  const page = prepareTexPage(formulas);
  markTiming('kx:math-prepared');
  prestartMath();
  const rendering = renderMath(doc.body, page, math, {
    escapes,
    signal,
    offThread: { renderer: createOffThreadRenderer(() => texWorkerPool().take()), formulas },
    chunkBudgetMs: CHUNK_BUDGET_MS,
    // The first chunk runs in this task, before the browser's first layout and paint of the page: the top of the
    // page, within what the scan and the prepass left of the block's budget, but at least enough for a screenful.
    firstChunkBudgetMs: Math.max(
      FIRST_SCREEN_MS,
      (math.length <= SMALL_PAGE ? FIRST_BLOCK_MS : CHUNK_BUDGET_MS) - (performance.now() - start),
    ),
    firstChunkHtmlBudget: math.length <= SMALL_PAGE ? Infinity : undefined,
  });
  markTiming('kx:math-first-chunk');
  fitDisplayMath(doc, signal);
  markMathParagraphs(rendering.wrappers);
  skipOffscreenAfterFirstFrame(doc, signal);
  prioritizeNearViewport(rendering);
  installMathInteractions(doc, { signal, labels: mathLabels(text, signal) });
  doc.documentElement.setAttribute('data-kx-math-state', 'rendering');
  const summary = await rendering.done;
  texWorkers?.releaseUnused();
  if (signal.aborted) return;
  const { renderMs, insertMs, offThread, workerError } = summary;
  markTiming('kx:math-done', { detail: { renderMs, insertMs, offThread, workerError } });
  scrollToEquationAnchor(doc);
  doc.documentElement.setAttribute('data-kx-math-state', 'done');
  await settleSizesWhenIdle(doc, signal);
  if (!signal.aborted) markTiming('kx:math-settled');
}
