/**
 * Rewrites what MathJax 2.7.9 accepts and KaTeX doesn't (or treats differently) into KaTeX TeX, and removes every
 * user-written command that could put links, ids, classes or raw styles into the page (see security.ts).
 * Body arguments stay in the stream and are rewritten as the scan reaches them; only heads and metadata
 * arguments are replaced here. Numbering commands (\label, \tag, \eqref, …) are left for numbering.ts.
 */
import { type ControlSequence, commentEnd, readArgument, readControlSequence, readOptional, skipSpaces } from './lexer';
import { sanitizeCss } from './security';

/** How many arguments a command takes: mandatory ones, and whether an optional `[…]` comes first. */
export interface Arity {
  args: number;
  optional: boolean;
}

/** What rewriteMath needs to know of the page's own macros (MacroTable provides it). */
export interface PageMacros {
  has(name: string): boolean;
  /** Set for a macro whose expansion starts with a command taking arguments (see scriptCommandEnd). */
  scriptArity(name: string): Arity | undefined;
}

const NO_PAGE_MACROS: PageMacros = { has: () => false, scriptArity: () => undefined };

function arities(spec: Record<string, string>): Map<string, Arity> {
  const map = new Map<string, Arity>();
  for (const [arity, names] of Object.entries(spec)) {
    for (const name of names.split(' ')) map.set(name, { args: Number(arity[0]), optional: arity.endsWith('+') });
  }
  return map;
}

/**
 * Commands that take arguments (KaTeX's and the MathJax ones of mathjax-macros.ts). MathJax takes whatever the
 * command after `^`/`_` builds, arguments included (`x_\boldsymbol{B}`, `\min_\mathbf{x}`); KaTeX refuses most
 * of them there, so the command and its arguments get braces.
 */
const SCRIPT_ARITIES = arities({
  1:
    'acute grave ddot tilde bar breve check hat vec dot mathring widecheck widehat widetilde overrightarrow ' +
    'overleftarrow Overrightarrow overleftrightarrow overgroup overlinesegment overleftharpoon overrightharpoon ' +
    'underleftarrow underrightarrow underleftrightarrow undergroup underlinesegment utilde overparen underparen ' +
    'bigl Bigl biggl Biggl bigr Bigr biggr Biggr bigm Bigm biggm Biggm big Big bigg Bigg fbox boxed cancel bcancel ' +
    'xcancel sout phase angl boldsymbol bm pmb hbox mbox text textrm textbf textit textsf texttt textnormal textup ' +
    'textmd emph overbrace underbrace overbracket underbracket kern mkern hskip mskip mspace hspace mathllap ' +
    'mathrlap mathclap llap rlap clap mathord mathbin mathrel mathopen mathclose mathpunct mathinner mathop ' +
    'operatornamewithlimits overline underline phantom vphantom hphantom vcenter substack pmod pod mathbf mathrm ' +
    'mathit mathsf mathtt mathcal mathbb mathfrak mathscr mathnormal mathbfit Bbb bold',
  '1+':
    'xleftarrow xrightarrow xLeftarrow xRightarrow xleftrightarrow xLeftrightarrow xhookleftarrow ' +
    'xhookrightarrow xmapsto xrightharpoondown xrightharpoonup xleftharpoondown xleftharpoonup xrightleftharpoons ' +
    'xleftrightharpoons xlongequal xtwoheadrightarrow xtwoheadleftarrow xtofrom xrightleftarrows ' +
    'xrightequilibrium xleftequilibrium sqrt smash unicode',
  2:
    'textcolor colorbox stackrel overset underset raisebox frac dfrac tfrac cfrac binom dbinom tbinom mmlToken ' +
    'mathtip texttip cancelto',
  '2+': 'rule',
  3: 'fcolorbox skew Rule Space',
  4: 'mathchoice',
});

