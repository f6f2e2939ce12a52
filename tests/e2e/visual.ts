/**
 * The visual comparison of our math with the site's MathJax 2.7.9, shared by the e2e test (visual.test.ts) and
 * `npm run tex:visual -- DIR` (scripts/tex-visual.ts).
 *
 * Each page is loaded twice, with the site's MathJax (our renderer off) and with ours, each time measured at every
 * width by resizing the same page (MathJax: the author's own shrink hook is run again after the resize, as a reload
 * would; ours: our fit reacts to the resize by itself). All formulas of a page are measured in one evaluate.
 *
 * What is measured: the formula body's TeX box as each renderer lays it out (width, height + depth), without its
 * equation numbers; its glyphs (the boxes of its text runs and SVGs) and the numbers' glyphs; the content column
 * (the formula's block container); the colours its glyphs are drawn in. Then per formula: the width and height
 * ratios ours/MathJax, whether a number overlaps a glyph of the formula, whether the formula leaves its column or
 * scrolls, whether its numbers sit at MathJax's distance from the column's edge and its colours are MathJax's.
 * (Glyph boxes are not ink: MathJax's big delimiters and radicals are glyphs of fonts with tall line boxes, KaTeX's
 * are SVGs; so sizes come from the TeX boxes, which both renderers compute from the metrics of the same fonts.)
 */
import type { Page } from 'playwright-core';
import { type ExtensionSession, setRenderer } from './browser';
import type { ManifestPage } from './fixtures';

/** The window widths every page is compared at: a desktop window, and a phone or half-screen window. */
export const VIEWPORT_WIDTHS = [1280, 400] as const;
const VIEWPORT_HEIGHT = 900;

/**
 * Every tolerance of the comparison, in one place. A formula outside any of them fails the e2e test unless it is in
 * KNOWN_DIFFERENCES (visual.test.ts) with its reason, and is counted "outside tolerance" by tex:visual.
 */
export const TOLERANCE = {
  /**
   * Width and height ratios ours/MathJax of one formula's ink box. Both draw the same Computer Modern glyphs at the
   * same size (MathJax's x-height match, which ours copies), so the ratios differ from 1 only by how the two
   * typeset: KaTeX's spacing, delimiter and radical sizes, accent placement differ by a few percent, and more on
   * short formulas where one glyph or one space is a large share. ±15% admits those and catches a limit set
   * beside instead of under (argmin_W: ~+30% width, −30% height), a line not broken (×2 width), a size step.
   */
  ratio: { min: 0.85, max: 1.15 },
  /**
   * Or the sizes may differ by this many px, whatever the ratio: the two renderers take glyph heights from different
   * tables (MathJax the glyphs' real extents, KaTeX the TeX font metrics: `n` is 0.442 em tall in one, 0.431 in the
   * other, `\times` 0.49 and 0.72), which is a large share of a one-glyph formula; 4 px is a quarter of a 16 px text
   * em, less than one step of a delimiter's size or a limit moved under its operator.
   */
  slackPx: 4,
  /**
   * Inline formulas may break across lines where TeX and KaTeX break them (after a relation or a binary operator);
   * MathJax 2 on the blog never breaks one, so a long formula near a line's end leaves a gap or, in a narrow column,
   * runs out of it (the author's hook then shrinks it). Breaking reads better in a 400 px column, so it is allowed:
   * the width compared is then the sum of the lines' widths, the height the tallest line's, which may only be
   * lower than MathJax's (a line of `y = x^{2k+1}` broken after `=` lacks either the depth of `y` or the height of
   * the exponent); and where MathJax shrank the formula while ours broke it, sizes are not compared.
   */
  inlineBreaks: true,
  /**
   * The author's hook shrinks some numbered display formulas that fit their column (at 400 px, e.g. 3567 (41),
   * (43), (44): ×0.64), because it compares the column with MathJax's frame, whose min-width counts the labels more
   * generously; ours shrinks a formula only when its body, its number and MathJax's label spacing on both sides do
   * not fit. Where MathJax shrank and ours did not need to, sizes are not compared (overlap and overflow still are).
   */
  hookShrinksNumbered: true,
  /** Sub-pixel rounding of boxes: an overlap or an overflow counts from this many px. */
  px: 1,
  /**
   * An equation number's distance from the column's right edge may differ from MathJax's by this much (px): both put
   * it flush right; KaTeX's tag box holds 2 px of strut. (Display formulas only: an inline formula's number follows
   * the formula in the line, wherever the line puts it.)
   */
  tagPx: 4,
} as const;

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** What the page tells about one formula (in-page measurement). */
export interface FormulaFacts {
  tex: string;
  display: boolean;
  /** Shown as source (could not be rendered). */
  error: boolean;
  /** Ink width (summed over lines when an inline formula wraps) and height (the tallest line), px. */
  w: number;
  h: number;
  lines: number;
  /** Made smaller to fit its container (MathJax: by the author's hook). */
  shrunk: boolean;
  /** The equation numbers' boxes. */
  tags: Box[];
  /** A number's box intersects a glyph of the formula. */
  tagOverlap: boolean;
  /** How far (px) the ink leaves the column on either side, or the formula's own box scrolls. */
  overflowPx: number;
  /** Column's right edge minus the rightmost number's right edge (px), or null without numbers. */
  tagGap: number | null;
  /** Colours (computed) of glyphs that are not the text colour around the formula, sorted. */
  colors: string[];
}

