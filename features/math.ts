/**
 * Renders every formula of the page with KaTeX in place of the site's MathJax (whose download the background's
 * declarativeNetRequest rule blocks while this is on): MathJax scans the whole body in document order, numbering
 * equations page-wide, so we do the same, then render the formulas near the screen first, in short chunks.
 */
import katexCss from 'katex/dist/katex.min.css?raw';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { prepareTexPage } from '../utils/tex/pipeline';
import { nearViewport, renderMath } from '../utils/tex/dom/render';
import { installMathInteractions, MATH_CSS } from '../utils/tex/dom/interactions';
import { scanTex } from '../utils/tex/scan';
import { defineFeature } from './feature';

/** KaTeX's stylesheet with its fonts taken from the extension (web-accessible, no CDN). */
export function katexStylesheet(fontBase: string): string {
  return katexCss.replaceAll('url(fonts/', `url(${fontBase}`);
}

/** The fonts are copied into the build by wxt.config.ts, so WXT's typed public paths don't list them. */
const fontsUrl = () => (browser.runtime.getURL as (path: string) => string)('/katex/fonts/');

function injectStyles(doc: Document): void {
  if (doc.getElementById('kx-katex-css')) return;
  const style = doc.createElement('style');
  style.id = 'kx-katex-css';
  style.textContent = katexStylesheet(fontsUrl()) + MATH_CSS;
  doc.head.append(style);
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

export const mathRenderer = defineFeature({
  id: 'math',
  runsOn: ['listing', 'article', 'archive'],
  isEnabled: (settings) => settings.renderer,
  async init({ doc, signal }) {
    performance.mark('kx:math-start');
    injectStyles(doc);
    const { math, escapes } = scanTex(doc.body);
    performance.mark('kxp:scanned');
    const page = prepareTexPage(math.map(({ tex, display }) => ({ tex, display })));
    performance.mark('kxp:prepared');
    const rendering = renderMath(doc.body, page, math, {
      escapes,
      signal,
      isNearViewport: location.hash.length > 1 ? nearViewport(window) : undefined,
      chunkBudgetMs: 30,
    });
    // The first chunk (formulas on or near the screen first) ran synchronously inside renderMath.
    performance.mark('kx:math-first-chunk');
    installMathInteractions(doc, {
      signal,
      labels: {
        title: i18n.t('content.texSource'),
        copy: i18n.t('content.copy'),
        copied: i18n.t('content.copied'),
        close: i18n.t('content.close'),
      },
    });
    doc.documentElement.setAttribute('data-kx-math-state', 'rendering');
    await rendering.done;
    if (signal.aborted) return;
    performance.mark('kx:math-done');
    scrollToEquationAnchor(doc);
    doc.documentElement.setAttribute('data-kx-math-state', 'done');
  },
});
