/**
 * Display equations wider than their column shrink to fit it, as on the blog: the author's MathJax.Hub.Queue hook
 * (archives/10474) sets each over-wide formula's font-size to containerWidth*100/formulaWidth percent, where a
 * numbered formula's width (MathJax's min-width) is its body plus, on both sides, the number and MathJax's minimum
 * label spacing, so the number never covers the formula.
 *
 * How, without reading layout at DOMContentLoaded: each equation's natural width in em is read in a ResizeObserver
 * callback (after the browser's own layout, before it paints, so the first paint is already fitted; equations
 * skipped off screen by offscreen.ts are measured when the browser lays them out; again when a late font changes
 * their width) and kept in the custom property FIT_VAR on the wrapper. The wrapper is a size container, so CSS alone
 * then picks the font size at any width, again on every resize: min(the normal size, 100cqw / natural width).
 */
import { MATH_ATTR, MATH_ERROR_ATTR, PENDING_ATTR, TEX_ATTR } from './render';

export const FIT_VAR = '--kx-fit-em';
/** On the root: the surrounding text's font size over a formula's (see keepTextScale). */
export const TEXT_SCALE_VAR = '--kx-text-scale';
/** MathJax 2's minimum space between a formula and its number (mtable's minlabelspacing), em. */
const MIN_LABEL_SPACING_EM = 0.8;

const DISPLAY = `[${MATH_ATTR}="display"]`;
const RENDERED = `[${MATH_ATTR}]:not([${PENDING_ATTR}]):not([${MATH_ERROR_ATTR}])`;
const RENDERED_DISPLAY = `${DISPLAY}:not([${PENDING_ATTR}]):not([${MATH_ERROR_ATTR}])`;
const FORMULA_HTML = '.katex-display > .katex > .katex-html';
/**
 * Room kept free on the column's right (px): the natural width is summed from the formula's boxes, which leaves out
 * a pixel or two of struts and rounding, and a fitted formula must never end outside the column.
 */
const FIT_MARGIN_PX = 4;

/**
 * `sizes`: the formula's normal font size (CSS lengths, later ones win where the browser supports them, see
 * MATH_CSS). Without a measured width the fallback width is tiny, so the division is huge and min() keeps the
 * normal size.
 */
/** The font size that fits a display equation's width, never above `size`. */
const fittedFontSize = (size: string) =>
  `font-size: min(${size}, calc((100cqw - ${FIT_MARGIN_PX}px) / var(${FIT_VAR}, 0.001)));`;

export const fitCss = (...sizes: string[]) => `
${RENDERED_DISPLAY} { container-type: inline-size; }
${RENDERED_DISPLAY} .katex-display > .katex { ${sizes.map(fittedFontSize).join(' ')} }
`;

/** The formula's natural width in em: its body, plus twice (number + spacing) when it has a number. */
export function naturalWidthEm(bodyPx: number, tagPx: number, emPx: number): number {
  return (bodyPx + (tagPx > 0 ? 2 * (tagPx + MIN_LABEL_SPACING_EM * emPx) : 0)) / emPx;
}

/**
 * Whether a measured natural width differs enough from the kept one to be written: a fitted formula's boxes scale
 * with its font size, so measuring it again gives the same width in em up to sub-pixel rounding, which must not
 * refit it again (and again).
 */
export const changedEnough = (kept: number, measured: number): boolean =>
  !(Math.abs(measured - kept) <= 0.005 * measured);

function measure(html: Element): void {
  const width = (el: Element) => el.getBoundingClientRect().width;
  let body = 0;
  let tag = 0;
  for (const child of html.children) {
    if (child.classList.contains('base')) body += width(child);
    else if (child.classList.contains('tag')) tag = Math.max(tag, width(child));
  }
  const em = parseFloat(getComputedStyle(html).fontSize);
  const wrapper = html.closest<HTMLElement>(DISPLAY);
  if (!(body > 0 && em > 0) || !wrapper) return;
  const natural = naturalWidthEm(body, tag, em);
  if (changedEnough(parseFloat(wrapper.style.getPropertyValue(FIT_VAR)), natural)) {
    wrapper.style.setProperty(FIT_VAR, natural.toFixed(3));
  }
}

/**
 * MathJax 2 draws a character its fonts lack (CJK) in the page's font at the surrounding text's size: its font size
 * is 100/scale percent of the formula's (HTML-CSS handleFont), so `\\text{中文}` is as wide as the text around it.
 * Ours: MATH_CSS sizes KaTeX's CJK runs by TEXT_SCALE_VAR, the text's size over the formula's, read once per page
 * from the first formula rendered (computed styles only; the theme's font is the same across an article). A display
 * formula is not fitted yet when it is added, so its size is still the normal one.
 */
function keepTextScale(doc: Document, wrapper: Element): void {
  const root = doc.documentElement;
  if (root.style.getPropertyValue(TEXT_SCALE_VAR)) return;
  const katex = wrapper.querySelector('.katex');
  if (!katex) return;
  const view = doc.defaultView;
  const text = parseFloat(view?.getComputedStyle(wrapper).fontSize ?? '');
  const math = parseFloat(view?.getComputedStyle(katex).fontSize ?? '');
  if (text > 0 && math > 0) root.style.setProperty(TEXT_SCALE_VAR, (text / math).toFixed(4));
}