/**
 * Runs in the page: measures every formula in document order. Self-contained (it is serialized into the page).
 */
function measureFormulasInPage(renderer: 'ours' | 'mathjax'): FormulaFacts[] {
  const IGNORED = '.katex-mathml, .MJX_Assistive_MathML';
  const INVISIBLE = /^[\s\u200b\u2061-\u2064]*$/;
  const columnCache = new Map<Element, Box>();

  const union = (boxes: Box[]): Box | null =>
    boxes.length === 0
      ? null
      : boxes.reduce((a, b) => ({
          left: Math.min(a.left, b.left),
          right: Math.max(a.right, b.right),
          top: Math.min(a.top, b.top),
          bottom: Math.max(a.bottom, b.bottom),
        }));
  const intersects = (a: Box, b: Box, px: number) =>
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > px &&
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > px;

  /** Glyph boxes of `root` outside `excluded`, each with the element its text belongs to. */
  const ink = (root: Element, excluded: Element[]) => {
    const out: { box: Box; el: Element }[] = [];
    const range = document.createRange();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT, {
      acceptNode: (node) => {
        if (node.nodeType === 1) {
          const el = node as Element;
          if (el.matches(IGNORED) || excluded.includes(el)) return NodeFilter.FILTER_REJECT;
          return el.localName === 'svg' ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
        }
        return INVISIBLE.test(node.nodeValue ?? '') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.nodeType === 1) {
        const r = (node as Element).getBoundingClientRect();
        if (r.width > 0 && r.height > 0) out.push({ box: r, el: node as Element });
      } else {
        range.selectNodeContents(node);
        for (const r of range.getClientRects())
          if (r.width > 0 && r.height > 0 && node.parentElement) out.push({ box: r, el: node.parentElement });
      }
    }
    return out;
  };

  const column = (block: Element): Box => {
    let box = columnCache.get(block);
    if (!box) {
      const r = block.getBoundingClientRect();
      const s = getComputedStyle(block);
      const px = (v: string) => parseFloat(v) || 0;
      box = {
        left: r.left + px(s.borderLeftWidth) + px(s.paddingLeft),
        right: r.right - px(s.borderRightWidth) - px(s.paddingRight),
        top: r.top,
        bottom: r.bottom,
      };
      columnCache.set(block, box);
    }
    return box;
  };
  const blockOf = (el: Element): Element => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (!/^inline/.test(getComputedStyle(p).display)) return p;
    }
    return document.body;
  };

  interface Size {
    w: number;
    h: number;
    lines: number;
  }
  const sizeOf = (box: Box | null): Size | null =>
    box ? { w: box.right - box.left, h: box.bottom - box.top, lines: 1 } : null;

  const facts = (
    tex: string,
    display: boolean,
    error: boolean,
    root: Element,
    excluded: Element[],
    tagEls: Element[],
    size: Size | null,
    scrollEl: Element | null,
    shrunk: boolean,
  ): FormulaFacts => {
    const glyphs = ink(root, excluded);
    const tags = tagEls.map((t) => union(ink(t, []).map((g) => g.box))).filter((b): b is Box => b !== null);
    const box = size ?? sizeOf(union(glyphs.map((g) => g.box))) ?? { w: 0, h: 0, lines: 0 };
    const col = column(blockOf(root));
    const all = union([...glyphs.map((g) => g.box), ...tags]);
    let overflowPx = all ? Math.max(0, col.left - all.left, all.right - col.right) : 0;
    if (scrollEl) overflowPx = Math.max(overflowPx, scrollEl.scrollWidth - scrollEl.clientWidth);
    const around = getComputedStyle(root).color;
    const colors = new Set<string>();
    for (const g of glyphs) {
      if (g.el.localName === 'svg') continue;
      const c = getComputedStyle(g.el).color;
      if (c !== around) colors.add(c);
    }
    return {
      tex,
      display,
      error,
      ...box,
      shrunk,
      tags,
      tagOverlap: tags.some((t) => glyphs.some((g) => intersects(t, g.box, 0.5))),
      overflowPx,
      tagGap: tags.length ? col.right - Math.max(...tags.map((t) => t.right)) : null,
      colors: [...colors].sort(),
    };
  };

  /**
   * KaTeX's TeX box of the body: its .base boxes, each as tall as its strut (height + depth). KaTeX breaks an inline
   * formula between them (a base left of the previous one starts a line): its width is then summed over the lines,
   * its height is the tallest line's.
   */
  const katexSize = (w: Element, display: boolean): Size | null => {
    const lines: Box[][] = [];
    let lastRight = Infinity;
    for (const b of w.querySelectorAll('.katex-html > .base')) {
      const r = b.getBoundingClientRect();
      // The base's own box is at least a line of text tall; its strut is exactly height + depth.
      const strut = b.querySelector(':scope > .strut')?.getBoundingClientRect() ?? r;
      if (r.width === 0 && r.height === 0) continue;
      let line = lines.at(-1);
      if (!line || r.left < lastRight - 1) {
        line = [];
        lines.push(line);
      }
      // A box drawn by \style or \bbox with padding is as tall as drawn: KaTeX's strut leaves the padding out,
      // MathJax's bbox counts it. (KaTeX's own inline styles set only padding-left, on radicals.)
      let { top, bottom } = strut;
      for (const drawn of b.querySelectorAll('[style*="padding:"]')) {
        const d = drawn.getBoundingClientRect();
        top = Math.min(top, d.top);
        bottom = Math.max(bottom, d.bottom);
      }
      line.push({ left: r.left, right: r.right, top, bottom });
      lastRight = r.right;
    }
    if (lines.length === 0) return null;
    if (display) return sizeOf(union(lines.flat()));
    const boxes = lines.flatMap((l) => union(l) ?? []);
    return {
      w: boxes.reduce((sum, b) => sum + b.right - b.left, 0),
      h: Math.max(...boxes.map((b) => b.bottom - b.top)),
      lines: boxes.length,
    };
  };

  /**
   * MathJax's (HTML-CSS) TeX box of the body: the width of the math's scaled box (with numbers, of the table's body
   * column, beside the labels' column); the height + depth MathJax computed for it (the `bbox` it keeps on the math's
   * span, in ems of the math's font size, already scaled).
   */
  const mathjaxSize = (frame: Element): Size | null => {
    const math = frame.querySelector('span.math') as (Element & { bbox?: { h: number; d: number } }) | null;
    const inner = math?.firstElementChild;
    if (!math?.bbox || !inner) return null;
    let body: Element = inner;
    const labelled = frame.querySelector('[id^="mjx-eqn-"]')?.closest('.mtable');
    const stack = labelled?.firstElementChild;
    if (stack) body = [...stack.children].find((c) => !c.querySelector('[id^="mjx-eqn-"]')) ?? inner;
    const em = parseFloat(getComputedStyle(math).fontSize);
    return { w: body.getBoundingClientRect().width, h: (math.bbox.h + math.bbox.d) * em, lines: 1 };
  };

  /** Our fit (utils/tex/dom/fit.ts) made the formula smaller: its natural width fills the column. */
  const fittedBelowNormalSize = (w: Element): boolean => {
    const natural = parseFloat((w as HTMLElement).style.getPropertyValue('--kx-fit-em'));
    const em = parseFloat(getComputedStyle(w.querySelector('.katex') ?? w).fontSize);
    return natural * em >= w.clientWidth - 4 - 1;
  };

  if (renderer === 'ours') {
    return [...document.querySelectorAll('[data-kx-math]')]
      .filter((w) => !w.parentElement?.closest('[data-kx-math], [data-kx-ui]'))
      .map((w) => {
        const display = w.getAttribute('data-kx-math') === 'display';
        const tagBoxes = [...w.querySelectorAll('.katex-html > .tag')];
        // One .tag holds the numbers of all rows: each number is its own box, as in MathJax.
        const numbers = tagBoxes.flatMap((t) => {
          const ids = [...t.querySelectorAll('[id^="mjx-eqn-"]')];
          return ids.length > 0 ? ids : [t];
        });
        // An inline formula's number (MathJax numbers a `\tag` in inline math too) is text after a \qquad
        // (numbering.ts): neither is part of the body.
        const inlineNumbers = display ? [] : [...w.querySelectorAll('.katex-html [id^="mjx-eqn-"]')];
        let size = katexSize(w, display);
        if (size && inlineNumbers.length > 0) {
          const em = parseFloat(getComputedStyle(w.querySelector('.katex') ?? w).fontSize);
          const numbersWidth = inlineNumbers.reduce((sum, n) => sum + n.getBoundingClientRect().width + 2 * em, 0);
          size = { ...size, w: size.w - numbersWidth };
        }
        return facts(
          w.getAttribute('data-kx-tex') ?? '',
          display,
          w.hasAttribute('data-kx-math-error'),
          w,
          [...tagBoxes, ...inlineNumbers],
          [...numbers, ...inlineNumbers],
          size,
          display ? w : null,
          display && fittedBelowNormalSize(w),
        );
      });
  }
  const hub = (
    window as unknown as { MathJax?: { Hub?: { getAllJax(): { inputID: string; originalText: string }[] } } }
  ).MathJax?.Hub;
  if (!hub) return [];
  return hub.getAllJax().flatMap((jax) => {
    const frame = document.getElementById(`${jax.inputID}-Frame`);
    if (!frame) return [];
    const display = frame.parentElement?.classList.contains('MathJax_Display') ?? false;
    const error = !!frame.querySelector('.noError, .merror');
    const numbers = [...frame.querySelectorAll('[id^="mjx-eqn-"]')];
    const shrunk = (frame as HTMLElement).style.fontSize !== '';
    return [
      facts(jax.originalText, display, error, frame, numbers, numbers, error ? null : mathjaxSize(frame), null, shrunk),
    ];
  });
}

