/**
 * Which renderer this page uses, known from the page itself by DOMContentLoaded, before our settings are read.
 *
 * The blog loads MathJax with a parser-blocking `<script>` in `<head>`, and the background's declarativeNetRequest
 * rules block that request exactly when the page's renderer is ours (the global setting, or the page's own choice:
 * background/tab-renderer.ts). So that script's `error` or `load` event, which comes before DOMContentLoaded, says
 * which renderer the page uses. storage.local answers a content script 70–150 ms after document_start on a heavy
 * article (measured with `npm run bench:trace`), after the page's first layout and paint: waiting for it meant a
 * first paint with TeX source and a second layout of the whole page.
 *
 * A MathJax that failed to download for any other reason looks blocked too: our renderer then shows the math that
 * nothing else would.
 */

/** The site's MathJax, as the DNR rules match it (public/rules/block-site-mathjax.json). */
const SITE_MATHJAX = /^https?:\/\/(www\.)?(kexue\.fm|spaces\.ac\.cn)\/static\/MathJax-2\.7\.9\/MathJax\.js/;

/** `blocked`: the renderer is ours; `loaded`: the site's MathJax runs; `unknown`: no such script has finished. */
export type SiteMathJax = 'blocked' | 'loaded' | 'unknown';

/**
 * Starts listening, at document_start, for the site's MathJax script to fail or load; the returned function tells
 * what happened so far. `onBlocked` runs as soon as it is known (while `<head>` is parsed). Listeners capture on the
 * document: a script's load and error events do not bubble, and a load event never reaches the window.
 */
export function watchSiteMathJax(doc: Document, signal: AbortSignal, onBlocked: () => void): () => SiteMathJax {
  let outcome: SiteMathJax = 'unknown';
  const onEvent = (event: Event) => {
    const target = event.target as Partial<HTMLScriptElement> | null;
    if (target?.tagName !== 'SCRIPT' || !SITE_MATHJAX.test(target.src ?? '')) return;
    outcome = event.type === 'error' ? 'blocked' : 'loaded';
    if (outcome === 'blocked') onBlocked();
  };
  for (const type of ['error', 'load']) doc.addEventListener(type, onEvent, { capture: true, signal });
  return () => outcome;
}
