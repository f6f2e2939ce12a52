/**
 * Page-wide macros, as MathJax 2 keeps them: every `\newcommand`, `\renewcommand`, `\def` or `\DeclareMathOperator`
 * in any formula defines the macro for all later formulas of the page. The definitions are cut out of the formula
 * (a formula that only defines macros shows nothing) and handed to KaTeX through its `macros` option.
 */
import { group } from '@/utils/regex';
import { type Arity, type PageMacros, startsWithScriptCommand } from './compat';
import { commentEnd, readArgument, readControlSequence, readOptional, skipSpaces } from './lexer';

export interface MacroDefinition {
  /** Name without the backslash. */
  name: string;
  /** Number of parameters, including the optional first one. */
  params: number;
  /** Default of the optional first parameter (`\newcommand{\x}[2][default]{…}`), if it has one. */
  optionalDefault?: string;
  body: string;
}

export interface ExtractedDefinitions {
  /** The formula with its definitions removed. */
  rest: string;
  definitions: MacroDefinition[];
}

const DEFINERS = new Set(['newcommand', 'renewcommand', 'providecommand', 'def', 'gdef', 'DeclareMathOperator']);
const RESERVED = new Set([
  'href',
  'url',
  'includegraphics',
  'htmlId',
  'htmlClass',
  'htmlStyle',
  'htmlData',
  'tag',
  'label',
  'eqref',
  'ref',
  'notag',
  'nonumber',
]);
const NAME = /^(?:[A-Za-z@]+|[^A-Za-z@])$/;

/**
 * Cuts the macro definitions out of `tex` (with a `\global` prefix, if any). A malformed definition is left in place
 * for KaTeX to report; a definition of a name in RESERVED is cut out and ignored.
 */
export function extractDefinitions(tex: string): ExtractedDefinitions {
  if (!/\\(?:newcommand|renewcommand|providecommand|g?def|DeclareMathOperator)(?![A-Za-z])/.test(tex)) {
    return { rest: tex, definitions: [] };
  }
  const definitions: MacroDefinition[] = [];
  let rest = '';
  let copied = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '%') {
      i = commentEnd(tex, i) - 1;
      continue;
    }
    if (c !== '\\') continue;
    let cs = readControlSequence(tex, i);
    if (cs.name === 'global') {
      const j = skipSpaces(tex, cs.end);
      if (tex[j] === '\\') cs = readControlSequence(tex, j);
    }
    if (!DEFINERS.has(cs.name)) {
      i = cs.end - 1;
      continue;
    }
    const parsed =
      cs.name === 'def' || cs.name === 'gdef'
        ? parseDef(tex, cs.end)
        : cs.name === 'DeclareMathOperator'
          ? parseDeclareMathOperator(tex, cs.end)
          : parseNewcommand(tex, cs.end);
    if (!parsed) {
      i = cs.end - 1;
      continue;
    }
    // Names the pipeline itself generates or handles stay out of the page's hands.
    if (!RESERVED.has(parsed.definition.name)) definitions.push(parsed.definition);
    rest += tex.slice(copied, i);
    copied = parsed.end;
    i = parsed.end - 1;
  }
  rest += tex.slice(copied);
  return { rest, definitions };
}

interface Parsed {
  definition: MacroDefinition;
  end: number;
}

/** `\newcommand{\name}[n][default]{body}`; MathJax also accepts `{name}` without the backslash. */
function parseNewcommand(s: string, i: number): Parsed | null {
  const nameArg = readArgument(s, i);
  if (!nameArg) return null;
  let name = nameArg.content.trim();
  if (name.startsWith('\\')) name = name.slice(1);
  if (!NAME.test(name)) return null;
  let j = nameArg.end;
  let params = 0;
  const count = readOptional(s, j);
  if (count) {
    params = Number.parseInt(count.content.trim(), 10);
    if (!/^\s*\d\s*$/.test(count.content) || params > 9) return null;
    j = count.end;
  }
  let optionalDefault: string | undefined;
  const opt = readOptional(s, j);
  if (opt && params > 0) {
    optionalDefault = opt.content;
    j = opt.end;
  }
  const body = readArgument(s, j);
  if (!body) return null;
  return { definition: { name, params, optionalDefault, body: body.content }, end: body.end };
}

