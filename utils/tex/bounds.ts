/**
 * How much work a formula may hand KaTeX. KaTeX's `maxExpand` counts expansions, not what they produce: three
 * nested `\def`s of 250 characters expand to 90,000 symbols, and KaTeX's work grows faster than its input (it merges
 * adjacent symbols and inserts spacing with array splices, quadratic in the length of one list): ~10 s for that
 * formula. So before KaTeX runs, `measureExpansion` replays the macro expansion on tokens, the way KaTeX's expander
 * does (string macros, the function macros of the pipeline through a small MacroContext, `\def`/`\gdef`/
 * `\newcommand`/`\let` met on the way), and counts every token the formula and its expansions put in the input
 * stream; it stops as soon as the count passes the limit, so measuring costs at most the limit. After KaTeX, the
 * size of the HTML is bounded too: what the browser does to lay out a formula grows with it.
 *
 * The limits sit well above the blog's real formulas (tests/unit/utils/tex/bounds.test.ts measures the corpus).
 */
import type { KatexMacro, MacroContext } from './macros';

/**
 * Tokens a formula may put in KaTeX's input, its macros' expansions included. The corpus' largest: 3,812 (a
 * 11-column array). KaTeX's slowest shapes at this size take ~150 ms (in the worker, under its time limit).
 */
export const MAX_EXPANDED_TOKENS = 12_000;
/**
 * Tokens above which the page's thread leaves a formula to the worker: KaTeX's slowest shapes per token (`\\frac`
 * after `\\frac`, `x+x+…`) take 10–40 ms at this size. 46 of the corpus' 7,009 formulas are over it: rendered
 * by the worker, they come a frame or two later even on the first screen.
 */
export const MAIN_THREAD_TOKENS = 600;
/**
 * Characters of KaTeX HTML one formula may put in the page: parsing and laying out HTML costs the page's thread
 * ~0.1–0.5 ms per 1,000 characters. The corpus' largest: 94,340.
 */
export const MAX_HTML_LENGTH = 250_000;

/**
 * Nesting (groups, `\left…\right`, environments) KaTeX's time also grows with faster than linearly: 300 nested
 * `\sqrt{` (600 tokens) took 560 ms. The corpus' deepest: 11.
 */
export const MAX_NESTING = 60;
/** Nesting above which the page's thread leaves a formula to the worker. */
export const MAIN_THREAD_NESTING = 24;

export interface ExpansionSize {
  /** Tokens counted, at most `limit + 1` (counting stops there). */
  tokens: number;
  /** Deepest nesting of groups, `\left…\right` and environments met (as far as counting went). */
  depth: number;
  overLimit: boolean;
}

/** Control words, control symbols and single characters (a run of spaces is one token, as in TeX). */
const TOKEN = /\\(?:[A-Za-z@]+|[^])|\s+|[\uD800-\uDBFF][\uDC00-\uDFFF]|[^]/g;

function tokenize(tex: string): string[] {
  return tex.match(TOKEN) ?? [];
}

/** At least as many tokens as `tokenize` gives, without making them: lets an oversized expansion stop early. */
function countAtLeast(tex: string): number {
  let n = 0;
  for (let i = 0; i < tex.length; i++) {
    n++;
    if (tex[i] === '\\') {
      // A control word counts once.
      i++;
      while (isLetter(tex[i]) && isLetter(tex[i + 1])) i++;
    } else if (/\s/.test(tex[i])) {
      // So does a run of spaces.
      while (i + 1 < tex.length && /\s/.test(tex[i + 1])) i++;
    } else if (/[\uD800-\uDBFF]/.test(tex[i]) && /[\uDC00-\uDFFF]/.test(tex[i + 1] ?? '')) {
      i++;
    }
  }
  return n;
}

const isLetter = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '@');

const isSpace = (t: string) => /^\s/.test(t);
const DEFINERS = new Set(['\\def', '\\gdef', '\\edef', '\\xdef', '\\newcommand', '\\renewcommand', '\\providecommand']);

class LimitReached extends Error {}

/**
 * Counts the tokens `tex` puts in KaTeX's input stream with `macros` (KaTeX's `macros` option), stopping past
 * `limit`. An over-estimate where it must guess: a macro it cannot replay counts as its own token.
 */