/**
 * The author's MathJax.Hub.Queue hook (archives/10474), run again after a resize as a reload at that width would:
 * every formula wider than its container gets font-size containerWidth*100/formulaWidth percent.
 */
function rerunAuthorsShrinkHook(): void {
  const formulas = [...document.querySelectorAll<HTMLElement>('span[id^="MathJax-Element"]')];
  for (const e of formulas) e.style.fontSize = '';
  for (const e of formulas) {
    const parent = e.parentNode as HTMLElement;
    const width = parent.className.endsWith('isplay')
      ? (parent.parentNode as HTMLElement).offsetWidth
      : parent.offsetWidth;
    if (e.offsetWidth > width) e.style.fontSize = `${(width * 100) / e.offsetWidth}%`;
  }
}

export interface Comparison {
  page: string;
  width: number;
  /** Index of the formula in the page, in document order (0-based). */
  i: number;
  display: boolean;
  tex: string;
  /** Ratios ours/MathJax of the ink box (null when one side has no box, e.g. shown as source). */
  w: number | null;
  h: number | null;
  tagOverlap: boolean;
  overflow: boolean;
  /** Why the formula is outside tolerance; empty when it is within. */
  outside: string[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Compares one formula measured with MathJax (`mj`) and with ours (`kx`). */
export function compareFormula(
  page: string,
  width: number,
  i: number,
  mj: FormulaFacts | undefined,
  kx: FormulaFacts | undefined,
): Comparison {
  const either = kx ?? mj;
  if (!either) throw new Error(`${page} #${i}: a pair of two missing formulas`);
  const base = { page, width, i, display: either.display, tex: either.tex };
  if (!mj || !kx) {
    return {
      ...base,
      w: null,
      h: null,
      tagOverlap: false,
      overflow: false,
      outside: [mj ? 'missing in ours' : 'missing in MathJax'],
    };
  }
  const outside: string[] = [];
  const ok = (r: number) => r >= TOLERANCE.ratio.min && r <= TOLERANCE.ratio.max;
  const w = mj.w > 0 ? kx.w / mj.w : null;
  const h = mj.h > 0 ? kx.h / mj.h : null;
  if (kx.error && !mj.error) outside.push('shown as source');
  else if (w !== null && h !== null) {
    const brokenNotShrunk = kx.lines > 1 && mj.shrunk && TOLERANCE.inlineBreaks;
    const shrunkOnlyByTheHook = TOLERANCE.hookShrinksNumbered && kx.display && mj.shrunk && !kx.shrunk;
    if (!brokenNotShrunk && !shrunkOnlyByTheHook && !ok(w) && Math.abs(kx.w - mj.w) > TOLERANCE.slackPx)
      outside.push(`width ×${w.toFixed(2)}`);
    const brokenLinesLower = kx.lines > 1 && TOLERANCE.inlineBreaks && h < 1;
    if (
      !brokenNotShrunk &&
      !shrunkOnlyByTheHook &&
      !brokenLinesLower &&
      !ok(h) &&
      Math.abs(kx.h - mj.h) > TOLERANCE.slackPx
    )
      outside.push(`height ×${h.toFixed(2)}`);
    if (kx.lines > 1 && !TOLERANCE.inlineBreaks) outside.push(`broken over ${kx.lines} lines`);
  }
  const tagOverlap = kx.tagOverlap;
  if (tagOverlap) outside.push('number over the formula');
  const overflow = kx.overflowPx > TOLERANCE.px;
  if (overflow && kx.display) outside.push(`${Math.round(kx.overflowPx)} px out of the column`);
  if (kx.tags.length !== mj.tags.length) outside.push(`${kx.tags.length} numbers, MathJax ${mj.tags.length}`);
  else if (
    kx.display &&
    kx.tagGap !== null &&
    mj.tagGap !== null &&
    Math.abs(kx.tagGap - mj.tagGap) > TOLERANCE.tagPx
  ) {
    outside.push(`number ${Math.round(kx.tagGap)} px from the edge, MathJax ${Math.round(mj.tagGap)} px`);
  }
  if (kx.colors.join() !== mj.colors.join())
    outside.push(`colours ${kx.colors.join(' ') || 'none'}, MathJax ${mj.colors.join(' ') || 'none'}`);
  return { ...base, w: w === null ? null : round(w), h: h === null ? null : round(h), tagOverlap, overflow, outside };
}

const normalTex = (tex: string) => tex.replace(/\s+/g, '');

/**
 * Pairs the two renderers' formulas by TeX in document order (they are the same formulas in the same order when both
 * found the same math; a formula only one of them found is paired with nothing).
 */
export function pairFormulas(
  mj: FormulaFacts[],
  kx: FormulaFacts[],
): [FormulaFacts | undefined, FormulaFacts | undefined][] {
  const pairs: [FormulaFacts | undefined, FormulaFacts | undefined][] = [];
  const tm = mj.map((f) => normalTex(f.tex));
  const tk = kx.map((f) => normalTex(f.tex));
  let a = 0;
  let b = 0;
  const LOOKAHEAD = 8;
  while (a < mj.length || b < kx.length) {
    if (a < mj.length && b < kx.length && tm[a] === tk[b]) {
      pairs.push([mj[a++], kx[b++]]);
      continue;
    }
    const inKx = a < mj.length ? tk.slice(b, b + LOOKAHEAD).indexOf(tm[a] ?? '') : -1;
    const inMj = b < kx.length ? tm.slice(a, a + LOOKAHEAD).indexOf(tk[b] ?? '') : -1;
    if (inKx > 0 && (inMj < 0 || inKx <= inMj))
      while (b < kx.length && tk[b] !== tm[a]) pairs.push([undefined, kx[b++]]);
    else if (inMj > 0) while (a < mj.length && tm[a] !== tk[b]) pairs.push([mj[a++], undefined]);
    else if (a < mj.length && b < kx.length)
      pairs.push([mj[a++], kx[b++]]); // same place, TeX differs (e.g. normalised)
    else if (a < mj.length) pairs.push([mj[a++], undefined]);
    else pairs.push([undefined, kx[b++]]);
  }
  return pairs;
}

/** page url → width → formulas. */
type Measured = Map<string, Map<number, FormulaFacts[]>>;

async function waitForMathJax(page: Page): Promise<boolean> {
  const hasMathJax = await page.evaluate(() => !!document.querySelector('script[src*="MathJax"]'));
  if (!hasMathJax) return false;
  await page.waitForFunction(() => (window as { MathJax?: { isReady?: boolean } }).MathJax?.isReady, null, {
    timeout: 60_000,
  });
  await page.evaluate(
    () =>
      new Promise((done) =>
        (window as unknown as { MathJax: { Hub: { Queue(f: unknown): void } } }).MathJax.Hub.Queue(done),
      ),
  );
  return true;
}

async function waitForOurs(page: Page): Promise<void> {
  // Pages our feature does not run on never get a math state: give them a moment, then measure whatever is there.
  await page
    .waitForFunction(
      () =>
        document.documentElement.getAttribute('data-kx-math-state') === 'done' &&
        !document.documentElement.hasAttribute('data-kx-math-settling'),
      null,
      { timeout: 30_000 },
    )
    .catch(() => undefined);
}

/**
 * Ours, measured as the reader sees each formula once it is on screen: off-screen paragraphs are skipped by
 * `content-visibility: auto` (utils/tex/dom/offscreen.ts), and a skipped formula's fit runs only when the browser
 * lays it out, as it does before painting it. So every paragraph is laid out before the measurement.
 */
async function showEverything(page: Page): Promise<void> {
  await waitForOurs(page);
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = '* { content-visibility: visible !important; }';
    document.head.append(style);
  });
  await afterTwoFrames(page);
}