/** Commands whose argument is text (MathJax: literal text with embedded `$…$` math). */
const TEXT_COMMANDS = new Set([
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
/** Commands whose argument is a label, copied verbatim wherever they appear. */
const LABEL_COMMANDS = new Set(['label', 'eqref', 'ref']);
/** Spacing commands KaTeX can't take as a bare `^`/`_` argument (they expand to several tokens). */
const SPACING = new Set([
  ',',
  ':',
  '>',
  ';',
  '!',
  ' ',
  'thinspace',
  'medspace',
  'thickspace',
  'negthinspace',
  'negmedspace',
  'negthickspace',
  'enspace',
  'quad',
  'qquad',
]);

/**
 * Commands dropped with their first argument. For `\class`, `\href`, … the body argument that follows stays as a
 * plain group; `\require`, `\uproot`, `\leftroot`, `\setCounter` have no other argument.
 */
const DROP_FIRST_ARGUMENT = new Set([
  'class',
  'htmlClass',
  'cssId',
  'htmlId',
  'htmlData',
  'href',
  'require',
  'uproot',
  'leftroot',
  'setCounter',
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

/**
 * Text-mode accents: KaTeX accepts them in math mode too, and fails when no argument follows (`a \= b`); in math
 * mode MathJax doesn't define them, so its noUndefined shows the name in red and goes on.
 */
const TEXT_ACCENTS = new Set(["'", '`', '^', '~', '=', '.', '"', 'u', 'v', 'H', 'c', 'r']);

/** A control sequence's name in red, as MathJax's noUndefined shows it (render.ts does the same). */
function undefinedName(name: string): string {
  return `\\textcolor{red}{\\text{${literalText('\\' + name)}}}`;
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
      out += body.slice(copied, i) + `\\htmlStyle{font-weight: bold}{${body.slice(i, arg.end)}}`;
      copied = arg.end;
    }
    i = (arg ? arg.end : cs.end) - 1;
  }
  return out + body.slice(copied);
}

/** Characters none of MathJax's TeX fonts has (CJK ideographs, kana, hangul, full-width forms). */
const NOT_IN_MATH_FONTS = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;

/**
 * KaTeX gives a character its fonts lack the metrics of `M` (0.683em high, nothing below the baseline); MathJax
 * gives text in another font its line box, 0.8em above the baseline and 0.2em below. So `\text{中文}` in a
 * fraction sat closer to the bar than on the blog: an invisible strut gives the text MathJax's box.
 */
function cjkStrut(text: string): string {
  return NOT_IN_MATH_FONTS.test(text) ? '\\rule[-0.2em]{0pt}{1em}' : '';
}

/** Characters KaTeX rejects in text mode but MathJax prints as they are. */
function escapeTextChar(c: string): string {
  // MathJax reads a text argument by braces alone: a `%` in it is text, not a comment.
  if (c === '%') return '\\%';
  if (c === '_') return '\\_';
  if (c === '^') return '\\textasciicircum{}';
  return c;
}

/** A string shown literally in text mode (for `\url`). */
function literalText(s: string): string {
  return s.replace(/[\\{}$&#^_%~]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '^' ? '\\textasciicircum{}' : c === '~' ? '\\textasciitilde{}' : '\\' + c,
  );
}

/** The content of a text argument: literal text with `$…$` math inside, as MathJax's InternalMath reads it. */
function rewriteText(s: string, page: PageMacros): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '$') {
      const close = findMathShiftEnd(s, i + 1);
      if (close < 0) {
        out += '\\$';
        continue;
      }
      out += '$' + rewriteMath(withoutComments(s.slice(i + 1, close)), page) + '$';
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
        out += `\\${TEXT_RENAMES[cs.name] ?? cs.name}{${rewriteText(arg.content, page)}${cjkStrut(arg.content)}}`;
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

/** Index just after the matching `\right` and its delimiter, for a `\left` whose name ends at `from`; -1 if none. */
function leftRightEnd(tex: string, from: number): number {
  let depth = 1;
  for (let i = from; i < tex.length; i++) {
    if (tex[i] !== '\\') continue;
    const cs = readControlSequence(tex, i);
    if (cs.name === 'left') depth++;
    else if (cs.name === 'right' && --depth === 0) return readArgument(tex, cs.end)?.end ?? -1;
    i = cs.end - 1;
  }
  return -1;
}

/** Index just after the `\end{name}` closing a `\begin{name}` whose name ends at `from`; -1 if none. */
function environmentEnd(tex: string, from: number): number {
  const name = readArgument(tex, from);
  if (!name?.braced) return -1;
  let depth = 1;
  for (let i = name.end; i < tex.length; i++) {
    if (tex[i] !== '\\') continue;
    const cs = readControlSequence(tex, i);
    if (cs.name === 'begin' || cs.name === 'end') {
      const arg = readArgument(tex, cs.end);
      if (arg?.content === name.content && (cs.name === 'begin' ? ++depth : --depth) === 0) return arg.end;
    }
    i = cs.end - 1;
  }
  return -1;
}

/**
 * Where the item that a control sequence builds ends, when MathJax would take that whole item as a script and
 * KaTeX would not (a command with arguments, `\left…\right`, an environment): -1 otherwise.
 */
function scriptCommandEnd(tex: string, cs: ControlSequence, page: PageMacros): number {
  if (cs.name === 'left') return leftRightEnd(tex, cs.end);
  if (cs.name === 'begin') return environmentEnd(tex, cs.end);
  let pos = cs.end;
  let arity = page.has(cs.name) ? page.scriptArity(cs.name) : SCRIPT_ARITIES.get(cs.name);
  if (cs.name === 'color')
    arity = { args: hasColorBody(tex, readArgument(tex, pos)?.end ?? pos) ? 2 : 1, optional: false };
  if (cs.name === 'operatorname') {
    arity = { args: 1, optional: false };
    if (tex[skipSpaces(tex, pos)] === '*') pos = skipSpaces(tex, pos) + 1;
  }
  if (!arity) return -1;
  if (arity.optional) pos = readOptional(tex, pos)?.end ?? pos;
  for (let k = 0; k < arity.args; k++) {
    const arg = readArgument(tex, pos);
    if (!arg) return -1;
    pos = arg.end;
  }
  return pos;
}

/** How many groups are open at `i` (comments skipped). */
function openGroups(tex: string, i: number): number {
  let depth = 0;
  for (let k = 0; k < i; k++) {
    const c = tex[k];
    if (c === '\\') k++;
    else if (c === '%') k = commentEnd(tex, k);
    else if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
  }
  return depth;
}

/**
 * Where a `%` comment at `i` ends when it reaches the `}` of an enclosing group before the end of its line, else -1.
 * MathJax reads an argument by braces alone and parses it by itself, so a comment inside ends with the argument;
 * KaTeX's comment would take the closing brace and the rest of the line with it.
 */
function argumentCommentEnd(tex: string, i: number): number {
  if (openGroups(tex, i) === 0) return -1;
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

/** Whether a macro body starts with a command that MathJax, unlike KaTeX, takes as a whole script (see above). */
export function startsWithScriptCommand(body: string, page: PageMacros): boolean {
  const start = skipSpaces(body, 0);
  if (body[start] !== '\\') return false;
  const cs = readControlSequence(body, start);
  if (page.has(cs.name)) return page.scriptArity(cs.name) !== undefined;
  return SCRIPT_ARITIES.has(cs.name) || ['left', 'begin', 'color', 'operatorname'].includes(cs.name);
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
      continue;
    }
    if (c === '^' || c === '_') {
      const j = skipSpaces(tex, i + 1);
      if (tex[j] === '\\') {
        const cs = readControlSequence(tex, j);
        const end = SPACING.has(cs.name) ? cs.end : scriptCommandEnd(tex, cs, page);
        if (end > 0) i = emit(i, `${c}{${rewriteMath(tex.slice(j, end), page)}}`, end);
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
    } else if (TEXT_ACCENTS.has(name) && page !== NO_PAGE_MACROS && !page.has(name)) {
      i = emit(i, undefinedName(name), cs.end);
    } else if ((name === 'boldsymbol' || name === 'bm') && !page.has(name)) {
      const arg = readArgument(tex, cs.end);
      if (arg?.braced && /\\mathcal(?![A-Za-z])/.test(arg.content)) {
        i = emit(i, `\\${name}{${boldCaligraphic(rewriteMath(arg.content, page))}}`, arg.end);
      } else {
        i = cs.end - 1;
      }
    } else if (TEXT_COMMANDS.has(name)) {
      const arg = readArgument(tex, cs.end);
      if (arg?.braced) {
        i = emit(
          i,
          `\\${TEXT_RENAMES[name] ?? name}{${rewriteText(arg.content, page)}${cjkStrut(arg.content)}}`,
          arg.end,
        );
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

/** Binary operators KaTeX would turn unary after an operator. */
const BINARY = /^(?:[-+*]|\\(?:pm|mp|times|cdot|circ|ast|div|cup|cap|vee|wedge|oplus|otimes)(?![A-Za-z]))/;
/** `\mathop` bodies MathJax keeps an operator after scripts: one mi (`\rm name`), or one symbol or control word. */
const OPERATOR_BODY = /^\s*(?:\\rm\s+[a-zA-Z0-9 ]+|\\[A-Za-z]+|[^A-Za-z0-9\s\\{}])\s*$/;

/**
 * `\mathop{\text{argmin}}_x - y`: in MathJax the scripted `\mathop` of anything but a single operator or name
 * loses its operator class (setBaseTeXclasses), so the `-` after it stays binary; KaTeX makes it unary. An empty
 * ord between them, with the operator's thin space after it taken back, gives MathJax's spacing.
 */
function binaryAfterScriptedMathop(tex: string): string {
  if (!tex.includes('\\mathop')) return tex;
  const insertAt: number[] = [];
  for (let i = tex.indexOf('\\mathop'); i >= 0; i = tex.indexOf('\\mathop', i + 1)) {
    const cs = readControlSequence(tex, i);
    const body = cs.name === 'mathop' ? readArgument(tex, cs.end) : null;
    if (!body || OPERATOR_BODY.test(body.content)) continue;
    let pos = body.end;
    let scripted = false;
    for (;;) {
      const j = skipSpaces(tex, pos);
      const next = tex[j] === '\\' ? readControlSequence(tex, j) : null;
      if (next && (next.name === 'limits' || next.name === 'nolimits')) {
        pos = next.end;
      } else if (tex[j] === '_' || tex[j] === '^') {
        const arg = readArgument(tex, j + 1);
        if (!arg) break;
        pos = arg.end;
        scripted = true;
      } else {
        break;
      }
    }
    const j = skipSpaces(tex, pos);
    if (scripted && BINARY.test(tex.slice(j, j + 8))) insertAt.push(j);
  }
  // Nested operators (in a script) come after the outer one here, but lie before its insertion point.
  let out = '';
  let copied = 0;
  for (const j of insertAt.sort((a, b) => a - b)) {
    out += tex.slice(copied, j) + '\\mkern-3mu{}';
    copied = j;
  }
  return out + tex.slice(copied);
}

const EQUATION = /^(\s*\\begin\s*\{equation\*?\})([^]*)(\\end\s*\{equation\*?\}\s*)$/;

/** Whether `\\` occurs, before more content, outside every group, environment and `\left…\right` of `tex`. */
function hasTopLevelNewline(tex: string): boolean {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '%') i = commentEnd(tex, i) - 1;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '\\') {
      const cs = readControlSequence(tex, i);
      if (cs.name === 'begin' || cs.name === 'left') depth++;
      else if (cs.name === 'end' || cs.name === 'right') depth--;
      else if (cs.name === '\\' && depth === 0 && tex.slice(cs.end).trim() !== '') return true;
      i = cs.end - 1;
    }
  }
  return false;
}

/**
 * A whole formula rewritten for KaTeX: rewriteMath, and in display math a `\\` outside any array breaks the line,
 * as MathJax's newline does (KaTeX would set everything on one line). The lines become the rows of a centred
 * `gathered` (through `\kxlines`, so that numbering.ts still sees the labels and tags of an `equation`).
 */
export function rewriteFormula(tex: string, display: boolean, page: PageMacros = NO_PAGE_MACROS): string {
  const rewritten = binaryAfterScriptedMathop(rewriteMath(tex, page));
  if (!display || !rewritten.includes('\\\\')) return rewritten;
  const equation = EQUATION.exec(rewritten);
  const body = equation ? equation[2] : rewritten;
  if (!hasTopLevelNewline(body)) return rewritten;
  return equation ? `${equation[1]}\\kxlines{${body}}${equation[3]}` : `\\kxlines{${body}}`;
}
