/**
 * The page-level TeX pipeline: a prepass over all of a page's formulas in document order (macro table,
 * MathJax compatibility, AMS numbering and labels), then lazy per-formula rendering with references resolved
 * against the whole page. Pure: runs in Node and in the page.
 */
import { mathjaxArrays } from './array-layout';
import { rewriteFormula, rewriteMath } from './compat';
import { extractDefinitions, type MacroContext, MacroTable, tokensToTex } from './macros';
import { anchorHref, type LabelRecord, PageNumbering, type Piece } from './numbering';
import { type KatexMacros, type RenderLimits, renderTex } from './render';
import { MAX_TEX_LENGTH } from './security';
import type { FormulaInput, LabelTarget, PreparedTexPage, RenderedFormula } from './types';

/** Environments KaTeX renders only in display mode; MathJax typesets them inline too. */
const DISPLAY_ENVIRONMENT = /\\begin\s*\{(?:equation|align|gather|alignat|multline|eqnarray)\*?\}/;

type Prepared =
  | {
      ok: true;
      pieces: Piece[];
      tags: string[];
      anchorIds: string[];
      katexDisplay: boolean;
      macros: KatexMacros;
      macrosKey: string;
    }
  | { ok: false; error: string };

export interface PrepareOptions {
  /** Refuse formulas longer than this many characters (default: security.ts's MAX_TEX_LENGTH). */
  maxTexLength?: number;
}

/**
 * The page's macro tables: the article's holds only definitions made in the article body; the page's holds all of
 * them in document order (what MathJax has), for the formulas outside the body.
 */
interface MacroTables {
  article: MacroTable;
  page: MacroTable;
}

function prepareOne(input: FormulaInput, tables: MacroTables, numbering: PageNumbering, maxLength: number): Prepared {
  const { tex, display } = input;
  if (typeof tex !== 'string') return { ok: false, error: 'Formula is not a string' };
  if (tex.length > maxLength) {
    return { ok: false, error: `Formula too long (${tex.length} characters, limit ${maxLength})` };
  }
  const { rest, definitions } = extractDefinitions(tex);
  const outside = input.outsideArticle === true;
  for (const def of definitions) {
    const rewrittenDef = { ...def, body: rewriteMath(def.body) };
    tables.page.define(rewrittenDef);
    if (!outside) tables.article.define(rewrittenDef);
  }
  const table = outside ? tables.page : tables.article;
  const rewritten = mathjaxArrays(rewriteFormula(rest, display, table));
  const katexDisplay = display || DISPLAY_ENVIRONMENT.test(rewritten);
  const { pieces, tags, anchorIds, error } = numbering.numberFormula(rewritten, display, katexDisplay);
  if (error) return { ok: false, error: `MathJax error: ${error}` };
  const { macros, key } = table.snapshot();
  return { ok: true, pieces, tags, anchorIds, katexDisplay, macros, macrosKey: key };
}

interface ResolvedRef {
  text: string;
  tex: string;
}

function resolveRef(eqref: boolean, target: LabelRecord | null | undefined): ResolvedRef {
  if (!target) {
    const text = eqref ? '(???)' : '???';
    return { text, tex: `\\text{${text}}` };
  }
  const text = eqref ? `(${target.tagId})` : target.tagId;
  // `#` and `%` escaped: inside another argument (\text{…式\eqref{…}}) KaTeX lexes the URL as ordinary TeX first.
  const href = anchorHref(target.anchorId).replace(/[#%]/g, '\\$&');
  return { text, tex: `\\href{${href}}{\\text{${text}}}` };
}

/** Runs the prepass over a page's formulas (in document order) and returns the lazily rendered page. */
export function prepareTexPage(formulas: readonly FormulaInput[], options: PrepareOptions = {}): PreparedTexPage {
  const maxLength = options.maxTexLength ?? MAX_TEX_LENGTH;
  const tables: MacroTables = { article: new MacroTable(), page: new MacroTable() };
  const numbering = new PageNumbering();
  const prepared: Prepared[] = formulas.map((input) => {
    try {
      return prepareOne(input, tables, numbering, maxLength);
    } catch (e) {
      return { ok: false, error: `Prepass failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  });

  const labels = new Map<string, LabelTarget>();
  for (const [label, target] of numbering.labels) {
    if (target) labels.set(label, { tag: `(${target.tagId})`, anchorId: target.anchorId });
  }
  const rendered = new Map<number, RenderedFormula>();

  // An \eqref or \ref inside a page macro's body reaches KaTeX unresolved: resolve it the same way there.
  const refMacro = (eqref: boolean) => (context: MacroContext) =>
    resolveRef(eqref, numbering.labels.get(tokensToTex(context.consumeArgs(1)[0] ?? []))).tex;
  const refMacros = { '\\eqref': refMacro(true), '\\ref': refMacro(false) };
  const withRefMacros = new WeakMap<KatexMacros, KatexMacros>();
  function macrosFor(p: { macros: KatexMacros; macrosKey: string }): KatexMacros {
    if (p.macrosKey === '') return p.macros;
    let merged = withRefMacros.get(p.macros);
    if (!merged) {
      merged = { ...p.macros, ...refMacros } as KatexMacros;
      withRefMacros.set(p.macros, merged);
    }
    return merged;
  }

  function render(index: number, limits?: RenderLimits): RenderedFormula {
    const done = rendered.get(index);
    if (done) return done;
    const p = prepared[index];
    if (!p) throw new RangeError(`No formula ${index} (the page has ${prepared.length})`);
    let result: RenderedFormula;
    if (!p.ok) {
      result = { html: '', ok: false, error: p.error, tags: [], anchorIds: [], refs: [] };
    } else {
      let tex = '';
      const refs: string[] = [];
      for (const piece of p.pieces) {
        if (typeof piece === 'string') {
          tex += piece;
        } else {
          const ref = resolveRef(piece.eqref, numbering.labels.get(piece.label));
          refs.push(ref.text);
          tex += ref.tex;
        }
      }
      const r = renderTex(tex, p.katexDisplay, macrosFor(p), p.macrosKey, limits);
      // Over the caller's limits: nothing rendered, nothing kept (another caller may render it).
      if (r.deferred) return { html: '', ok: false, error: null, tags: [], anchorIds: [], refs: [], deferred: true };
      // Copies: the render cache keeps its own result.
      const unknownCommands = [...r.unknownCommands];
      result = r.ok
        ? { html: r.html, ok: true, error: null, tags: [...p.tags], anchorIds: [...p.anchorIds], refs, unknownCommands }
        : { html: '', ok: false, error: r.error, tags: [], anchorIds: [], refs: [], unknownCommands };
    }
    rendered.set(index, result);
    return result;
  }

  return { size: prepared.length, render, labels };
}

export { anchorHref };