/** Two frames: whatever reacts to a resize (resize events, ResizeObserver, container queries) has run and painted. */
const afterTwoFrames = (page: Page) =>
  page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));

async function measureAll(
  session: ExtensionSession,
  pages: ManifestPage[],
  renderer: 'ours' | 'mathjax',
  log: (s: string) => void,
): Promise<Measured> {
  await setRenderer(session, renderer === 'ours');
  const out: Measured = new Map();
  for (const entry of pages) {
    const page = await session.context.newPage();
    try {
      await page.setViewportSize({ width: VIEWPORT_WIDTHS[0], height: VIEWPORT_HEIGHT });
      await page.goto(entry.url, { waitUntil: 'domcontentloaded' });
      if (renderer === 'mathjax') await waitForMathJax(page);
      else await showEverything(page);
      const byWidth = new Map<number, FormulaFacts[]>();
      for (const width of VIEWPORT_WIDTHS) {
        if (width !== VIEWPORT_WIDTHS[0]) {
          await page.setViewportSize({ width, height: VIEWPORT_HEIGHT });
          if (renderer === 'mathjax') await page.evaluate(rerunAuthorsShrinkHook);
          await afterTwoFrames(page);
        }
        byWidth.set(width, await page.evaluate(measureFormulasInPage, renderer));
      }
      out.set(entry.url, byWidth);
    } catch (e) {
      log(`${entry.url}: ${renderer}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    } finally {
      await page.close();
    }
  }
  return out;
}

/**
 * Measures every page with MathJax and with ours and compares them, formula by formula, at every width.
 * `log` gets one line per page that could not be measured.
 */
export async function compareRenderers(
  session: ExtensionSession,
  pages: ManifestPage[],
  log: (line: string) => void = () => undefined,
): Promise<Comparison[]> {
  // tsx (scripts) keeps function names with a __name helper that the serialized in-page function would miss.
  await session.context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const mathjax = await measureAll(session, pages, 'mathjax', log);
  const ours = await measureAll(session, pages, 'ours', log);
  const comparisons: Comparison[] = [];
  for (const entry of pages) {
    for (const width of VIEWPORT_WIDTHS) {
      const mj = mathjax.get(entry.url)?.get(width);
      const kx = ours.get(entry.url)?.get(width);
      if (!mj || !kx) continue;
      for (const [i, [a, b]] of pairFormulas(mj, kx).entries())
        comparisons.push(compareFormula(entry.url, width, i, a, b));
    }
  }
  return comparisons;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const at = (k: number) => s[k] ?? Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? at(m) : (at(m - 1) + at(m)) / 2;
}

/**
 * The closing line of tex:visual:
 * `visual: N formulas, K outside tolerance (display D, inline I); median w X, median h Y`.
 */
export function summaryLine(
  comparisons: Comparison[],
  isOutside: (c: Comparison) => boolean = (c) => c.outside.length > 0,
): string {
  const outside = comparisons.filter(isOutside);
  const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
  const ws = comparisons.flatMap((c) => (c.w === null ? [] : [c.w]));
  const hs = comparisons.flatMap((c) => (c.h === null ? [] : [c.h]));
  return (
    `visual: ${comparisons.length} formulas, ${outside.length} outside tolerance ` +
    `(display ${outside.filter((c) => c.display).length}, inline ${outside.filter((c) => !c.display).length}); ` +
    `median w ${fmt(median(ws))}, median h ${fmt(median(hs))}`
  );
}

/** Medians of w and h per width and kind, for reports. */
export function medians(comparisons: Comparison[]): Record<string, { n: number; w: number | null; h: number | null }> {
  const out: Record<string, { n: number; w: number | null; h: number | null }> = {};
  for (const width of VIEWPORT_WIDTHS) {
    for (const display of [true, false]) {
      const cs = comparisons.filter((c) => c.width === width && c.display === display);
      out[`${width}px ${display ? 'display' : 'inline'}`] = {
        n: cs.length,
        w: median(cs.flatMap((c) => (c.w === null ? [] : [c.w]))),
        h: median(cs.flatMap((c) => (c.h === null ? [] : [c.h]))),
      };
    }
  }
  return out;
}
