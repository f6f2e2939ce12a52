/**
 * Prints the corpus pass rate and the pipeline's time against bare KaTeX over the whole corpus (not a test: timings
 * don't belong in assertions). Run: npx tsx scripts/measure-corpus.ts
 * Each article is timed several times, alternating bare and ours, and the fastest run of each is summed, so that
 * other load on the machine affects both sides alike.
 */
import katex from 'katex';
import { byArticle, CORPUS, type CorpusFormula, loadFormulas } from '@/tests/unit/utils/tex/corpus-data';
import { prepareTexPage } from '@/utils/tex/pipeline';
import { clearRenderCache } from '@/utils/tex/render';

const RUNS = 7;
const formulas = loadFormulas(CORPUS);
const articles = [...byArticle(formulas).values()];

function bare(page: CorpusFormula[]): void {
  for (const f of page) {
    katex.renderToString(f.tex, {
      displayMode: f.display,
      throwOnError: false,
      output: 'htmlAndMathml',
      strict: 'ignore',
    });
  }
}

function ours(page: CorpusFormula[]): number {
  clearRenderCache();
  const prepared = prepareTexPage(page);
  let ok = 0;
  for (let i = 0; i < page.length; i++) if (prepared.render(i).ok) ok++;
  return ok;
}

let passed = 0;
for (const page of articles) passed += ours(page);
console.log(`corpus: ${passed}/${formulas.length} formulas render (${((100 * passed) / formulas.length).toFixed(2)}%)`);

let bareMs = 0;
let oursMs = 0;
for (const page of articles) {
  let bestBare = Infinity;
  let bestOurs = Infinity;
  for (let run = 0; run < RUNS; run++) {
    let t = performance.now();
    bare(page);
    bestBare = Math.min(bestBare, performance.now() - t);
    t = performance.now();
    ours(page);
    bestOurs = Math.min(bestOurs, performance.now() - t);
  }
  bareMs += bestBare;
  oursMs += bestOurs;
}
console.log(
  `bare katex.renderToString: ${bareMs.toFixed(0)} ms; pipeline (prepass + render, no cache): ${oursMs.toFixed(0)} ms`,
);
console.log(`ours/bare = ${(oursMs / bareMs).toFixed(3)}`);