export function measureExpansion(
  tex: string,
  macros: Readonly<Record<string, KatexMacro | ((context: never) => string)>>,
  limit = MAX_EXPANDED_TOKENS,
): ExpansionSize {
  // The stack holds the input reversed, as KaTeX's does: the next token is the last one.
  if (countAtLeast(tex) > limit) return { tokens: limit + 1, depth: 0, overLimit: true };
  const stack = tokenize(tex).reverse();
  let count = stack.length;
  type Macro = (typeof macros)[string];
  const defined = new Map<string, Macro>();
  const lookup = (name: string): Macro | undefined =>
    defined.has(name) ? defined.get(name) : Object.hasOwn(macros, name) ? macros[name] : undefined;
  const push = (tex: string): void => {
    // Counted before it is split: a 20,000-character body costs a loop, not 20,000 strings.
    if (count + countAtLeast(tex) > limit) throw new LimitReached();
    const tokens = tokenize(tex);
    count += tokens.length;
    if (count > limit) throw new LimitReached();
    for (let k = tokens.length - 1; k >= 0; k--) stack.push(tokens[k]);
  };

  const skipSpaces = () => {
    while (stack.length > 0 && isSpace(stack[stack.length - 1])) stack.pop();
  };
  /** An undelimited argument: a balanced group without its braces, or one token. */
  const readArgument = (): string[] => {
    skipSpaces();
    const first = stack.pop();
    if (first === undefined) return [];
    if (first !== '{') return [first];
    const out: string[] = [];
    for (let depth = 1; stack.length > 0; ) {
      const t = stack.pop()!;
      if (t === '{') depth++;
      else if (t === '}' && --depth === 0) break;
      out.push(t);
    }
    return out;
  };
  /** Tokens up to (not including) the first of `delims` at brace depth 0; the delimiter is consumed. */
  const readDelimited = (delims: string[]): string[] => {
    const out: string[] = [];
    let depth = 0;
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (depth === 0 && delims.includes(t)) break;
      if (t === '{') depth++;
      else if (t === '}') depth--;
      out.push(t);
    }
    return out;
  };
  const context: MacroContext = {
    consumeSpaces: skipSpaces,
    future: () => ({ text: stack[stack.length - 1] ?? 'EOF' }),
    popToken: () => ({ text: stack.pop() ?? 'EOF' }),
    consumeArg: (delims) => ({
      tokens: (delims ? readDelimited(delims) : readArgument()).reverse().map((text) => ({ text })),
    }),
    consumeArgs: (n) =>
      Array.from({ length: n }, () =>
        readArgument()
          .reverse()
          .map((text) => ({ text })),
      ),
  };

  /**
   * `\def\name#1#2{body}` or `\newcommand{\name}[n]{body}` met during expansion (KaTeX runs those itself). The body
   * becomes a string macro whose parameters are read again from it (#1…#9), as KaTeX does; an optional first
   * parameter is then read as an undelimited one, which changes the count by a few tokens at most.
   */
  const define = (): void => {
    skipSpaces();
    let name = stack.pop();
    if (name === '{') {
      name = stack.pop();
      if (stack[stack.length - 1] === '}') stack.pop();
    }
    while (stack.length > 0 && stack[stack.length - 1] !== '{') stack.pop();
    const body = readArgument().join('');
    if (name) defined.set(name, body);
  };

  let expansions = 0;
  let depth = 0;
  let deepest = 0;
  try {
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (t === '{' || t === '\\left' || t === '\\begin') deepest = Math.max(deepest, ++depth);
      else if (t === '}' || t === '\\right' || t === '\\end') depth--;
      if (!t.startsWith('\\')) continue;
      if (DEFINERS.has(t)) {
        define();
        continue;
      }
      if (t === '\\let' || t === '\\futurelet') {
        skipSpaces();
        const name = stack.pop();
        skipSpaces();
        if (stack[stack.length - 1] === '=') stack.pop();
        skipSpaces();
        const target = stack.pop();
        if (name && target) defined.set(name, lookup(target) ?? target);
        continue;
      }
      const macro = lookup(t);
      if (macro === undefined) continue;
      // KaTeX stops at maxExpand expansions with an error; counting on costs nothing but keeps this bounded too.
      if (++expansions > limit) throw new LimitReached();
      if (typeof macro === 'function') {
        push(String((macro as (c: MacroContext) => unknown)(context)));
        continue;
      }
      const params = paramCount(macro);
      const args = Array.from({ length: params }, readArgument).map((a) => a.join(''));
      push(params === 0 ? macro : substitute(macro, args));
    }
  } catch (e) {
    if (e instanceof LimitReached) return { tokens: limit + 1, depth: deepest, overLimit: true };
    // A function macro that cannot run on this stream: KaTeX will report the formula's error itself.
  }
  return { tokens: count, depth: deepest, overLimit: count > limit };
}

/** Highest n with #1…#n all present: how KaTeX counts a string macro's parameters. */
function paramCount(body: string): number {
  if (!body.includes('#')) return 0;
  const stripped = body.replace(/##/g, '');
  let n = 0;
  while (n < 9 && stripped.includes('#' + (n + 1))) n++;
  return n;
}

function substitute(body: string, args: string[]): string {
  return body.replace(/#(#|[1-9])/g, (m, d: string) => (d === '#' ? m : (args[Number(d) - 1] ?? '')));
}

/** The reader's words for a formula refused by a bound (the message shown on hover). */
export function tooLargeMessage(what: 'expansion' | 'html' | 'nesting', size: number, limit: number): string {
  if (what === 'expansion')
    return `Formula too large to render: its macros expand to more than ${limit.toLocaleString('en')} symbols`;
  if (what === 'nesting') return `Formula too deeply nested to render: ${size} levels (limit ${limit})`;
  return `Formula too large to render: its output would be ${size.toLocaleString('en')} characters of HTML (limit ${limit.toLocaleString('en')})`;
}