const INLINE = `[${MATH_ATTR}="inline"]:not([${PENDING_ATTR}]):not([${MATH_ERROR_ATTR}])`;
/** Shorter TeX is never wider than a phone's column; measuring only longer formulas keeps the fit cheap. */
const INLINE_FIT_MIN_TEX = 40;
const BLOCKS = 'p, li, dd, dt, td, th, blockquote, figcaption, h1, h2, h3, h4, h5, h6, div';

/**
 * An inline formula TeX cannot break (one box: no relation or operator at its top level) that is wider than its
 * block: the author's hook shrinks it as it shrinks a display one (font-size = block width / formula width), where
 * ours would run out of the column. Formulas that can break still break (README, Math). Called from a
 * ResizeObserver callback on the block, so the layout read here is the one the browser just made.
 */
function fitInline(wrapper: Element, block: Element): void {
  const katex = wrapper.querySelector<HTMLElement>('.katex');
  if (katex?.querySelectorAll(':scope > .katex-html > .base').length !== 1) return;
  katex.style.fontSize = '';
  const view = block.ownerDocument.defaultView;
  const style = view?.getComputedStyle(block);
  const padding = parseFloat(style?.paddingLeft ?? '') + parseFloat(style?.paddingRight ?? '') || 0;
  const column = block.clientWidth - padding - FIT_MARGIN_PX;
  const natural = katex.getBoundingClientRect().width;
  const em = parseFloat(view?.getComputedStyle(katex).fontSize ?? '');
  if (column > 0 && natural > column && em > 0) katex.style.fontSize = `${((em * column) / natural).toFixed(2)}px`;
}

/**
 * Fits every display equation of `doc` rendered now or later (formulas are put in place in chunks), until `signal`
 * aborts.
 */
export function fitDisplayMath(doc: Document, signal?: AbortSignal): void {
  const view = doc.defaultView;
  if (!view?.ResizeObserver || !view.MutationObserver) return;
  // The boxes of each formula's body and number are observed for good: a formula is measured when the browser
  // first lays it out (an off-screen one has no size yet) and whenever its boxes change width otherwise than by
  // the fit itself. Fonts load when a glyph first needs them, so a formula first laid out with a fallback font
  // for its delimiters or scripts is measured again once the font has come.
  const resizes = new view.ResizeObserver((entries) => {
    const formulas = new Set<Element>();
    for (const entry of entries) {
      if (entry.contentRect.width > 0 && entry.target.parentElement) formulas.add(entry.target.parentElement);
    }
    for (const html of formulas) measure(html);
  });
  const observe = (html: Element) => {
    for (const child of html.children) {
      if (child.classList.contains('base') || child.classList.contains('tag')) resizes.observe(child);
    }
  };
  for (const html of doc.querySelectorAll(`${RENDERED_DISPLAY} ${FORMULA_HTML}`)) observe(html);
  // Read after the browser's own layout (styles clean), never inside the block that renders the first screen.
  const scaleProbe = new view.ResizeObserver((entries) => {
    const entry = entries[0];
    if (!entry) return;
    keepTextScale(doc, entry.target);
    scaleProbe.disconnect();
  });
  const first = doc.querySelector(RENDERED);
  if (first) scaleProbe.observe(first);
  // Long inline formulas, by the block they sit in: fitted when it is first laid out and whenever it resizes.
  const inlineByBlock = new Map<Element, Set<Element>>();
  const blocks = new view.ResizeObserver((entries) => {
    for (const entry of entries) for (const w of inlineByBlock.get(entry.target) ?? []) fitInline(w, entry.target);
  });
  const observeInline = (wrapper: Element) => {
    const block = wrapper.parentElement?.closest(BLOCKS);
    if (!block || (wrapper.getAttribute(TEX_ATTR) ?? '').length < INLINE_FIT_MIN_TEX) return;
    const set = inlineByBlock.get(block) ?? new Set();
    if (set.size === 0) inlineByBlock.set(block, set);
    set.add(wrapper);
    blocks.unobserve(block);
    blocks.observe(block);
  };
  for (const w of doc.querySelectorAll(INLINE)) observeInline(w);
  // A formula rendered later: its wrapper's content is replaced.
  const mutations = new view.MutationObserver((records) => {
    for (const record of records) {
      const target = record.target as Element;
      if (record.addedNodes.length === 0 || !target.matches?.(RENDERED)) continue;
      if (!doc.documentElement.style.getPropertyValue(TEXT_SCALE_VAR)) scaleProbe.observe(target);
      if (target.matches(INLINE)) observeInline(target);
      if (!target.matches(RENDERED_DISPLAY)) continue;
      for (const html of target.querySelectorAll(FORMULA_HTML)) observe(html);
    }
  });
  mutations.observe(doc.body, { childList: true, subtree: true });
  signal?.addEventListener('abort', () => {
    mutations.disconnect();
    resizes.disconnect();
    blocks.disconnect();
    scaleProbe.disconnect();
  });
}
