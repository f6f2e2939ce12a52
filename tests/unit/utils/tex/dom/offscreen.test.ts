// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import {
  MATH_BLOCK_ATTR,
  markMathParagraphs,
  SETTLING_ATTR,
  SKIP_OFFSCREEN_ATTR,
  settleSizesWhenIdle,
  skipOffscreenAfterFirstFrame,
  whenMathSettled,
} from '@/utils/tex/dom/offscreen';

const nextFrameAndTask = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));

beforeEach(() => {
  document.documentElement.removeAttribute(SKIP_OFFSCREEN_ATTR);
  document.documentElement.removeAttribute(SETTLING_ATTR);
});

describe('markMathParagraphs', () => {
  it('marks the paragraph around each formula once, and nothing else', () => {
    document.body.innerHTML = `
      <div id="post">
        <p id="two"><span class="m">a</span> and <b><span class="m">b</span></b></p>
        <p id="none">no math</p>
        <ol><li><span class="m">c</span></li></ol>
        <div><span class="m">d</span></div>
      </div>`;
    const wrappers = [...document.querySelectorAll('.m'), null];
    expect(markMathParagraphs([null])).toBe(0);
    expect(document.documentElement.hasAttribute(SETTLING_ATTR)).toBe(false);
    expect(markMathParagraphs(wrappers)).toBe(1);
    expect(document.documentElement.hasAttribute(SETTLING_ATTR)).toBe(true);
    expect([...document.querySelectorAll(`[${MATH_BLOCK_ATTR}]`)].map((el) => el.id)).toEqual(['two']);
    // Again: already marked.
    expect(markMathParagraphs(wrappers)).toBe(0);
  });
});

describe('skipOffscreenAfterFirstFrame', () => {
  it('switches skipping on after the next frame, not at once', async () => {
    skipOffscreenAfterFirstFrame(document);
    expect(document.documentElement.hasAttribute(SKIP_OFFSCREEN_ATTR)).toBe(false);
    await nextFrameAndTask();
    expect(document.documentElement.hasAttribute(SKIP_OFFSCREEN_ATTR)).toBe(true);
  });

  it('does nothing once the content script is stopped', async () => {
    const controller = new AbortController();
    skipOffscreenAfterFirstFrame(document, controller.signal);
    controller.abort();
    await nextFrameAndTask();
    expect(document.documentElement.hasAttribute(SKIP_OFFSCREEN_ATTR)).toBe(false);
  });
});

describe('settleSizesWhenIdle', () => {
  const paragraphs = (n: number) => {
    const tex = 'x'.repeat(40);
    document.body.innerHTML = Array.from(
      { length: n },
      () => `<p ${MATH_BLOCK_ATTR}><span data-kx-tex="${tex}">x</span></p>`,
    ).join('');
  };
  /** How many paragraphs are laid out for their size, each time that changes. */
  const watchMeasured = () => {
    const counts: number[] = [];
    const observer = new MutationObserver(() => counts.push(document.querySelectorAll('[data-kx-measure]').length));
    observer.observe(document.body, { subtree: true, attributeFilter: ['data-kx-measure'] });
    return { counts, stop: () => observer.disconnect() };
  };

  it(
    'lays the marked paragraphs out a little TeX (600 characters) per frame, ' +
      'then leaves them all to the browser again',
    async () => {
      paragraphs(40);
      const measured = watchMeasured();
      document.documentElement.setAttribute(SETTLING_ATTR, '');
      await settleSizesWhenIdle(document);
      measured.stop();
      expect(measured.counts).toEqual([15, 0, 15, 0, 10, 0]);
      expect(document.documentElement.hasAttribute(SETTLING_ATTR)).toBe(false);
    },
  );

  it(
    "lays out a paragraph's display equations as units of their own, " + 'the paragraph with them until the last',
    async () => {
      const tex = (n: number) => 'x'.repeat(n);
      document.body.innerHTML = `<p ${MATH_BLOCK_ATTR}>
      <span data-kx-math="inline" data-kx-tex="${tex(50)}">a</span>
      <span data-kx-math="display" data-kx-tex="${tex(500)}">b</span>
      <span data-kx-math="display" data-kx-tex="${tex(500)}">c</span>
      <span data-kx-math="display" data-kx-tex="${tex(50)}" data-kx-pending>not rendered: part of the paragraph</span>
    </p>`;
      const measured: string[] = [];
      const observer = new MutationObserver(() =>
        measured.push(
          [...document.querySelectorAll('[data-kx-measure]')].map((el) => el.textContent?.trim()[0] ?? 'p').join(''),
        ),
      );
      observer.observe(document.body, { subtree: true, attributeFilter: ['data-kx-measure'] });
      await settleSizesWhenIdle(document);
      observer.disconnect();
      // p (50 inline + 50 pending, shown by its first letter "a") and b fit 600; c in the next frame, with p still laid
      // out; then all released.
      expect(measured).toEqual(['ab', 'a', 'ac', '']);
    },
  );

  it('stops when the content script is stopped', async () => {
    paragraphs(40);
    document.documentElement.setAttribute(SETTLING_ATTR, '');
    const controller = new AbortController();
    const measured = watchMeasured();
    const settling = settleSizesWhenIdle(document, controller.signal);
    controller.abort();
    await settling;
    measured.stop();
    expect(measured.counts).toEqual([]);
    expect(document.documentElement.hasAttribute(SETTLING_ATTR)).toBe(false);
  });
});

describe('whenMathSettled', () => {
  it('resolves at once when nothing is settling', async () => {
    let resolved = false;
    void whenMathSettled(document).then(() => (resolved = true));
    await Promise.resolve();
    expect(resolved).toBe(true);
  });

  it('waits for the settling to end', async () => {
    document.documentElement.setAttribute(SETTLING_ATTR, '');
    let resolved = false;
    const settled = whenMathSettled(document).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(resolved).toBe(false);
    document.documentElement.removeAttribute(SETTLING_ATTR);
    await settled;
    expect(resolved).toBe(true);
  });

  it('gives up waiting after the timeout', async () => {
    document.documentElement.setAttribute(SETTLING_ATTR, '');
    const start = performance.now();
    await whenMathSettled(document, 40);
    expect(performance.now() - start).toBeGreaterThanOrEqual(35);
    expect(document.documentElement.hasAttribute(SETTLING_ATTR)).toBe(true);
  });
});
