/**
 * Rewrites what MathJax 2.7.9 accepts and KaTeX doesn't (or treats differently) into KaTeX TeX, and removes every
 * user-written command that could put links, ids, classes or raw styles into the page (see security.ts).
 * Body arguments stay in the stream and are rewritten as the scan reaches them; only heads and metadata
 * arguments are replaced here. Numbering commands (\label, \tag, \eqref, …) are left for numbering.ts.
 * Text arguments: compat-text.ts; scripts: compat-scripts.ts; layout of the whole formula: compat-layout.ts.
 */
import { binaryAfterScriptedMathop, breakDisplayLines } from './compat-layout';
import { hasColorBody, NO_PAGE_MACROS, type PageMacros, SPACING, scriptCommandEnd } from './compat-scripts';
import {
  DROP_FIRST_ARGUMENT,
  LABEL_COMMANDS,
  literalText,
  TEXT_COMMANDS,
  textCommand,
  textCommandName,
} from './compat-text';
import { type ControlSequence, commentEnd, readArgument, readControlSequence, readOptional, skipSpaces } from './lexer';
import { sanitizeCss } from './security';

export { type Arity, type PageMacros, startsWithScriptCommand } from './compat-scripts';

/** MathJax's `\bbox[…]` options: a padding dimension, a background colour, or a CSS declaration. */
function bboxCss(options: string): string {
  const declarations: string[] = [];
  for (const raw of options.split(',')) {
    const part = raw.trim();
    if (/^(?:\.\d+|\d+(?:\.\d*)?)(?:pt|em|ex|mu|px|in|cm|mm)$/.test(part)) declarations.push(`padding: ${part}`);
    else if (/^(?:[a-z0-9]+|#[0-9a-f]{6}|#[0-9a-f]{3})$/i.test(part)) declarations.push(`background-color: ${part}`);
    else if (/^[-a-z]+:/i.test(part)) declarations.push(part);
  }
  return sanitizeCss(declarations.join(';'));
}

/**
 * Text-mode accents: KaTeX accepts them in math mode too, and fails when no argument follows (`a \= b`); in math
 * mode MathJax doesn't define them, so its noUndefined shows the name in red and goes on.
 */
const TEXT_ACCENTS = new Set(["'", '`', '^', '~', '=', '.', '"', 'u', 'v', 'H', 'c', 'r']);

/** Math accents (MathJax: an `mover` with an accent; KaTeX: an accent node). */
const MATH_ACCENTS = new Set([
  'acute',
  'grave',
  'ddot',
  'dddot',
  'ddddot',
  'tilde',
  'bar',
  'breve',
  'check',
  'hat',
  'vec',
  'dot',
  'mathring',
  'widehat',
  'widetilde',
]);

/**
 * Scripts after an accent (`\bar{\alpha}_t^2`, `\hat x'`): MathJax sets them on the accented box, the superscript
 * from its top (the accent's), the subscript from its bottom (HTML-CSS msubsup: only a single character is set by
 * TeX's character rule). KaTeX, as TeX, sets them on the accented character, lower. In a group KaTeX sets them on
 * the whole accent too.
 */
function accentBeforeScripts(tex: string, cs: ControlSequence, page: PageMacros): string | null {
  if (!MATH_ACCENTS.has(cs.name) || page.has(cs.name)) return null;
  const arg = readArgument(tex, cs.end);
  if (!arg || !/^[_^']/.test(tex.charAt(skipSpaces(tex, arg.end)))) return null;
  return `{\\${cs.name}{${rewriteMath(arg.content, page)}}}`;
}

/** A control sequence's name in red, as MathJax's noUndefined shows it (render.ts does the same). */
function undefinedName(name: string): string {
  return `\\textcolor{red}{\\text{${literalText(`\\${name}`)}}}`;
}

/**
 * `\mathcal` inside `\boldsymbol`: MathJax switches to its bold calligraphic font, KaTeX keeps the regular one.
 * KaTeX's stylesheet has a bold face of KaTeX_Caligraphic, which a bold font weight selects.
 */
function boldCaligraphic(body: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') continue;
    const cs = readControlSequence(body, i);
    const arg = cs.name === 'mathcal' ? readArgument(body, cs.end) : null;
    if (arg) {
      out += `${body.slice(copied, i)}\\htmlStyle{font-weight: bold}{${body.slice(i, arg.end)}}`;
      copied = arg.end;
    }
    i = (arg ? arg.end : cs.end) - 1;
  }
  return out + body.slice(copied);
}

/** Where the innermost group open at `i` starts (its `{`), or -1 outside any group (comments skipped). */
function innermostGroup(tex: string, i: number): number {
  const open: number[] = [];
  for (let k = 0; k < i; k++) {
    const c = tex[k];
    if (c === '\\') k++;
    else if (c === '%') k = commentEnd(tex, k);
    else if (c === '{') open.push(k);
    else if (c === '}') open.pop();
  }
  return open.at(-1) ?? -1;
}

/**
 * Whether the group starting at `open` is read as a command's argument: after a control word or after another
 * argument (`}`, `]`). Otherwise (after `_`, `^`, `&`, `\\`, a symbol, at the start) it is a plain group, which
 * MathJax's parser reads token by token: a comment in it runs to the end of its line as anywhere else.
 */
function isArgument(tex: string, open: number): boolean {
  let k = open - 1;
  while (k >= 0 && /\s/.test(tex.charAt(k))) k--;
  const c = tex.charAt(k);
  if (c === '}' || c === ']') return true;
  if (!/[A-Za-z@]/.test(c)) return false;
  while (k > 0 && /[A-Za-z@]/.test(tex.charAt(k - 1))) k--;
  return tex.charAt(k - 1) === '\\';
}

/**
 * Where a `%` comment at `i` ends when it reaches the `}` of an enclosing argument before the end of its line, else
 * -1. MathJax reads an argument by braces alone and parses it by itself, so a comment inside ends with the
 * argument; KaTeX's comment would take the closing brace and the rest of the line with it.
 */
function argumentCommentEnd(tex: string, i: number): number {
  const open = innermostGroup(tex, i);
  if (open < 0 || !isArgument(tex, open)) return -1;
  const end = commentEnd(tex, i);
  let depth = 0;
  for (let k = i + 1; k < end; k++) {
    const c = tex[k];
    if (c === '\\') k++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return k;
  }
  return -1;
}

/** A rewrite of the source from a command's start to `end`: `text` replaces it, or null keeps it as it is. */
interface Edit {
  text: string | null;
  end: number;
}

/** What becomes of one control sequence of math (`cs`) and of the arguments it owns. */
function rewriteCommand(tex: string, cs: ControlSequence, page: PageMacros): Edit {
  const name = cs.name;
  const keep = (end: number): Edit => ({ text: null, end });
  const replace = (text: string, end: number): Edit => ({ text, end });
  if (DROP_FIRST_ARGUMENT.has(name)) return replace('', readArgument(tex, cs.end)?.end ?? cs.end);
  if (name === 'style' || name === 'htmlStyle') {
    const arg = readArgument(tex, cs.end);
    const css = arg ? sanitizeCss(arg.content) : '';
    return replace(css ? `\\htmlStyle{${css}}` : '', arg ? arg.end : cs.end);
  }
  if (name === 'bbox') {
    const options = readOptional(tex, cs.end);
    const css = options ? bboxCss(options.content) : '';
    return replace(css ? `\\htmlStyle{${css}}` : '', options ? options.end : cs.end);
  }
  if (name === 'url') {
    const arg = readArgument(tex, cs.end);
    return replace(arg ? `\\text{${literalText(arg.content)}}` : '', arg ? arg.end : cs.end);
  }
  if (name === 'includegraphics') {
    const options = readOptional(tex, cs.end);
    return replace('', readArgument(tex, options ? options.end : cs.end)?.end ?? cs.end);
  }
  if (name === 'color') {
    const arg = readArgument(tex, cs.end);
    return arg && hasColorBody(tex, arg.end) ? replace('\\textcolor', cs.end) : keep(cs.end);
  }
  // Not a MathJax 2.7.9 command (MathJax 3 has it): its noUndefined shows the name in red, then the argument.
  if (name === 'setCounter' && !page.has(name)) return replace(undefinedName(name), cs.end);
  if (TEXT_ACCENTS.has(name) && page !== NO_PAGE_MACROS && !page.has(name)) return replace(undefinedName(name), cs.end);
  if ((name === 'boldsymbol' || name === 'bm') && !page.has(name)) {
    const arg = readArgument(tex, cs.end);
    if (!arg?.braced || !/\\mathcal(?![A-Za-z])/.test(arg.content)) return keep(cs.end);
    return replace(`\\${name}{${boldCaligraphic(rewriteMath(arg.content, page))}}`, arg.end);
  }
  if (TEXT_COMMANDS.has(name)) {
    const arg = readArgument(tex, cs.end);
    if (!arg?.braced) return replace(`\\${textCommandName(name)}`, cs.end);
    return replace(
      textCommand(name, arg.content, (math) => rewriteMath(math, page)),
      arg.end,
    );
  }
  if (LABEL_COMMANDS.has(name)) return keep(readArgument(tex, cs.end)?.end ?? cs.end);
  const accented = accentBeforeScripts(tex, cs, page);
  if (accented) return replace(accented, readArgument(tex, cs.end)?.end ?? cs.end);
  return keep(cs.end);
}

/**
 * Rewrites a math-mode TeX string for KaTeX (see the module comment). `page`: the page's macros as they stand at a
 * formula; without it (a macro body, whose names mean what they mean where it is expanded) the text-mode accents
 * are left alone.
 */
export function rewriteMath(tex: string, page: PageMacros = NO_PAGE_MACROS): string {
  let out = '';
  let copied = 0;
  const emit = (from: number, replacement: string, resume: number): number => {
    out += tex.slice(copied, from) + replacement;
    copied = resume;
    return resume - 1;
  };
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '%') {
      const end = argumentCommentEnd(tex, i);
      i = end < 0 ? commentEnd(tex, i) - 1 : emit(i, '', end);
    } else if (c === '^' || c === '_') {
      const j = skipSpaces(tex, i + 1);
      if (tex[j] !== '\\') continue;
      const cs = readControlSequence(tex, j);
      const end = SPACING.has(cs.name) ? cs.end : scriptCommandEnd(tex, cs, page);
      if (end > 0) i = emit(i, `${c}{${rewriteMath(tex.slice(j, end), page)}}`, end);
    } else if (c === '\\') {
      const edit = rewriteCommand(tex, readControlSequence(tex, i), page);
      i = edit.text === null ? edit.end - 1 : emit(i, edit.text, edit.end);
    }
  }
  return copied === 0 ? tex : out + tex.slice(copied);
}

/** A whole formula rewritten for KaTeX: rewriteMath, then what compat-layout.ts does for the whole formula. */
export function rewriteFormula(tex: string, display: boolean, page: PageMacros = NO_PAGE_MACROS): string {
  const rewritten = binaryAfterScriptedMathop(rewriteMath(tex, page));
  return display ? breakDisplayLines(rewritten) : rewritten;
}
