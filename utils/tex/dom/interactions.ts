/**
 * What readers do with rendered math: copy a selection as TeX (as KaTeX's copy-tex does), see and copy one formula's
 * TeX (Alt+click, or texOfElement for a context menu), and preview the equation an `\eqref` link points to.
 * Every listener is registered with the caller's AbortSignal so the content script can remove them all at once.
 */
import { FIT_VAR, fitCss, TEXT_SCALE_VAR } from './fit';
import { MATH_ATTR, TEX_ATTR } from './render';

export interface ListenerOptions {
  signal: AbortSignal;
}

export interface PopoverLabels {
  title: string;
  copy: string;
  copied: string;
  close: string;
}

export const DEFAULT_POPOVER_LABELS: PopoverLabels = {
  title: 'TeX source',
  copy: 'Copy',
  copied: 'Copied',
  close: 'Close',
};

export const UI_ATTR = 'data-kx-ui';
const MATH_SELECTOR = `[${MATH_ATTR}]`;

/**
 * A formula's font size: MathJax 2's matchFontHeight. MathJax scales its fonts so that their x-height equals the
 * surrounding text's (the `ex` of the element holding the formula, measured per formula), floored to whole percent,
 * at least 50%. KaTeX's fonts have MathJax's x-height, 0.430554 em. The browser resolves `ex` from the real
 * surrounding font, whatever the theme sets; no layout is read for it. (KaTeX's own default is a fixed 1.21em.)
 * The first value is for browsers without CSS round().
 */
const MATCH_X_HEIGHT = 'calc(1ex / 0.430554)';
const MATCH_X_HEIGHT_FLOORED = `max(0.5em, round(down, ${MATCH_X_HEIGHT}, 0.01em))`;

/**
 * KaTeX pulls the 2 px strut cell at the end of an equation number out of its box (margin-right: -2px), so every
 * numbered equation overflowed its wrapper by 2 px: a horizontal scrollbar where scrollbars are not overlays.
 */
const TAG_NO_OVERFLOW = '[data-kx-math] .katex-html > .tag > .vlist-t2 { margin-right: 0; }';

/**
 * Styles the content script injects once; everything is scoped to our own attributes. The \eqref preview's copy of
 * an equation takes its natural width, its number after it rather than over its end (see showEqrefPreview).
 */
export const MATH_CSS = `
[data-kx-math] { color: inherit; }
[data-kx-math] .katex { color: inherit; font-size: ${MATCH_X_HEIGHT}; font-size: ${MATCH_X_HEIGHT_FLOORED}; }
${fitCss(MATCH_X_HEIGHT, MATCH_X_HEIGHT_FLOORED)}
${TAG_NO_OVERFLOW}
[data-kx-math] .katex .cjk_fallback, [data-kx-math] .katex .hangul_fallback {
  font-size: calc(1em * var(${TEXT_SCALE_VAR}, 1)); }
[data-kx-math="display"]:not([data-kx-pending]):not([data-kx-math-error]) {
  display: inline-block; width: 100%; margin: 1em 0 0.7em; text-align: center;
  overflow-x: auto; overflow-y: hidden; vertical-align: top; text-indent: 0;
}
[data-kx-math="display"] > .katex-display, [data-kx-math="display"] > a > .katex-display { margin: 0; }
[data-kx-math][data-kx-math-error] { border-bottom: 1px dotted currentColor; cursor: help; }
[data-kx-ui] { position: absolute; z-index: 2147483000; box-sizing: border-box; color: CanvasText; background: Canvas;
  border: 1px solid color-mix(in srgb, currentColor 30%, transparent); border-radius: 6px;
  box-shadow: 0 4px 16px rgba(0, 0, 0, .2); font: 13px/1.4 system-ui, sans-serif; }
[data-kx-ui="tex-popover"] { padding: 8px; width: max-content; min-width: min(16em, calc(100vw - 16px));
  max-width: calc(100vw - 16px); }
[data-kx-ui="tex-popover"] textarea { display: block; min-width: 100%; max-width: 100%; box-sizing: border-box;
  min-height: 2.5em; font: 12px/1.4 ui-monospace, monospace; color: inherit; background: transparent;
  white-space: pre; overflow-x: auto; resize: vertical; }
[data-kx-ui="tex-popover"] [data-kx-buttons] { display: flex; gap: 6px; justify-content: flex-end; margin-top: 6px; }
[data-kx-ui="tex-popover"] button { font: inherit; color: inherit; background: transparent; cursor: pointer;
  border: 1px solid color-mix(in srgb, currentColor 40%, transparent); border-radius: 4px; padding: 2px 10px; }
[data-kx-ui="eqref-preview"] { padding: 4px 12px; width: max-content; max-width: calc(100vw - 16px); overflow: hidden;
  pointer-events: none; }
[data-kx-ui="eqref-preview"] > [data-kx-math="display"]:not([data-kx-pending]):not([data-kx-math-error]) { margin: 0;
  width: auto; container-type: normal; }
[data-kx-ui="eqref-preview"] .katex-display > .katex > .katex-html > .tag { position: static; margin-left: 1em; }
`;