/** The parameter text of `\def` up to the body's `{`: undelimited parameters only. */
const DEF_TEMPLATE = /\s*((?:#\d\s*)*)\{/y;

/** `\def\name#1#2{body}` (undelimited parameters only). */
function parseDef(s: string, i: number): Parsed | null {
  const j = skipSpaces(s, i);
  if (s[j] !== '\\') return null;
  const cs = readControlSequence(s, j);
  if (!cs.name) return null;
  DEF_TEMPLATE.lastIndex = cs.end;
  const m = DEF_TEMPLATE.exec(s);
  if (!m) return null;
  const template = group(m, 1).replace(/\s+/g, '');
  const open = DEF_TEMPLATE.lastIndex - 1;
  const params = template.length / 2;
  for (let k = 0; k < params; k++) if (template[2 * k + 1] !== String(k + 1)) return null;
  const body = readArgument(s, open);
  if (!body) return null;
  return { definition: { name: cs.name, params, body: body.content }, end: body.end };
}

/** `\DeclareMathOperator{\name}{text}` and the starred form (limits above/below in display). */
function parseDeclareMathOperator(s: string, i: number): Parsed | null {
  let j = skipSpaces(s, i);
  const star = s[j] === '*';
  if (star) j++;
  const nameArg = readArgument(s, j);
  if (!nameArg) return null;
  let name = nameArg.content.trim();
  if (name.startsWith('\\')) name = name.slice(1);
  if (!NAME.test(name)) return null;
  const op = readArgument(s, nameArg.end);
  if (!op) return null;
  const body = `\\operatorname${star ? '*' : ''}{${op.content}}`;
  return { definition: { name, params: 0, body }, end: op.end };
}

/** A KaTeX `macros` entry: a plain expansion, or an expander for what KaTeX's strings can't express. */
export type KatexMacro = string | ((context: MacroContext) => string);

/** The part of KaTeX's MacroExpander that the expanders below use. */
export interface MacroContext {
  consumeSpaces(): void;
  future(): { text: string };
  popToken(): { text: string };
  consumeArg(delims?: string[]): { tokens: { text: string }[] };
  consumeArgs(n: number): { text: string }[][];
}

/** KaTeX hands arguments over as tokens in reverse order; a control word needs a space after it. */
export function tokensToTex(reversed: { text: string }[]): string {
  // KaTeX keeps a macro's tokens last to first: read them from the end.
  const out = reversed.reduceRight((tex, { text: t }) => tex + (/^\\[A-Za-z@]+$/.test(t) ? `${t} ` : t), '');
  return out;
}

function substitute(body: string, args: string[]): string {
  return body.replace(/#(#|[1-9])/g, (m, d: string) => (d === '#' ? m : (args[Number(d) - 1] ?? '')));
}

/** Highest n with #1…#n all present: how KaTeX counts a string macro's parameters. */
function katexParamCount(body: string): number {
  const stripped = body.replace(/##/g, '');
  let n = 0;
  while (stripped.includes(`#${n + 1}`)) n++;
  return n;
}

function toKatexMacro(def: MacroDefinition): KatexMacro {
  if (def.optionalDefault === undefined && katexParamCount(def.body) === def.params) return def.body;
  return (context) => {
    const args: string[] = [];
    let remaining = def.params;
    if (def.optionalDefault !== undefined) {
      context.consumeSpaces();
      if (context.future().text === '[') {
        context.popToken();
        args.push(tokensToTex(context.consumeArg([']']).tokens));
      } else {
        args.push(def.optionalDefault);
      }
      remaining--;
    }
    for (const arg of context.consumeArgs(remaining)) args.push(tokensToTex(arg));
    return substitute(def.body, args);
  };
}

/** The page's macro table, filled in document order. */
export class MacroTable implements PageMacros {
  private readonly entries = new Map<string, KatexMacro>();
  /** Macros a bare script must take whole, with their arguments (compat.ts's scriptCommandEnd). */
  private readonly scriptArities = new Map<string, Arity>();
  private snapshotCache: { macros: Readonly<Record<string, KatexMacro>>; key: string } | null = null;
  private version = 0;

  get size(): number {
    return this.entries.size;
  }

  define(def: MacroDefinition): void {
    this.entries.set(`\\${def.name}`, toKatexMacro(def));
    const optional = def.optionalDefault !== undefined;
    if (startsWithScriptCommand(def.body, this)) {
      this.scriptArities.set(def.name, { args: def.params - (optional ? 1 : 0), optional });
    } else {
      this.scriptArities.delete(def.name);
    }
    this.version++;
    this.snapshotCache = null;
  }

  has(name: string): boolean {
    return this.entries.has(`\\${name}`);
  }

  scriptArity(name: string): Arity | undefined {
    return this.scriptArities.get(name);
  }

  /**
   * The table as it stands now, for KaTeX (copy it before handing it over: KaTeX writes `\gdef`s into it), and a
   * key that identifies this state of the table for render caching.
   */
  snapshot(): { macros: Readonly<Record<string, KatexMacro>>; key: string } {
    if (!this.snapshotCache) {
      const macros = Object.freeze(Object.fromEntries(this.entries));
      this.snapshotCache = { macros, key: this.entries.size === 0 ? '' : `${tableId(this)}.${this.version}` };
    }
    return this.snapshotCache;
  }
}

const tableIds = new WeakMap<MacroTable, number>();
let nextTableId = 1;
function tableId(table: MacroTable): number {
  let id = tableIds.get(table);
  if (id === undefined) {
    id = nextTableId++;
    tableIds.set(table, id);
  }
  return id;
}
