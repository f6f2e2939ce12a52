/**
 * Text arguments (`\text{…}`, `\mbox{…}`, …) as MathJax 2.7.9 reads them: literal text with `$…$` math inside, a
 * `%` as text, CJK with MathJax's text box; links, ids, classes and images dropped (see security.ts).
 */
import katex from 'katex';
import { readArgument, readControlSequence, readOptional } from './lexer';
import { MATHJAX_MACROS } from './mathjax-macros';

/** Commands whose argument is text (MathJax: literal text with embedded `$…$` math). */
export const TEXT_COMMANDS = new Set([
  'text',
  'textrm',
  'textbf',
  'textit',
  'textsf',
  'texttt',
  'textnormal',
  'textup',
  'textmd',
  'emph',
  'hbox',
  'mbox',
]);
/** Text-command spellings KaTeX lacks. */
const TEXT_RENAMES: Record<string, string> = { mbox: 'text' };
/** A text command's name as KaTeX spells it. */
export const textCommandName = (name: string): string => TEXT_RENAMES[name] ?? name;
/** Commands whose argument is a label, copied verbatim wherever they appear. */
export const LABEL_COMMANDS = new Set(['label', 'eqref', 'ref']);
/**
 * Commands dropped with their first argument. For `\class`, `\href`, … the body argument that follows stays as a
 * plain group; `\require`, `\uproot`, `\leftroot` have no other argument.
 */
export const DROP_FIRST_ARGUMENT = new Set([
  'class',
  'htmlClass',
  'cssId',
  'htmlId',
  'htmlData',
  'href',
  'require',
  'uproot',
  'leftroot',
]);

/** Characters none of MathJax's TeX fonts has (CJK ideographs, kana, hangul, full-width forms). */
const NOT_IN_MATH_FONTS = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;

/**
 * KaTeX gives a character its fonts lack the metrics of `M` (0.683em high, nothing below the baseline); MathJax
 * gives text in another font its line box, 0.8em above the baseline and 0.2em below. So `\text{中文}` in a
 * fraction sat closer to the bar than on the blog: an invisible strut gives the text MathJax's box.
 */
function cjkStrut(text: string): string {
  return NOT_IN_MATH_FONTS.test(text) ? '\\rule[-3.6mu]{0pt}{18mu}' : '';
}

/** Characters KaTeX rejects in text mode but MathJax prints as they are. */
function escapeTextChar(c: string): string {
  // MathJax reads a text argument by braces alone: a `%` in it is text, not a comment.
  if (c === '%') return '\\%';
  if (c === '_') return '\\_';
  if (c === '^') return '\\textasciicircum{}';
  // An alignment tab or a parameter character is text there too (KaTeX: "Expected 'EOF', got '&'").
  if (c === '&' || c === '#') return `\\${c}`;
  return c;
}

const parseTex = (katex as unknown as { __parse(tex: string, options: katex.KatexOptions): unknown }).__parse;
const usableInText = new Map<string, boolean>();

/**
 * Whether KaTeX draws the control word `\name` in text mode. MathJax 2.7.9 draws no command inside `\text{…}`
 * (InternalMath keeps the text literally, `$…$` and `\ref` aside), so one KaTeX refuses there (`\hline`, `\alpha`)
 * is shown as its name, as on the blog, instead of failing the whole formula.
 */
function drawnInText(name: string): boolean {
  let ok = usableInText.get(name);
  if (ok === undefined) {
    // Alone, or with two arguments (a command that takes them fails without).
    ok = [`\\${name}`, `\\${name}{x}{x}`].some((use) => {
      try {
        parseTex(`\\text{${use}}`, { macros: { ...MATHJAX_MACROS }, strict: false, throwOnError: true });
        return true;
      } catch {
        return false;
      }
    });
    usableInText.set(name, ok);
  }
  return ok;
}

/** A string shown literally in text mode (for `\url`). */
export function literalText(s: string): string {
  return s.replace(/[\\{}$&#^_%~]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '^' ? '\\textasciicircum{}' : c === '~' ? '\\textasciitilde{}' : `\\${c}`,
  );
}

/**
 * A braced text command (`name` its KaTeX spelling) with its argument `content` rewritten; `math` rewrites the
 * math inside the text.
 */
export function textCommand(name: string, content: string, math: (tex: string) => string): string {
  return `\\${textCommandName(name)}{${rewriteText(content, math)}${cjkStrut(content)}}`;
}

/** The content of a text argument: literal text with `$…$` math inside, as MathJax's InternalMath reads it. */
function rewriteText(s: string, math: (tex: string) => string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '$') {
      const close = findMathShiftEnd(s, i + 1);
      if (close < 0) {
        out += '\\$';
        continue;
      }
      out += `$${math(withoutComments(s.slice(i + 1, close)))}$`;
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
        out += textCommand(cs.name, arg.content, math);
        i = arg.end - 1;
      } else if (arg?.braced) {
        out += s.slice(i, arg.end);
        i = arg.end - 1;
      } else {
        out += /^[A-Za-z@]+$/.test(cs.name) && !drawnInText(cs.name) ? literalText(`\\${cs.name}`) : s.slice(i, cs.end);
        i = cs.end - 1;
      }
    } else {
      out += escapeTextChar(c);
    }
  }
  return out;
}

/** `tex` without its `%` comments: math inside text is parsed by itself, so a comment ends with it. */
function withoutComments(tex: string): string {
  return tex.replace(/(^|[^\\])((?:\\\\)*)%[^\n]*/g, '$1$2');
}

function findMathShiftEnd(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '$') return i;
  }
  return -1;
}
