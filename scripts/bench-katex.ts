/** Our pipeline against bare KaTeX in the page (scripts/bench.ts), and what that says about the least time possible. */
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { REPEATS } from './bench-stats';

/** Our pipeline and bare KaTeX, bundled for the page's main world. */
export async function benchBundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import katex from 'katex'; import { prepareTexPage } from 
        './utils/tex/pipeline'; import { clearRenderCache } from './utils/tex/render';
        globalThis.KxBench = { katex, prepareTexPage, clearRenderCache };`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    charset: 'ascii',
    write: false,
  });
  const bundle = result.outputFiles[0];
  if (!bundle) throw new Error('esbuild produced no bundle');
  return bundle.text;
}

export async function pipelineVsBare(page: Page, bundle: string) {
  await page.addScriptTag({ content: bundle });
  return page.evaluate((repeats) => {
    type Formula = { tex: string; display: boolean };
    const { katex, prepareTexPage, clearRenderCache } = (
      globalThis as unknown as {
        KxBench: {
          katex: { renderToString(tex: string, options: object): string };
          prepareTexPage(formulas: Formula[]): { render(i: number): unknown };
          clearRenderCache(): void;
        };
      }
    ).KxBench;
    const formulas = [...document.querySelectorAll('[data-kx-math]')].map((el) => ({
      tex: el.getAttribute('data-kx-tex') ?? '',
      display: el.getAttribute('data-kx-math') === 'display',
    }));
    const options = (display: boolean) => ({ displayMode: display, throwOnError: true, output: 'htmlAndMathml' });
    // Bare KaTeX gives up at once on what it can't parse (\label, page macros, …): compare only what it renders.
    const subset = formulas.flatMap((f, i) => {
      try {
        katex.renderToString(f.tex, options(f.display));
        return [i];
      } catch {
        return [];
      }
    });
    const timed = (work: () => void) => {
      const start = performance.now();
      work();
      return performance.now() - start;
    };
    const bareOnce = () =>
      timed(() => {
        for (const f of subset.map((i) => formulas[i])) if (f) katex.renderToString(f.tex, options(f.display));
      });
    let prepass = Infinity;
    const oursOnce = () => {
      clearRenderCache();
      let prepared: { render(i: number): unknown } | undefined;
      prepass = Math.min(
        prepass,
        timed(() => (prepared = prepareTexPage(formulas))),
      );
      return timed(() => {
        for (const i of subset) prepared?.render(i);
      });
    };
    // Alternating after a warm-up, and repeated until each side has run ≥ 300 ms in all: a listing page's handful of
    // formulas takes well under a millisecond, near the resolution of performance.now, and on a heavy article a
    // garbage collection falls in one run or the other. Means per run.
    bareOnce();
    oursOnce();
    let [bareTotal, oursTotal, runs] = [0, 0, 0];
    while (runs < repeats || (Math.min(bareTotal, oursTotal) < 300 && runs < 5000)) {
      bareTotal += bareOnce();
      oursTotal += oursOnce();
      runs++;
    }
    const [bare, ours] = [bareTotal / runs, oursTotal / runs];
    return { bare, ours, prepass, compared: subset.length, formulas: formulas.length };
  }, REPEATS);
}

export type KatexSpeed = Awaited<ReturnType<typeof pipelineVsBare>>;