function closestMath(node: Node | null): HTMLElement | null {
  const el = node && (node.nodeType === 1 ? (node as Element) : node.parentElement);
  return (el?.closest(MATH_SELECTOR) as HTMLElement | null) ?? null;
}

/** The TeX of the formula `el` belongs to (inside or on its wrapper), or null. For a context-menu entry. */
export function texOfElement(el: Element | null): string | null {
  return closestMath(el)?.getAttribute(TEX_ATTR) ?? null;
}

/** A formula as copy-tex writes it: `$…$` inline, `$$…$$` display. */
export function delimitTex(tex: string, display: boolean): string {
  return display ? `$$${tex}$$` : `$${tex}$`;
}

const BLOCK_TAGS = new RegExp(
  '^(address|article|aside|blockquote|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|main|nav|ol|p|pre|' +
    'section|table|tr|ul)$',
  'i',
);

/** Plain text of a copied fragment with each formula replaced by its delimited TeX. */
export function fragmentToTexText(fragment: Node): string {
  let out = '';
  // A block element starts on a new line and the text after it too; the break is written only before more text.
  let lineBreakDue = false;
  const write = (text: string) => {
    if (lineBreakDue && out && !out.endsWith('\n')) out += '\n';
    lineBreakDue = false;
    out += out === '' || out.endsWith('\n') ? text.replace(/^ +/, '') : text;
  };
  const walk = (node: Node, pre: boolean): void => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) {
        // Outside <pre>, source whitespace (the newline after each <br>) shows as at most one space.
        const text = n.nodeValue ?? '';
        if (text) write(pre ? text : text.replace(/[ \t\n\r\f]+/g, ' '));
      } else if (n.nodeType === 1) {
        const el = n as Element;
        const tag = el.tagName;
        if (el.hasAttribute(MATH_ATTR)) {
          write(delimitTex(el.getAttribute(TEX_ATTR) ?? '', el.getAttribute(MATH_ATTR) === 'display'));
        } else if (tag === 'BR') {
          write('\n');
        } else if (!/^(script|style|template)$/i.test(tag) && !el.hasAttribute(UI_ATTR)) {
          const block = BLOCK_TAGS.test(tag);
          lineBreakDue ||= block;
          walk(el, pre || /^(pre|textarea)$/i.test(tag));
          lineBreakDue ||= block;
        }
      }
    }
  };
  walk(fragment, false);
  return out;
}

/**
 * copy-tex: when the selection touches rendered math, the clipboard gets text with TeX (whole formulas: a selection
 * that starts or ends inside one takes all of it) and the same fragment as HTML.
 */
export function installCopyTex(doc: Document, { signal }: ListenerOptions): void {
  doc.addEventListener(
    'copy',
    (event) => {
      const e = event as ClipboardEvent;
      const selection = doc.getSelection();
      if (!selection || selection.isCollapsed || !e.clipboardData) return;
      const container = doc.createElement('div');
      for (let i = 0; i < selection.rangeCount; i++) {
        const range = selection.getRangeAt(i).cloneRange();
        const startMath = closestMath(range.startContainer);
        if (startMath) range.setStartBefore(startMath);
        const endMath = closestMath(range.endContainer);
        if (endMath) range.setEndAfter(endMath);
        container.appendChild(range.cloneContents());
      }
      if (!container.querySelector(MATH_SELECTOR)) return;
      e.clipboardData.setData('text/plain', fragmentToTexText(container));
      e.clipboardData.setData('text/html', container.innerHTML);
      e.preventDefault();
    },
    { signal },
  );
}

export interface PopoverOptions extends ListenerOptions {
  labels?: PopoverLabels;
  /** Puts text on the clipboard; default navigator.clipboard.writeText, else execCommand('copy'). */
  writeText?: (text: string) => Promise<void>;
}

/** Alt+click on a formula opens a popover with its TeX (readonly) and a copy button. */
export function installTexPopover(doc: Document, options: PopoverOptions): void {
  doc.addEventListener(
    'click',
    (event) => {
      const e = event as MouseEvent;
      if (!e.altKey) return;
      const wrapper = closestMath(e.target as Node | null);
      if (!wrapper || (e.target as Element).closest?.(`[${UI_ATTR}]`)) return;
      e.preventDefault();
      e.stopPropagation();
      openTexPopover(wrapper, options);
    },
    { signal: options.signal, capture: true },
  );
}

