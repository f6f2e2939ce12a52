/** Loads the real-formula fixtures (tex.jsonl: one {"id","display","tex"} per line, grouped by article). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FormulaInput } from '@/utils/tex/types';

export interface CorpusFormula extends FormulaInput {
  id: string;
}

export const CORPUS = fileURLToPath(new URL('../../../fixtures/corpus/tex.jsonl', import.meta.url));
export const KEXUE = fileURLToPath(new URL('../../../fixtures/kexue/tex.jsonl', import.meta.url));
export const MATHJAX_REF_DIR = fileURLToPath(new URL('../../../fixtures/corpus/mathjax-ref/', import.meta.url));

export function loadFormulas(file: string): CorpusFormula[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const o = JSON.parse(line) as CorpusFormula;
      return { id: o.id, display: o.display, tex: o.tex };
    });
}

/** Formulas grouped by article, each article's formulas in page order. */
export function byArticle(formulas: CorpusFormula[]): Map<string, CorpusFormula[]> {
  const pages = new Map<string, CorpusFormula[]>();
  for (const f of formulas) {
    const page = pages.get(f.id);
    if (page) page.push(f);
    else pages.set(f.id, [f]);
  }
  return pages;
}
