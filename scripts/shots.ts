/**
 * `npm run shots`: screenshots of a few representative saved pages with the site's MathJax 2.7.9 (left) and with ours
 * (right), side by side, at 1280 and 400 px wide: one PNG per page × width in .output/shots/ (`NAME-WIDTH.png`).
 * Each shot is the window (900 px high, 1,800 at 400 px wide) scrolled to just above a chosen formula, so what
 * differs (size, limits, numbers, shrinking) is in view. Needs imagemagick's `convert` to put the two halves together.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { type ExtensionSession, launchExtension, setRenderer } from '@/tests/e2e/browser';

const OUT_DIR = resolve('.output/shots');

interface Shot {
  name: string;
  url: string;
  /** The shot starts above the first formula whose TeX contains this (default: the top of the page). */
  at?: string;
}

const SHOTS: Shot[] = [
  // The heaviest articles: many numbered and multi-line equations.
  { name: 'heavy-10878', url: 'https://kexue.fm/archives/10878', at: '\\begin{align}' },
  // \mathop{\text{argmin}}_{…} in display math, numbered.
  { name: 'argmin-10592', url: 'https://kexue.fm/archives/10592', at: 'argmin' },
  // CJK in formulas (\text{的} in a subscript, tables of words): drawn at the text's size, as MathJax does.
  { name: 'cjk-4677', url: 'https://kexue.fm/archives/4677', at: '\\boldsymbol{v}_{\\text{的}}' },
  // Scripts after accents in inline fractions (\bar{\beta}_t).
  { name: 'accents-9209', url: 'https://kexue.fm/archives/9209', at: '\\bar{\\alpha}_t^2 + \\bar{\\beta}_t^2' },
  // A long inline formula TeX cannot break: shrunk to the column at 400 px, as the author's hook does.
  { name: 'inline-fit-3956', url: 'https://kexue.fm/archives/3956', at: '[p(c_n),p(c_n|c_{n-1})' },
  // Arrays: a lower-triangular matrix with \ddots, and ruled tables of Chinese text.
  { name: 'matrices-9708', url: 'https://kexue.fm/archives/9708', at: '\\begin{pmatrix}' },
  { name: 'tables-3360', url: 'https://spaces.ac.cn/archives/3360', at: '\\hline' },
  // A listing: excerpts with inline math.
  { name: 'listing-home', url: 'https://kexue.fm/' },
];
const WIDTHS = [1280, 400];
const HEIGHT = 900;

/** The part of the blog's MathJax 2 these shots use. */
interface MathJaxWindow {
  MathJax?: {
    isReady?: boolean;
    Hub?: {
      getAllJax(): { originalText: string; inputID: string }[];
      Queue(callback: (value?: unknown) => void): void;
    };
  };
}

/** Document y of the first formula whose TeX contains `at`, for either renderer. */
function formulaTop(at: string): number {
  const ours = [...document.querySelectorAll('[data-kx-tex]')].find((el) =>
    el.getAttribute('data-kx-tex')?.includes(at),
  );
  const jax = (window as MathJaxWindow).MathJax?.Hub?.getAllJax().find((j) => j.originalText.includes(at));
  const el = ours ?? (jax ? document.getElementById(`${jax.inputID}-Frame`) : null);
  return el ? Math.max(0, el.getBoundingClientRect().top + scrollY - 120) : 0;
}

async function capture(
  session: ExtensionSession,
  shot: Shot,
  width: number,
  file: string,
  mathjax: boolean,
): Promise<void> {
  const page: Page = await session.context.newPage();
  try {
    const height = width < 800 ? 2 * HEIGHT : HEIGHT;
    await page.setViewportSize({ width, height });
    await page.goto(shot.url, { waitUntil: 'domcontentloaded' });
    if (mathjax) {
      await page.waitForFunction(() => (window as MathJaxWindow).MathJax?.isReady, null, { timeout: 60_000 });
      await page.evaluate(
        () =>
          new Promise((done) => {
            const hub = (window as MathJaxWindow).MathJax?.Hub;
            if (!hub) throw new Error('MathJax is ready but has no Hub');
            hub.Queue(done);
          }),
      );
    } else {
      await page.waitForSelector('html[data-kx-math-state="done"]:not([data-kx-math-settling])', { timeout: 60_000 });
    }
    const top = shot.at ? await page.evaluate(formulaTop, shot.at) : 0;
    // A window's worth, scrolled to: paragraphs off screen are not painted (content-visibility), as for a reader.
    await page.evaluate((y) => scrollTo(0, y), top);
    await page.evaluate(
      () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
    );
    await page.screenshot({ path: file });
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const session = await launchExtension();
  await session.context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  try {
    for (const mathjax of [true, false]) {
      await setRenderer(session, !mathjax);
      for (const shot of SHOTS) {
        for (const width of WIDTHS) {
          await capture(
            session,
            shot,
            width,
            join(OUT_DIR, `${shot.name}-${width}-${mathjax ? 'mathjax' : 'ours'}.png`),
            mathjax,
          );
        }
      }
    }
  } finally {
    await session.close();
  }
  for (const shot of SHOTS) {
    for (const width of WIDTHS) {
      const [left, right] = ['mathjax', 'ours'].map((r) => join(OUT_DIR, `${shot.name}-${width}-${r}.png`));
      if (left === undefined || right === undefined) throw new Error('expected a MathJax half and an ours half');
      const halves = [left, right];
      const out = join(OUT_DIR, `${shot.name}-${width}.png`);
      // MathJax left, ours right, a grey gap between.
      const done = spawnSync('convert', [
        left,
        '-bordercolor',
        '#999',
        '-border',
        '0x0',
        '(',
        '-size',
        '12x1',
        'xc:#999',
        ')',
        right,
        '-background',
        '#999',
        '+append',
        out,
      ]);
      if (done.status !== 0) throw new Error(`convert failed: ${done.stderr?.toString() ?? done.error}`);
      for (const half of halves) rmSync(half);
      console.log(out);
    }
  }
}

await main();
