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
 * Tokens above which the page's thread leaves a formula to the worker: KaTeX's slowest shapes per token (`\frac`
 * after `\frac`, `x+x+…`) take 10–40 ms at this size. 46 of the corpus' 7,009 formulas are over it: rendered
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
const TOKEN = /\\(?:[A-Za-z@]+|[\s\S])|\s+|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g;

function tokenize(tex: string): string[] {
  return tex.match(TOKEN) ?? [];
}

/** At least as many tokens as `tokenize` gives, without making them: lets an oversized expansion stop early. */
function countAtLeast(tex: string): number {
  let n = 0;
  for (let i = 0; i < tex.length; i++) {
    n++;
    const c = tex[i] ?? '';
    if (c === '\\') {
      // A control word counts once.
      i++;
      while (isLetter(tex[i]) && isLetter(tex[i + 1])) i++;
    } else if (/\s/.test(c)) {
      // So does a run of spaces.
      while (i + 1 < tex.length && /\s/.test(tex[i + 1] ?? '')) i++;
    } else if (/[\uD800-\uDBFF]/.test(c) && /[\uDC00-\uDFFF]/.test(tex[i + 1] ?? '')) {
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

type Macros = Readonly<Record<string, KatexMacro | ((context: never) => string)>>;
type Macro = Macros[string];

/**
 * The input stream of one formula as KaTeX's expander holds it: a stack with the next token last, the macros
 * defined on the way, and the count of every token pushed, which throws LimitReached as soon as it passes `limit`.
 */
class TokenStream {
  private readonly stack: string[];
  private readonly defined = new Map<string, Macro>();
  count: number;

  constructor(
    tex: string,
    private readonly macros: Macros,
    private readonly limit: number,
  ) {
    this.stack = tokenize(tex).reverse();
    this.count = this.stack.length;
  }

  get empty(): boolean {
    return this.stack.length === 0;
  }
  pop(): string | undefined {
    return this.stack.pop();
  }
  peek(): string | undefined {
    return this.stack[this.stack.length - 1];
  }

  lookup(name: string): Macro | undefined {
    if (this.defined.has(name)) return this.defined.get(name);
    return Object.hasOwn(this.macros, name) ? this.macros[name] : undefined;
  }

  /** Puts an expansion in front of the input. */
  push(tex: string): void {
    // Counted before it is split: a 20,000-character body costs a loop, not 20,000 strings.
    if (this.count + countAtLeast(tex) > this.limit) throw new LimitReached();
    const tokens = tokenize(tex);
    this.count += tokens.length;
    if (this.count > this.limit) throw new LimitReached();
    for (let k = tokens.length - 1; k >= 0; k--) this.stack.push(tokens[k] ?? '');
  }

  skipSpaces(): void {
    while (this.stack.length > 0 && isSpace(this.peek() ?? '')) this.stack.pop();
  }

  /** An undelimited argument: a balanced group without its braces, or one token. */
  readArgument(): string[] {
    this.skipSpaces();
    const first = this.stack.pop();
    if (first === undefined) return [];
    if (first !== '{') return [first];
    const out: string[] = [];
    for (let depth = 1, t = this.stack.pop(); t !== undefined; t = this.stack.pop()) {
      if (t === '{') depth++;
      else if (t === '}' && --depth === 0) break;
      out.push(t);
    }
    return out;
  }

  /** Tokens up to (not including) the first of `delims` at brace depth 0; the delimiter is consumed. */
  readDelimited(delims: string[]): string[] {
    const out: string[] = [];
    let depth = 0;
    for (let t = this.stack.pop(); t !== undefined; t = this.stack.pop()) {
      if (depth === 0 && delims.includes(t)) break;
      if (t === '{') depth++;
      else if (t === '}') depth--;
      out.push(t);
    }
    return out;
  }

  /** What the pipeline's function macros see of the stream (KaTeX's MacroContext, the part they use). */
  context(): MacroContext {
    const tokens = (texts: string[]) => texts.reverse().map((text) => ({ text }));
    return {
      consumeSpaces: () => this.skipSpaces(),
      future: () => ({ text: this.peek() ?? 'EOF' }),
      popToken: () => ({ text: this.stack.pop() ?? 'EOF' }),
      consumeArg: (delims) => ({ tokens: tokens(delims ? this.readDelimited(delims) : this.readArgument()) }),
      consumeArgs: (n) => Array.from({ length: n }, () => tokens(this.readArgument())),
    };
  }

  /**
   * `\def\name#1#2{body}` or `\newcommand{\name}[n]{body}` met during expansion (KaTeX runs those itself). The
   * body becomes a string macro whose parameters are read again from it (#1…#9), as KaTeX does; an optional first
   * parameter is then read as an undelimited one, which changes the count by a few tokens at most.
   */
  define(): void {
    this.skipSpaces();
    let name = this.stack.pop();
    if (name === '{') {
      name = this.stack.pop();
      if (this.peek() === '}') this.stack.pop();
    }
    while (this.stack.length > 0 && this.peek() !== '{') this.stack.pop();
    const body = this.readArgument().join('');
    if (name) this.defined.set(name, body);
  }

  /** `\let\name=\target` (or `\futurelet`, read the same way): `\name` is now what `\target` is. */
  let(): void {
    this.skipSpaces();
    const name = this.stack.pop();
    this.skipSpaces();
    if (this.peek() === '=') this.stack.pop();
    this.skipSpaces();
    const target = this.stack.pop();
    if (name && target) this.defined.set(name, this.lookup(target) ?? target);
  }

  /** Replaces a macro by its expansion, its arguments read from the stream. */
  expand(macro: Macro, context: MacroContext): void {
    if (typeof macro === 'function') {
      this.push(String((macro as (c: MacroContext) => unknown)(context)));
      return;
    }
    const params = paramCount(macro);
    const args = Array.from({ length: params }, () => this.readArgument().join(''));
    this.push(params === 0 ? macro : substitute(macro, args));
  }
}

/**
 * Counts the tokens `tex` puts in KaTeX's input stream with `macros` (KaTeX's `macros` option), stopping past
 * `limit`. An over-estimate where it must guess: a macro it cannot replay counts as its own token.
 */
export function measureExpansion(tex: string, macros: Macros, limit = MAX_EXPANDED_TOKENS): ExpansionSize {
  if (countAtLeast(tex) > limit) return { tokens: limit + 1, depth: 0, overLimit: true };
  const stream = new TokenStream(tex, macros, limit);
  const context = stream.context();
  let expansions = 0;
  let depth = 0;
  let deepest = 0;
  try {
    for (let t = stream.pop(); t !== undefined; t = stream.pop()) {
      if (t === '{' || t === '\\left' || t === '\\begin') deepest = Math.max(deepest, ++depth);
      else if (t === '}' || t === '\\right' || t === '\\end') depth--;
      if (!t.startsWith('\\')) continue;
      if (DEFINERS.has(t)) stream.define();
      else if (t === '\\let' || t === '\\futurelet') stream.let();
      else {
        const macro = stream.lookup(t);
        if (macro === undefined) continue;
        // KaTeX stops at maxExpand expansions with an error; counting on costs nothing but keeps this bounded too.
        if (++expansions > limit) throw new LimitReached();
        stream.expand(macro, context);
      }
    }
  } catch (e) {
    if (e instanceof LimitReached) return { tokens: limit + 1, depth: deepest, overLimit: true };
    // A function macro that cannot run on this stream: KaTeX will report the formula's error itself.
  }
  return { tokens: stream.count, depth: deepest, overLimit: stream.count > limit };
}

/** Highest n with #1…#n all present: how KaTeX counts a string macro's parameters. */
function paramCount(body: string): number {
  if (!body.includes('#')) return 0;
  const stripped = body.replace(/##/g, '');
  let n = 0;
  while (n < 9 && stripped.includes(`#${n + 1}`)) n++;
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
  const [sizeText, limitText] = [size.toLocaleString('en'), limit.toLocaleString('en')];
  return `Formula too large to render: its output would be ${sizeText} characters of HTML (limit ${limitText})`;
}
