/**
 * Commands MathJax 2.7.9's TeX input (core, AMSmath, and the extensions it autoloads) defines and KaTeX doesn't,
 * as KaTeX macros. Passed under the page's own macros, so a page can still redefine them.
 */
import { type KatexMacro, type MacroContext, tokensToTex } from './macros';

function args(context: MacroContext, n: number): string[] {
  return context.consumeArgs(n).map(tokensToTex);
}

/** One argument (KaTeX fails the formula when there is none). */
const arg = (context: MacroContext): string => args(context, 1)[0] ?? '';

/** A macro with `n` arguments, some of which its expansion may drop (KaTeX's strings can't say so). */
function taking(n: number, expand: (a: string[]) => string): KatexMacro {
  return (context: MacroContext) => expand(args(context, n));
}

/** The text of an optional `[…]` argument, or null. */
function optional(context: MacroContext): string | null {
  context.consumeSpaces();
  if (context.future().text !== '[') return null;
  context.popToken();
  return tokensToTex(context.consumeArg([']']).tokens);
}

/** `\unicode[font]{0x263A}` / `{x263A}` / `{9786}` → `\char"263A`. */
function unicode(context: MacroContext): string {
  optional(context);
  const code = arg(context);
  const text = code.replace(/\s/g, '');
  const hex = /^(?:0?x)([0-9a-f]+)$/i.exec(text)?.[1] ?? (/^\d+$/.test(text) ? Number(text).toString(16) : null);
  const value = hex === null ? NaN : Number.parseInt(hex, 16);
  if (!(value > 0 && value <= 0x10ffff) || (value >= 0xd800 && value <= 0xdfff)) return '';
  // \relax ends the number: `\unicode{x41}b` is "Ab", not \char"41B.
  return `\\char"${value.toString(16).toUpperCase()}\\relax`;
}

/** `\enclose{notation}[attributes]{math}`: the notations KaTeX can draw; others keep just the math. */
function enclose(context: MacroContext): string {
  const notation = arg(context);
  optional(context);
  const body = arg(context);
  const n = notation.split(/[\s,]+/);
  if (n.includes('updiagonalstrike') && n.includes('downdiagonalstrike')) return `\\xcancel{${body}}`;
  if (n.includes('updiagonalstrike')) return `\\cancel{${body}}`;
  if (n.includes('downdiagonalstrike')) return `\\bcancel{${body}}`;
  if (n.some((x) => x === 'box' || x === 'roundedbox' || x === 'circle')) return `\\boxed{${body}}`;
  return `{${body}}`;
}

export const MATHJAX_MACROS: Readonly<Record<string, KatexMacro>> = Object.freeze({
  // Plain TeX (MathJax core).
  '\\buildrel': (context: MacroContext) => {
    const over = tokensToTex(context.consumeArg(['\\over']).tokens);
    const under = arg(context);
    return `\\mathrel{\\mathop{${under}}\\limits^{${over}}}`;
  },
  '\\root': (context: MacroContext) => {
    const index = tokensToTex(context.consumeArg(['\\of']).tokens);
    const radicand = arg(context);
    return `\\sqrt[${index}]{${radicand}}`;
  },
  '\\strut': '\\mathstrut',
  '\\skew': taking(3, (a) => `{${a[1]}{${a[2]}}}`),
  '\\displaylines': '\\begin{gathered}#1\\end{gathered}',
  '\\eqalign': '\\begin{aligned}#1\\end{aligned}',
  '\\eqalignno': '\\begin{aligned}#1\\end{aligned}',
  '\\leqalignno': '\\begin{aligned}#1\\end{aligned}',
  '\\cases': '\\begin{cases}#1\\end{cases}',
  '\\matrix': '\\begin{matrix}#1\\end{matrix}',
  '\\pmatrix': '\\begin{pmatrix}#1\\end{pmatrix}',
  '\\arrowvert': '\\vert',
  '\\Arrowvert': '\\Vert',
  '\\bracevert': '\\vert',
  '\\nonscript': '',
  '\\mit': '\\it',
  '\\oldstyle': '\\cal',
  '\\Tiny': '\\tiny',
  '\\overparen': '\\overgroup',
  '\\underparen': '\\undergroup',
  '\\mspace': '\\mskip',
  '\\array': '\\begin{matrix}#1\\end{matrix}',
  // Stretching glue only aligns cells inside arrays; elsewhere MathJax shows nothing either.
  '\\hfil': '',
  '\\hfill': '',
  '\\hfilll': '',
  // MathJax-specific.
  '\\mmlToken': taking(2, (a) => `{${a[1]}}`),
  '\\Rule': taking(3, (a) => `\\rule{${a[0]}}{${a[1]}}`),
  '\\Space': taking(3, (a) => `\\hspace{${a[0]}}`),
  '\\mathtip': taking(2, (a) => `{${a[0]}}`),
  '\\texttip': taking(2, (a) => `{${a[0]}}`),
  '\\unicode': unicode,
  '\\enclose': enclose,
  '\\cancelto': '\\cancel{#2}^{#1}',
  // AMSmath.
  '\\sideset': '\\mathop{\\mathop{\\mathrlap{\\phantom{#3}}}\\nolimits#1\\!\\mathop{#3}\\nolimits#2}',
  '\\idotsint': '\\int\\cdots\\int',
  '\\iiiint': '\\int\\!\\!\\!\\iiint',
  '\\iddots': '\\mathinner{\\char"22F0}',
  // MathJax's fonts make ⋮ 0.4em and ⋱ 0.7em taller than their glyphs (TeX's \vdots and \ddots are boxes that tall),
  // so a matrix row holding one is taller than KaTeX's (its \vdots is 1.5em tall, its \ddots 0.82em).
  '\\vdots': '{\\varvdots\\rule{0pt}{1.3em}}',
  '\\ddots': '\\mathinner{\\char"22F1\\rule{0pt}{1.52em}}',
  '\u22f1': '\\ddots',
  // compat.ts's rewriteFormula: the lines of a display formula broken by `\\` outside any array.
  '\\kxlines': '\\begin{gathered}#1\\end{gathered}',
  // Numbering commands the prepass could not see because a page macro's body holds them.
  '\\label': taking(1, () => ''),
  '\\notag': '',
  '\\nonumber': '',
  '\\shoveleft': '{#1}',
  '\\shoveright': '{#1}',
});
