// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import {
  eqrefTarget,
  fragmentToTexText,
  installCopyTex,
  installEqrefPreview,
  installTexPopover,
  MATH_CSS,
  texOfElement,
} from '@/utils/tex/dom/interactions';
import { renderMath } from '@/utils/tex/dom/render';
import { prepareTexPage } from '@/utils/tex/pipeline';
import { scanMath } from '@/utils/tex/scan';

async function rendered(html: string): Promise<void> {
  document.body.innerHTML = html;
  const matches = scanMath(document.body);
  const page = prepareTexPage(matches.map((m) => ({ tex: m.tex, display: m.display })));
  await renderMath(document.body, page, matches, { schedule: (t) => t() }).done;
}

function copyEvent(): ClipboardEvent {
  return new ClipboardEvent('copy', { clipboardData: new DataTransfer(), bubbles: true, cancelable: true });
}

function select(startNode: Node, startOffset: number, endNode: Node, endOffset: number): void {
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  const selection = must(document.getSelection(), 'a selection');
  selection.removeAllRanges();
  selection.addRange(range);
}

let controller: AbortController;
beforeEach(() => {
  controller = new AbortController();
});
afterEach(() => {
  controller.abort();
  document.getSelection()?.removeAllRanges();
});

describe('copy-tex', () => {
  it('puts the selection on the clipboard with TeX for the formulas', async () => {
    await rendered('<p>设$x^2$与<br>\n$$\\int f$$<br>\n完</p>');
    installCopyTex(document, { signal: controller.signal });
    const p = must(document.querySelector('p'), 'the paragraph');
    select(must(p.firstChild, 'its first child'), 0, must(p.lastChild, 'its last child'), 2);
    const e = copyEvent();
    document.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(true);
    expect(e.clipboardData?.getData('text/plain')).toBe('设$x^2$与\n$$\\int f$$\n完');
    expect(e.clipboardData?.getData('text/html')).toContain('data-kx-math');
  });

  it('puts paragraphs on their own lines', async () => {
    await rendered('<p>a $x$</p>\n<p>b $y$</p>');
    installCopyTex(document, { signal: controller.signal });
    const [p1, p2] = document.querySelectorAll('p');
    select(
      must(must(p1, 'the first paragraph').firstChild, 'its first child'),
      0,
      must(must(p2, 'the second paragraph').lastChild, 'its last child'),
      0,
    );
    const e = copyEvent();
    document.dispatchEvent(e);
    expect(e.clipboardData?.getData('text/plain')).toBe('a $x$\nb $y$');
  });

  it('takes the whole formula when the selection starts or ends inside one', async () => {
    await rendered('<p>a $b+c$ d</p>');
    installCopyTex(document, { signal: controller.signal });
    const inner = must(document.querySelector('.katex-html'), 'the rendered formula');
    const text = must(must(document.querySelector('p'), 'the paragraph').lastChild, 'its last child');
    select(inner, 0, text, 2);
    const e = copyEvent();
    document.dispatchEvent(e);
    expect(e.clipboardData?.getData('text/plain')).toBe('$b+c$ d');
  });

  it('leaves a selection without math to the browser', async () => {
    await rendered('<p>plain text</p><p>$x$</p>');
    installCopyTex(document, { signal: controller.signal });
    const t = must(must(document.querySelector('p'), 'the paragraph').firstChild, 'its text');
    select(t, 0, t, 5);
    const e = copyEvent();
    document.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(false);
  });

  it('stops when its signal aborts', async () => {
    await rendered('<p>a $b$ c</p>');
    installCopyTex(document, { signal: controller.signal });
    controller.abort();
    const p = must(document.querySelector('p'), 'the paragraph');
    select(must(p.firstChild, 'its first child'), 0, must(p.lastChild, 'its last child'), 2);
    const e = copyEvent();
    document.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(false);
  });

  it('writes failed formulas as their TeX too', async () => {
    await rendered('<div>x $\\left($ y</div>');
    expect(fragmentToTexText(document.body)).toBe('x $\\left($ y');
  });
});

