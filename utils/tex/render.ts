/**
 * The one place KaTeX runs. Never throws: a formula KaTeX can't parse comes back as `ok: false` with the message.
 * Like MathJax's noUndefined extension (part of the blog's TeX-AMS-MML_HTMLorMML configuration), an undefined
 * control sequence is shown as its name in red instead of failing the whole formula.
 */
import katex from 'katex';
import './katex-mathjax';
import {
  MAIN_THREAD_NESTING,
  MAX_EXPANDED_TOKENS,
  MAX_HTML_LENGTH,
  MAX_NESTING,
  measureExpansion,
  tooLargeMessage,
} from './bounds';
import { MATHJAX_MACROS } from './mathjax-macros';
import { validMathML } from './mathml';
import { MAX_ENLARGEMENT, MAX_EXPAND, MAX_SIZE, MAX_TEX_LENGTH, styleEnlargement, trustGenerated } from './security';

export type KatexMacros = Readonly<Record<string, string | ((context: never) => string)>>;

export interface RenderResult {
  html: string;
  ok: boolean;
  error: string | null;
  /** Control sequences KaTeX doesn't know, shown as red text as MathJax's noUndefined does. */
  unknownCommands: string[];
  /** Set (and nothing rendered) when the formula expands to more than the caller's `maxTokens`: render it elsewhere. */
  deferred?: true;
}

export interface RenderLimits {
  /** Expanded tokens (bounds.ts) above which the formula is not rendered here but comes back `deferred`. */
  maxTokens?: number;
}

/** Retries for undefined control sequences per formula (each retry defines one more). */
const MAX_UNDEFINED = 8;
const CACHE_LIMIT = 4000;
const cache = new Map<string, RenderResult>();

const UNDEFINED = /^Undefined control sequence: (\\[A-Za-z@]+|\\.)/;
const DISPLAY_ONLY = /can be used only in display mode|works only in display equations/;

function renderErrorText(e: unknown): string {
  if (e instanceof katex.ParseError) {
    const position = (e as { position?: number }).position;
    return `KaTeX parse error: ${e.rawMessage}${position === undefined ? '' : ` (at position ${position})`}`;
  }
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function redName(name: string): string {
  return `\\textcolor{red}{\\text{\\textbackslash{}${name.slice(1).replace(/[{}$&#^_%~\\]/g, (c) => `\\${c}`)}}}`;
}

function renderUncached(tex: string, displayMode: boolean, macros: KatexMacros, limits: RenderLimits): RenderResult {
  // The pipeline refuses long input before its passes; the generated tags and links add a little to that.
  if (tex.length > 2 * MAX_TEX_LENGTH) {
    return { html: '', ok: false, error: `Formula too long (${tex.length} characters)`, unknownCommands: [] };
  }
  const size = measureExpansion(tex, { ...MATHJAX_MACROS, ...macros }, MAX_EXPANDED_TOKENS);
  if (size.overLimit) {
    return {
      html: '',
      ok: false,
      error: tooLargeMessage('expansion', size.tokens, MAX_EXPANDED_TOKENS),
      unknownCommands: [],
    };
  }
  if (size.depth > MAX_NESTING) {
    return { html: '', ok: false, error: tooLargeMessage('nesting', size.depth, MAX_NESTING), unknownCommands: [] };
  }
  // A caller with limits is the page's thread: deep nesting is left to the worker too.
  if (limits.maxTokens !== undefined && (size.tokens > limits.maxTokens || size.depth > MAIN_THREAD_NESTING)) {
    return { html: '', ok: false, error: null, unknownCommands: [], deferred: true };
  }
  const unknownCommands: string[] = [];
  const extra: Record<string, string> = {};
  let display = displayMode;
  for (let attempt = 0; ; attempt++) {
    try {
      const html = katex.renderToString(tex, {
        displayMode: display,
        output: 'htmlAndMathml',
        throwOnError: true,
        strict: 'ignore',
        trust: trustGenerated as (context: katex.TrustContext) => boolean,
        maxExpand: MAX_EXPAND,
        maxSize: MAX_SIZE,
        // KaTeX writes global definitions into this object: give it a copy.
        macros: { ...MATHJAX_MACROS, ...macros, ...extra },
      });
      if (html.length > MAX_HTML_LENGTH) {
        return { html: '', ok: false, error: tooLargeMessage('html', html.length, MAX_HTML_LENGTH), unknownCommands };
      }
      const enlarged = styleEnlargement(html);
      if (enlarged > MAX_ENLARGEMENT) {
        const error = `Styles enlarge the formula ${Math.round(enlarged)}× (limit ${MAX_ENLARGEMENT}×)`;
        return { html: '', ok: false, error, unknownCommands };
      }
      return { html: validMathML(html), ok: true, error: null, unknownCommands };
    } catch (e) {
      const raw = e instanceof katex.ParseError ? e.rawMessage : '';
      const undefinedName = UNDEFINED.exec(raw)?.[1];
      if (undefinedName && attempt < MAX_UNDEFINED && !(undefinedName in extra)) {
        extra[undefinedName] = redName(undefinedName);
        unknownCommands.push(undefinedName);
        continue;
      }
      if (!display && DISPLAY_ONLY.test(raw) && attempt < MAX_UNDEFINED) {
        display = true;
        continue;
      }
      return { html: '', ok: false, error: renderErrorText(e), unknownCommands };
    }
  }
}

/**
 * Renders with KaTeX, cached by (tex, display, macro table state). `macrosKey` must identify `macros`
 * ('' for an empty table). A formula over `limits` comes back `deferred` and is not cached.
 */
export function renderTex(
  tex: string,
  displayMode: boolean,
  macros: KatexMacros,
  macrosKey: string,
  limits: RenderLimits = {},
): RenderResult {
  const key = `${displayMode ? 'D' : 'I'}${macrosKey}\u0000${tex}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const result = renderUncached(tex, displayMode, macros, limits);
  if (result.deferred) return result;
  const oldest = cache.keys().next().value;
  if (cache.size >= CACHE_LIMIT && oldest !== undefined) cache.delete(oldest);
  cache.set(key, result);
  return result;
}

/** Empties the render cache (for measurements that must not hit it). */
export function clearRenderCache(): void {
  cache.clear();
}
