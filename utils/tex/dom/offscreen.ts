/**
 * Lets the browser skip the style, layout and paint of the paragraphs with math while they are off screen
 * (`content-visibility: auto`), as it does for a paragraph the moment it nears the screen.
 * Why: a heavy article gets ~0.5 MB of KaTeX HTML. Laid out and painted chunk by chunk as it is inserted, that cost
 * 2–3 times the rendering itself (Chromium traces of the heaviest fixture articles), almost all of it for paragraphs
 * nobody is looking at yet.
 * The units: each `<p>` with math, and inside it each rendered display equation (an inline-block), since the blog
 * often puts several display equations in one paragraph (the heaviest article's largest: 2,600 characters of TeX,
 * 120 KB of KaTeX HTML, ~60 ms to lay out in one piece). Only paragraphs are marked: containment on list items or
 * table cells would clip their markers or change their layout.
 * Order matters: every marked paragraph is laid out once as the page first shows (its TeX source, or its math when
 * the first chunk rendered it) and the browser remembers that size (`contain-intrinsic-block-size: auto …`); only
 * then is skipping switched on, so the page's height, the scrollbar and the reading position stay close to the truth
 * before the reader gets there. Those sizes are of the TeX source, though (a heavy article's body measured 10–15%
 * shorter than with its math), so once everything is rendered the units are laid out a few at a time in idle time
 * (settleSizesWhenIdle), after which the page's height and the reading position are exact again.
 */
import { MATH_ATTR, MATH_ERROR_ATTR, PENDING_ATTR, TEX_ATTR } from './render';

export const MATH_BLOCK_ATTR = 'data-kx-math-block';
export const SKIP_OFFSCREEN_ATTR = 'data-kx-skip-offscreen';
/** On `<html>` from marking until settled: the page's height is not final yet. */
export const SETTLING_ATTR = 'data-kx-math-settling';
const MEASURE_ATTR = 'data-kx-measure';

/** A rendered display equation: an inline-block (see MATH_CSS), which containment applies to. */
const DISPLAY = `[${MATH_ATTR}="display"]:not([${PENDING_ATTR}]):not([${MATH_ERROR_ATTR}])`;

export const OFFSCREEN_CSS = `
[${MATH_BLOCK_ATTR}] { contain-intrinsic-block-size: auto 4em; }
[${MATH_BLOCK_ATTR}] ${DISPLAY} { contain-intrinsic-block-size: auto 3em; }
html[${SKIP_OFFSCREEN_ATTR}] [${MATH_BLOCK_ATTR}]:not([${MEASURE_ATTR}]),
html[${SKIP_OFFSCREEN_ATTR}] [${MATH_BLOCK_ATTR}] ${DISPLAY}:not([${MEASURE_ATTR}]) { content-visibility: auto; }
`;

/**
 * Marks the paragraphs holding these formula wrappers; returns how many were marked. When there are any, the page
 * counts as settling (SETTLING_ATTR) until settleSizesWhenIdle is done.
 */
export function markMathParagraphs(wrappers: readonly (Element | null)[]): number {
  let marked = 0;
  for (const wrapper of wrappers) {
    const paragraph = wrapper?.closest('p');
    if (paragraph && !paragraph.hasAttribute(MATH_BLOCK_ATTR)) {
      paragraph.setAttribute(MATH_BLOCK_ATTR, '');
      paragraph.ownerDocument.documentElement.setAttribute(SETTLING_ATTR, '');
      marked++;
    }
  }
  return marked;
}

/**
 * Resolves once the page's height is final (at once when nothing is settling), or after `timeoutMs` whatever happens:
 * for scrolling to a saved reading position.
 */
export function whenMathSettled(doc: Document, timeoutMs = 5000): Promise<void> {
  const root = doc.documentElement;
  if (!root.hasAttribute(SETTLING_ATTR)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const observer = new MutationObserver(() => !root.hasAttribute(SETTLING_ATTR) && done());
    observer.observe(root, { attributes: true, attributeFilter: [SETTLING_ATTR] });
    const timer = setTimeout(done, timeoutMs);
  });
}

/**
 * Switches skipping on once the browser has shown a frame (and so recorded every marked paragraph's size): a task
 * after the next animation frame.
 */
export function skipOffscreenAfterFirstFrame(doc: Document, signal?: AbortSignal): void {
  const view = doc.defaultView;
  if (!view) return;
  view.requestAnimationFrame(() =>
    view.setTimeout(() => {
      if (!signal?.aborted) doc.documentElement.setAttribute(SKIP_OFFSCREEN_ATTR, '');
    }, 0),
  );
}

/**
 * How much TeX (characters) the units laid out in one frame may hold while settling: the layout grows with the KaTeX
 * HTML, which grows with the TeX (the heaviest article: 12,000 characters, ~200 ms to lay out all at once).
 */
const SETTLE_TEX_PER_FRAME = 600;

interface Unit {
  element: Element;
  /** TeX characters laid out with this unit (a paragraph's display equations are units of their own). */
  tex: number;
  /** Elements to leave to the browser again after the frame: a paragraph stays laid out until its last equation. */
  release: Element[];
}

const texLength = (formulas: Iterable<Element>) => {
  let n = 0;
  for (const f of formulas) n += f.getAttribute(TEX_ATTR)?.length ?? 0;
  return n;
};

function settleUnits(paragraphs: Iterable<Element>): Unit[] {
  const units: Unit[] = [];
  for (const paragraph of paragraphs) {
    const displays = [...paragraph.querySelectorAll(DISPLAY)];
    const inline = [...paragraph.querySelectorAll(`[${TEX_ATTR}]`)].filter((f) => !displays.includes(f));
    units.push({ element: paragraph, tex: texLength(inline), release: displays.length === 0 ? [paragraph] : [] });
    for (const [k, display] of displays.entries()) {
      units.push({
        element: display,
        tex: texLength([display]),
        release: k === displays.length - 1 ? [display, paragraph] : [display],
      });
    }
  }
  return units;
}

/**
 * Has the browser lay out every marked paragraph and display equation once more, a few per frame when the page is
 * idle, so each remembers its size with its math. Settles when all are done, or at the next idle moment once aborted.
 */
export async function settleSizesWhenIdle(doc: Document, signal?: AbortSignal): Promise<void> {
  const view = doc.defaultView;
  if (!view) return;
  const idle = () =>
    new Promise<void>((resolve) =>
      view.requestIdleCallback
        ? view.requestIdleCallback(() => resolve(), { timeout: 1000 })
        : view.setTimeout(resolve, 50),
    );
  const afterFrame = () =>
    new Promise<void>((resolve) => view.requestAnimationFrame(() => view.setTimeout(resolve, 0)));
  const units = settleUnits(doc.querySelectorAll(`[${MATH_BLOCK_ATTR}]`));
  for (let next = 0; next < units.length; ) {
    await idle();
    if (signal?.aborted) break;
    const batch: Unit[] = [];
    let tex = 0;
    for (let unit = units[next]; unit !== undefined; unit = units[next]) {
      if (batch.length > 0 && tex + unit.tex > SETTLE_TEX_PER_FRAME) break;
      batch.push(unit);
      tex += unit.tex;
      next++;
    }
    for (const unit of batch) unit.element.setAttribute(MEASURE_ATTR, '');
    await afterFrame();
    for (const unit of batch) for (const element of unit.release) element.removeAttribute(MEASURE_ATTR);
  }
  doc.documentElement.removeAttribute(SETTLING_ATTR);
}