describe('the TeX of one formula', () => {
  it('texOfElement finds the TeX from anything inside a formula', async () => {
    await rendered('<p>a $\\alpha_1$ b</p>');
    expect(texOfElement(document.querySelector('.katex-html .mord'))).toBe('\\alpha_1');
    expect(texOfElement(document.querySelector('p'))).toBeNull();
  });

  it('Alt+click opens a popover with the TeX, readonly, and a working copy button; Escape closes it', async () => {
    await rendered('<p>a $$\\sum_i x_i$$ b</p>');
    const copied: string[] = [];
    installTexPopover(document, { signal: controller.signal, writeText: async (t) => void copied.push(t) });
    const inner = must(document.querySelector('.katex-html'), 'the rendered formula');
    inner.dispatchEvent(new MouseEvent('click', { altKey: false, bubbles: true }));
    expect(document.querySelector('[data-kx-ui="tex-popover"]')).toBeNull();

    const click = new MouseEvent('click', { altKey: true, bubbles: true, cancelable: true });
    inner.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    const popover = must(document.querySelector('[data-kx-ui="tex-popover"]'), 'the popover');
    const textarea = must(popover.querySelector('textarea'), 'its textarea');
    expect(textarea.value).toBe('\\sum_i x_i');
    expect(textarea.readOnly).toBe(true);
    const copy = must(popover.querySelectorAll('button')[0], 'the copy button');
    copy.click();
    await Promise.resolve();
    expect(copied).toEqual(['\\sum_i x_i']);
    expect(copy.textContent).toBe('Copied');
    expect(scanMath(document.body)).toEqual([]);

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(document.querySelector('[data-kx-ui="tex-popover"]')).toBeNull();
  });

  it('the popover goes away when the listeners are removed', async () => {
    await rendered('<p>$x$</p>');
    installTexPopover(document, { signal: controller.signal, writeText: async () => undefined });
    must(document.querySelector('.katex'), 'the formula').dispatchEvent(
      new MouseEvent('click', { altKey: true, bubbles: true }),
    );
    expect(document.querySelector('[data-kx-ui]')).not.toBeNull();
    controller.abort();
    expect(document.querySelector('[data-kx-ui]')).toBeNull();
  });
});

describe('\\eqref preview', () => {
  const html =
    '<p>\\begin{equation}E=mc^2\\label{eq:e}\\end{equation}<br>\n由$\\eqref{eq:e}$可知</p><p id="far">远处</p>';

  it('finds the referenced equation', async () => {
    await rendered(html);
    const link = must(document.querySelector('[data-kx-math="inline"] a'), 'the eqref link');
    expect(eqrefTarget(link)?.getAttribute('data-kx-math')).toBe('display');
  });

  it('hovering the link shows a copy of the equation without its ids; leaving removes it', async () => {
    await rendered(html);
    installEqrefPreview(document, { signal: controller.signal });
    const link = must(document.querySelector('[data-kx-math="inline"] a'), 'the eqref link');
    const inside = link.querySelector('.mord') ?? link;
    inside.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    const preview = must(document.querySelector('[data-kx-ui="eqref-preview"]'), 'the preview');
    expect(preview.getAttribute('role')).toBe('tooltip');
    expect(preview.querySelector('[data-kx-math="display"]')?.getAttribute('data-kx-tex')).toContain('E=mc^2');
    expect(preview.querySelectorAll('[id]').length).toBe(0);
    expect(preview.textContent).toContain('(1)');

    // Moving within the link keeps it; leaving the link removes it.
    inside.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, relatedTarget: link }));
    expect(document.querySelector('[data-kx-ui="eqref-preview"]')).not.toBeNull();
    link.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, relatedTarget: document.getElementById('far') }));
    expect(document.querySelector('[data-kx-ui="eqref-preview"]')).toBeNull();
  });

  it('keyboard focus shows it too', async () => {
    await rendered(html);
    installEqrefPreview(document, { signal: controller.signal });
    const link = document.querySelector('[data-kx-math="inline"] a') as HTMLAnchorElement;
    link.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(document.querySelector('[data-kx-ui="eqref-preview"]')).not.toBeNull();
    link.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(document.querySelector('[data-kx-ui="eqref-preview"]')).toBeNull();
  });
});

describe('MATH_CSS', () => {
  it('makes math take the text colour and only styles our own elements', () => {
    expect(MATH_CSS).toMatch(/\[data-kx-math\] \{ color: inherit; \}/);
    const selectors = [...MATH_CSS.matchAll(/([^{}]+)\{[^{}]*\}/g)].map((m) => must(m[1], 'a selector group').trim());
    expect(selectors.length).toBeGreaterThan(5);
    for (const group of selectors) {
      for (const selector of group.split(',')) expect(selector.trim()).toMatch(/^\[data-kx-/);
    }
  });
});