/** Opens (replacing any open one) the TeX popover for a formula wrapper; returns it. */
export function openTexPopover(wrapper: HTMLElement, options: PopoverOptions): HTMLElement {
  const doc = wrapper.ownerDocument;
  const labels = options.labels ?? DEFAULT_POPOVER_LABELS;
  closeUi(doc, 'tex-popover');
  const tex = wrapper.getAttribute(TEX_ATTR) ?? '';

  const popover = doc.createElement('div');
  popover.setAttribute(UI_ATTR, 'tex-popover');
  popover.setAttribute('role', 'dialog');
  popover.setAttribute('aria-label', labels.title);
  const textarea = doc.createElement('textarea');
  textarea.readOnly = true;
  textarea.spellcheck = false;
  textarea.value = tex;
  textarea.rows = 1;
  // Each TeX line on one line, the box as wide as the longest (up to the window's width, then it scrolls).
  textarea.wrap = 'off';
  textarea.style.width = `calc(${Math.max(...tex.split('\n').map((line) => line.length))}ch + 12px)`;
  const buttons = doc.createElement('div');
  buttons.setAttribute('data-kx-buttons', '');
  const copy = doc.createElement('button');
  copy.type = 'button';
  copy.textContent = labels.copy;
  const close = doc.createElement('button');
  close.type = 'button';
  close.textContent = labels.close;
  buttons.append(copy, close);
  popover.append(textarea, buttons);
  placeNear(popover, wrapper);
  doc.body.appendChild(popover);
  keepInView(popover);
  fitTextareaHeight(textarea);
  textarea.focus();
  // Selected for copying, with the caret at the start: select() would scroll a long formula to its end.
  textarea.setSelectionRange(0, tex.length, 'backward');
  textarea.scrollTop = 0;
  textarea.scrollLeft = 0;

  const controller = new AbortController();
  const signal = controller.signal;
  const dismiss = () => {
    controller.abort();
    popover.remove();
  };
  options.signal.addEventListener('abort', dismiss, { signal });
  copy.addEventListener(
    'click',
    () => {
      writeClipboard(doc, textarea, options.writeText).then(
        () => (copy.textContent = labels.copied),
        () => textarea.select(),
      );
    },
    { signal },
  );
  close.addEventListener('click', dismiss, { signal });
  doc.addEventListener('keydown', (e) => (e as KeyboardEvent).key === 'Escape' && dismiss(), { signal });
  doc.addEventListener('pointerdown', (e) => !popover.contains(e.target as Node) && dismiss(), {
    signal,
    capture: true,
  });
  return popover;
}

/** Lines shown at most in the TeX box before it scrolls. */
const TEX_BOX_MAX_LINES = 12;

/** As tall as the TeX's lines (and a scrollbar under a line wider than the window), up to TEX_BOX_MAX_LINES. */
function fitTextareaHeight(textarea: HTMLTextAreaElement): void {
  const style = textarea.ownerDocument.defaultView?.getComputedStyle(textarea);
  const px = (value: string | undefined) => parseFloat(value ?? '') || 0;
  const lineHeight = px(style?.lineHeight) || 17;
  const padding = px(style?.paddingTop) + px(style?.paddingBottom);
  const border = textarea.offsetHeight - textarea.clientHeight;
  const content = Math.min(textarea.scrollHeight, TEX_BOX_MAX_LINES * lineHeight + padding);
  textarea.style.height = `${Math.ceil(content + border)}px`;
}

function writeClipboard(
  doc: Document,
  textarea: HTMLTextAreaElement,
  writeText?: (text: string) => Promise<void>,
): Promise<void> {
  if (writeText) return writeText(textarea.value);
  const clipboard = doc.defaultView?.navigator.clipboard;
  if (clipboard?.writeText) return clipboard.writeText(textarea.value);
  textarea.select();
  return doc.execCommand('copy') ? Promise.resolve() : Promise.reject(new Error('copy refused'));
}

function closeUi(doc: Document, kind: string): void {
  for (const el of doc.querySelectorAll(`[${UI_ATTR}="${kind}"]`)) el.remove();
}

/** Absolute position in document coordinates below `anchor`, kept inside the viewport horizontally. */
function placeNear(el: HTMLElement, anchor: Element): void {
  const view = anchor.ownerDocument.defaultView;
  const rect = anchor.getBoundingClientRect();
  const scrollX = view?.scrollX ?? 0;
  const scrollY = view?.scrollY ?? 0;
  const maxLeft = Math.max(8, (view?.innerWidth ?? 0) - 8 - 320);
  el.style.left = `${Math.round(Math.min(Math.max(8, rect.left), maxLeft) + scrollX)}px`;
  el.style.top = `${Math.round(rect.bottom + 6 + scrollY)}px`;
}

