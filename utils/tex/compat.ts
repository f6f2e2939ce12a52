/**
 * Rewrites what MathJax 2.7.9 accepts and KaTeX doesn't (or treats differently) into KaTeX TeX, and removes every
 * user-written command that could put links, ids, classes or raw styles into the page (see security.ts).
 * Body arguments stay in the stream and are rewritten as the scan reaches them; only heads and metadata
 * arguments are replaced here. Numbering commands (\label, \tag, \eqref, …) are left for numbering.ts.
 */
import { commentEnd, readArgument, readControlSequence, readOptional, skipSpaces } from './lexer';
import { sanitizeCss } from './security';

/** Commands whose argument is text (MathJax: literal text with embedded `$…$` math). */
const TEXT_COMMANDS = new Set([
  'text', 'textrm', 'textbf', 'textit', 'textsf', 'texttt', 'textnormal', 'textup', 'textmd', 'emph', 'hbox', 'mbox',
]);
/** Text-command spellings KaTeX lacks. */
const TEXT_RENAMES: Record<string, string> = { mbox: 'text' };
/** Commands whose argument is a label, copied verbatim wherever they appear. */
const LABEL_COMMANDS = new Set(['label', 'eqref', 'ref']);
/** Spacing commands KaTeX can't take as a bare `^`/`_` argument (they expand to several tokens). */
const SPACING = new Set([',', ':', '>', ';', '!', ' ', 'thinspace', 'medspace', 'thickspace', 'negthinspace',
  'negmedspace', 'negthickspace', 'enspace', 'quad', 'qquad']);

/**
 * Commands dropped with their first argument. For `\class`, `\href`, … the body argument that follows stays as a
 * plain group; `\require`, `\uproot`, `\leftroot`, `\setCounter` have no other argument.
 */
const DROP_FIRST_ARGUMENT = new Set([
  'class', 'htmlClass', 'cssId', 'htmlId', 'htmlData', 'href', 'require', 'uproot', 'leftroot', 'setCounter',
]);

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

/** Characters KaTeX rejects in text mode but MathJax prints as they are. */
function escapeTextChar(c: string): string {
  if (c === '_') return '\\_';
  if (c === '^') return '\\textasciicircum{}';
  return c;
}

/** A string shown literally in text mode (for `\url`). */
function literalText(s: string): string {
  return s.replace(/[\\{}$&#^_%~]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '^' ? '\\textasciicircum{}' : c === '~' ? '\\textasciitilde{}' : '\\' + c);
}

/** The content of a text argument: literal text with `$…$` math inside, as MathJax's InternalMath reads it. */
function rewriteText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '$') {
      const close = findMathShiftEnd(s, i + 1);
      if (close < 0) {
        out += '\\$';
        continue;
      }
      out += '$' + rewriteMath(s.slice(i + 1, close)) + '$';
      i = close;
    } else if (c === '\\') {
      const cs = readControlSequence(s, i);
      if (DROP_FIRST_ARGUMENT.has(cs.name) || cs.name === 'includegraphics') {
        // As in math: links, ids, classes and images never come from the page's TeX (KaTeX allows them in text).
        const options = cs.name === 'includegraphics' ? readOptional(s, cs.end) : null;
        const dropped = readArgument(s, options ? options.end : cs.end);
        i = (dropped ? dropped.end : cs.end) - 1;
        continue;
      }
      const arg = TEXT_COMMANDS.has(cs.name) || LABEL_COMMANDS.has(cs.name) ? readArgument(s, cs.end) : null;
      if (arg?.braced && TEXT_COMMANDS.has(cs.name)) {
        out += `\\${TEXT_RENAMES[cs.name] ?? cs.name}{${rewriteText(arg.content)}}`;
        i = arg.end - 1;
      } else if (arg?.braced) {
        out += s.slice(i, arg.end);
        i = arg.end - 1;
      } else {
        out += s.slice(i, cs.end);
        i = cs.end - 1;
      }
    } else {
      out += escapeTextChar(c);
    }
  }
  return out;
}

function findMathShiftEnd(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '$') return i;
  }
  return -1;
}

/** Whether a one-argument `\color{c}` at `i` has a second argument (MathJax 2's `\color{c}{math}`). */
function hasColorBody(s: string, i: number): boolean {
  const j = skipSpaces(s, i);
  if (j >= s.length) return false;
  const c = s[j];
  if (c === '}' || c === '&') return false;
  if (c === '\\') {
    const cs = readControlSequence(s, j);
    return !(cs.name === '\\' || cs.name === 'end' || cs.name === 'cr');
  }
  return true;
}

/** Rewrites a math-mode TeX string for KaTeX (see the module comment). */
export function rewriteMath(tex: string): string {
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
      i = commentEnd(tex, i) - 1;
      continue;
    }
    if (c === '^' || c === '_') {
      const j = skipSpaces(tex, i + 1);
      if (tex[j] === '\\') {
        const cs = readControlSequence(tex, j);
        if (SPACING.has(cs.name)) i = emit(i, `${c}{${tex.slice(j, cs.end)}}`, cs.end);
      }
      continue;
    }
    if (c !== '\\') continue;
    const cs = readControlSequence(tex, i);
    const name = cs.name;
    if (DROP_FIRST_ARGUMENT.has(name)) {
      const arg = readArgument(tex, cs.end);
      i = emit(i, '', arg ? arg.end : cs.end);
    } else if (name === 'style' || name === 'htmlStyle') {
      const arg = readArgument(tex, cs.end);
      const css = arg ? sanitizeCss(arg.content) : '';
      i = emit(i, css ? `\\htmlStyle{${css}}` : '', arg ? arg.end : cs.end);
    } else if (name === 'bbox') {
      const options = readOptional(tex, cs.end);
      const css = options ? bboxCss(options.content) : '';
      i = emit(i, css ? `\\htmlStyle{${css}}` : '', options ? options.end : cs.end);
    } else if (name === 'url') {
      const arg = readArgument(tex, cs.end);
      i = emit(i, arg ? `\\text{${literalText(arg.content)}}` : '', arg ? arg.end : cs.end);
    } else if (name === 'includegraphics') {
      const options = readOptional(tex, cs.end);
      const arg = readArgument(tex, options ? options.end : cs.end);
      i = emit(i, '', arg ? arg.end : cs.end);
    } else if (name === 'color') {
      const arg = readArgument(tex, cs.end);
      if (arg && hasColorBody(tex, arg.end)) i = emit(i, '\\textcolor', cs.end);
      else i = cs.end - 1;
    } else if (TEXT_COMMANDS.has(name)) {
      const arg = readArgument(tex, cs.end);
      if (arg?.braced) {
        i = emit(i, `\\${TEXT_RENAMES[name] ?? name}{${rewriteText(arg.content)}}`, arg.end);
      } else {
        i = emit(i, `\\${TEXT_RENAMES[name] ?? name}`, cs.end);
      }
    } else if (LABEL_COMMANDS.has(name)) {
      const arg = readArgument(tex, cs.end);
      i = (arg ? arg.end : cs.end) - 1;
    } else {
      i = cs.end - 1;
    }
  }
  return copied === 0 ? tex : out + tex.slice(copied);
}