/** Moves a placed element left as far as needed for its right edge to stay 8 px inside the window. */
function keepInView(el: HTMLElement): void {
  const view = el.ownerDocument.defaultView;
  if (!view) return;
  const rect = el.getBoundingClientRect();
  const over = rect.right - (view.innerWidth - 8);
  if (over > 0) el.style.left = `${Math.round(Math.max(8, rect.left - over) + view.scrollX)}px`;
}

/** The formula an `\eqref` link points to (by MathJax anchor id), or null. */
export function eqrefTarget(link: Element): HTMLElement | null {
  const href = link.getAttribute('href');
  if (!href?.startsWith('#') || href.length < 2) return null;
  const doc = link.ownerDocument;
  const raw = href.slice(1);
  let target = doc.getElementById(raw);
  if (!target) {
    try {
      target = doc.getElementById(decodeURIComponent(raw));
    } catch {
      return null;
    }
  }
  const wrapper = closestMath(target);
  return wrapper && !wrapper.contains(link) ? wrapper : null;
}

/** Shows a copy of the referenced equation next to `link`; returns it (or null when the link has no equation). */
export function showEqrefPreview(link: Element): HTMLElement | null {
  const target = eqrefTarget(link);
  if (!target) return null;
  const doc = link.ownerDocument;
  closeUi(doc, 'eqref-preview');
  const preview = doc.createElement('div');
  preview.setAttribute(UI_ATTR, 'eqref-preview');
  preview.setAttribute('role', 'tooltip');
  const copy = target.cloneNode(true) as HTMLElement;
  // The copy must not steal the anchors' ids (deep links) or look like a formula to copy-tex's expansion.
  copy.removeAttribute('id');
  for (const el of copy.querySelectorAll('[id]')) el.removeAttribute('id');
  // The article's font, so the copy has the size the equation has in the article (the preview's own font is the
  // UI's).
  const style = doc.defaultView?.getComputedStyle(target);
  if (style) {
    copy.style.fontSize = style.fontSize;
    copy.style.fontFamily = style.fontFamily;
  }
  copy.style.removeProperty(FIT_VAR);
  preview.appendChild(copy);
  placeNear(preview, link);
  doc.body.appendChild(preview);
  // Wider than the window allows: shrunk to fit, as the blog shrinks over-wide equations (a reader's hover, so
  // reading the layout here costs nothing noticeable).
  const overflow = copy.scrollWidth / Math.max(1, preview.clientWidth - 24);
  if (overflow > 1 && style) copy.style.fontSize = `${parseFloat(style.fontSize) / overflow}px`;
  keepInView(preview);
  return preview;
}

function refLink(target: EventTarget | null): Element | null {
  const node = target as Node | null;
  const el = node && (node.nodeType === 1 ? (node as Element) : node.parentElement);
  const link = el?.closest('a[href^="#"]') ?? null;
  return link?.closest(MATH_SELECTOR) ? link : null;
}

/** Hovering or focusing an `\eqref` link inside rendered math previews the equation; leaving removes it. */
export function installEqrefPreview(doc: Document, { signal }: ListenerOptions): void {
  let current: { link: Element; preview: HTMLElement } | null = null;
  const hide = () => {
    current?.preview.remove();
    current = null;
  };
  const show = (link: Element) => {
    if (current?.link === link) return;
    hide();
    const preview = showEqrefPreview(link);
    if (preview) current = { link, preview };
  };
  const leave = (e: Event) => {
    const link = refLink(e.target);
    const to = (e as MouseEvent | FocusEvent).relatedTarget as Node | null;
    if (link && current?.link === link && !(to && link.contains(to))) hide();
  };
  const enter = (e: Event) => {
    const link = refLink(e.target);
    if (link) show(link);
  };
  doc.addEventListener('mouseover', enter, { signal });
  doc.addEventListener('focusin', enter, { signal });
  doc.addEventListener('mouseout', leave, { signal });
  doc.addEventListener('focusout', leave, { signal });
  doc.addEventListener('keydown', (e) => (e as KeyboardEvent).key === 'Escape' && hide(), { signal });
  signal.addEventListener('abort', hide);
}

/** All of the above, with one signal. */
export function installMathInteractions(doc: Document, options: PopoverOptions): void {
  installCopyTex(doc, options);
  installTexPopover(doc, options);
  installEqrefPreview(doc, options);
}
