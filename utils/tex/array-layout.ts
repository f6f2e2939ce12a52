/**
 * Arrays with MathJax 2.7.9's row heights instead of KaTeX's (issue 10), by rewriting their TeX.
 *
 * MathJax 2.7.9 (TeX input jax.js and AMSmath.js, HTML-CSS autoload/mtable.js): a row reaches max(0.8em, its
 * cells' height) above its baseline and max(0.2em, their depth) below, and consecutive rows are `rowspacing` apart:
 * 4pt (0.4em) in `array` and the matrices, 0.2em in `cases`, 3pt in `aligned`/`gathered`; `\\[x]` adds x to it; a
 * `\\` at the end makes no row. An array with a rule (`\hline`, `\hdashline`, `|` or `:` in its column spec) is
 * 0.5ex taller above and below (the frame spacing, or the padding of its partial frame); the rules lie in the
 * middle of the row spacing. An array without a frame has 1/6em on each side.
 * KaTeX 0.16: a row is max(0.7A, height) + max(0.3A, depth), A = \arraystretch × 1.2em (cases: always 1.2 × 1.2em),
 * with \jot (3pt) more under each row of `aligned`/`gathered`; `\\[x]` makes a row's depth at least 0.3A + x; rules
 * add nothing; `array` has \arraycolsep (0.5em) on each side.
 * So each array becomes `\begingroup\def\arraystretch{5/6}…\endgroup` (A = 1em: a row of ordinary cells is 1em, as
 * in MathJax) and each `\\` between rows `\\[rowspacing]` (the jot already is aligned's rowspacing), with an x
 * written after it added as an empty row taken back to x by a negative `\\[…]` (KaTeX adds those); `cases`
 * becomes the `matrix*` it is in MathJax (`\left\{` and left-aligned columns 1em apart), which honours
 * \arraystretch. A ruled array gets its 0.5ex above (an empty first row taken back by a negative `\\[…]`) and below
 * (`\\[…]` on its last row); a plain `array` becomes a `matrix*`, and arrays without a frame get 1/6em margins.
 */
import { commentEnd, readArgument, readControlSequence, readOptional } from './lexer';

interface Layout {
  /** MathJax's space between two rows that KaTeX does not already put there (em). */
  rowSpacing: number;
  /** KaTeX adds \jot (0.3em) under every row but the last (aligned, gathered). */
  jot?: boolean;
  /** What the environment becomes in KaTeX: the matrix inside its delimiters, the margins between. */
  open?: string;
  close?: string;
  /** The KaTeX environment drawing the rows, when it is not the same: its `\\begin{…}` and `\\end{…}`. */
  as?: { begin: string; end: string };
}

const MATRIX: Layout = { rowSpacing: 0.4 };
const CASES = '\\begin{matrix*}[l]';
const delimited = (open: string, close: string): Layout => ({
  ...MATRIX,
  open,
  close,
  as: { begin: '\\begin{matrix}', end: '\\end{matrix}' },
});
const LAYOUTS: ReadonlyMap<string, Layout> = new Map([
  ['array', MATRIX],
  ['matrix', MATRIX],
  ['pmatrix', delimited('\\left(', '\\right)')],
  ['bmatrix', delimited('\\left[', '\\right]')],
  ['Bmatrix', delimited('\\left\\{', '\\right\\}')],
  ['vmatrix', delimited('\\left\\vert', '\\right\\vert')],
  ['Vmatrix', delimited('\\left\\Vert', '\\right\\Vert')],
  // MathJax's cases is a matrix with left-aligned columns (KaTeX's has 1.2 × its rows, whatever \arraystretch says).
  ['cases', { rowSpacing: 0.2, open: '\\left\\{', close: '\\right.', as: { begin: CASES, end: '\\end{matrix*}' } }],
  ['aligned', { rowSpacing: 0, jot: true }],
  ['gathered', { rowSpacing: 0, jot: true }],
]);

/** \arraystretch for a 1em row: 5/6 of KaTeX's 1.2em baseline skip. */
const STRETCH = '\\def\\arraystretch{0.8333333}';
/** MathJax's frame spacing of a ruled array, 0.5ex of its font (x-height 0.430554em), above and below. */
const FRAME_SPACING = 0.5 * 0.430554;
/** A row's strut: MathJax 0.8em above and 0.2em below the baseline, KaTeX (A = 1em) 0.7em and 0.3em. */
const STRUT_SHIFT = 0.1;
/** KaTeX's \jot: 3pt. */
const JOT = 0.3;
/** MathJax's margin on each side of an array without a frame (KaTeX's matrices have none). */
const MARGIN = 1 / 6;

/** em per unit, as MathJax's dimen2em (in a 10pt font). */
const UNITS: Readonly<Record<string, number>> = {
  em: 1,
  ex: 0.430554,
  pt: 0.1,
  pc: 1.2,
  mu: 1 / 18,
  in: 7.227,
  cm: 7.227 / 2.54,
  mm: 7.227 / 25.4,
};

/** A dimension in em, or null when it is not one this rewrite can add to. */
export function dimensionEm(text: string): number | null {
  const m = /^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*([a-z]{2})\s*$/.exec(text);
  const per = m?.[2] === undefined ? undefined : UNITS[m[2]];
  return m?.[1] === undefined || per === undefined ? null : Number(m[1]) * per;
}

const em = (x: number) => `${Number(x.toFixed(4))}em`;

/** A row separator `\\` of an environment's body, with its optional `[…]`. */
interface RowBreak {
  start: number;
  end: number;
  /** The `[…]` written after it, in em; 0 without one, null when it is no dimension. */
  gap: number | null;
}

interface Environment {
  name: string;
  /** Index after `\begin{name}` (and `{spec}` for `array`). */
  bodyStart: number;
  /** Index of `\end{name}` and just after it. */
  bodyEnd: number;
  end: number;
  spec: string;
}

/** The `\begin{name}` / `\end{name}` at `i`, when it is one. */
function beginOrEnd(tex: string, i: number): { kind: 'begin' | 'end'; name: string; end: number } | null {
  const cs = readControlSequence(tex, i);
  if (cs.name !== 'begin' && cs.name !== 'end') return null;
  const arg = readArgument(tex, cs.end);
  return arg?.braced ? { kind: cs.name, name: arg.content.trim(), end: arg.end } : null;
}

/** The environment whose `\begin` is at `i`, with its matching `\end`; null when it is none of ours or unclosed. */
function environmentAt(tex: string, i: number): Environment | null {
  const begin = beginOrEnd(tex, i);
  if (begin?.kind !== 'begin' || !LAYOUTS.has(begin.name)) return null;
  let bodyStart = begin.end;
  let spec = '';
  if (begin.name === 'array') {
    const arg = readArgument(tex, bodyStart);
    if (!arg?.braced) return null;
    spec = arg.content;
    bodyStart = arg.end;
  }
  let depth = 0;
  for (let k = bodyStart; k < tex.length; k++) {
    if (tex[k] === '%') k = commentEnd(tex, k);
    if (tex[k] !== '\\') continue;
    const token = beginOrEnd(tex, k);
    if (token?.name === begin.name && token.kind === 'begin') depth++;
    else if (token?.name === begin.name && --depth < 0)
      return { ...begin, bodyStart, bodyEnd: k, end: token.end, spec };
    k = (token?.end ?? readControlSequence(tex, k).end) - 1;
  }
  return null;
}

/** The `\\` of `body` outside its groups and inner environments. */
function rowBreaks(body: string): RowBreak[] {
  const breaks: RowBreak[] = [];
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '%') i = commentEnd(body, i);
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '\\') {
      const cs = readControlSequence(body, i);
      if (cs.name === 'begin') depth++;
      else if (cs.name === 'end') depth--;
      else if (cs.name === '\\' && depth === 0) {
        const optional = readOptional(body, cs.end);
        const gap = optional ? dimensionEm(optional.content) : 0;
        breaks.push({ start: i, end: optional && gap !== null ? optional.end : cs.end, gap });
      }
      i = cs.end - 1;
    }
  }
  return breaks;
}

/** Rules at a row's start, with spaces and comments around them (a comment may sit between `\\\\` and `\\hline`). */
const RULE = /^(?:\s|%[^\n]*)*(?:\\(?:hline|hdashline)(?![A-Za-z])(?:\s|%[^\n]*)*)*/;
const RULES_ONLY = /^(?:\s|%[^\n]*|\\(?:hline|hdashline)(?![A-Za-z]))*$/;

/** What follows a row: `\\\\` with MathJax's row spacing and the `[x]` written after it. */
function rowSeparator(br: RowBreak, layout: Layout, rules: string): string {
  if (br.gap === null) return `\\\\${rules}`;
  const spacing = Math.max(0, layout.rowSpacing + Math.min(0, br.gap));
  const extra = Math.max(0, br.gap);
  // KaTeX's `\\\\[x]` only makes the row at least x deep, MathJax adds x under it whatever its depth: so what must
  // be added is an empty row (1em, and the jot) taken back by a negative `\\\\[…]`, which KaTeX adds.
  const spacer = 1 + (layout.jot ? JOT : 0);
  const gap = (x: number) => (x > 0 ? `\\\\[${em(x)}]` : '\\\\');
  if (rules) {
    // MathJax's rule lies in the middle of the row spacing: half of it above (less KaTeX's deeper strut), the other
    // half below (with MathJax's taller strut, and x).
    return `${gap(spacing / 2 - STRUT_SHIFT)}${rules}\\\\[${em(spacing / 2 + STRUT_SHIFT + extra - spacer)}]`;
  }
  return extra > 0 ? `${gap(spacing)}\\\\[${em(extra - spacer)}]` : gap(spacing);
}

/** The rules at the start of a row (after a `\\\\`, or at the top), when there are any. */
const rulesOf = (row: string) => {
  const rules = RULE.exec(row)?.[0] ?? '';
  return /\\h(?:dash)?line/.test(rules) ? rules : '';
};

/** An environment's body with MathJax's row spacing: `rows` are already rewritten, `breaks` separate them. */
function spacedBody(rows: string[], breaks: RowBreak[], layout: Layout, frame: boolean): string {
  const last = rows.length - 1;
  // A `\\\\` followed only by rules makes no row in MathJax (nor, after KaTeX drops the empty row, in ours).
  const trailing = last > 0 && RULES_ONLY.test(rows[last] ?? '');
  let out = '';
  rows.forEach((row, r) => {
    const rules = trailing && r === last ? '' : rulesOf(row);
    // An empty row (1em) taken back to the frame spacing plus MathJax's taller strut.
    if (r === 0 && frame) out += `${rules}\\\\[${em(FRAME_SPACING + STRUT_SHIFT - 1)}]`;
    out += row.slice(rules.length);
    const br = breaks[r];
    if (!br) return;
    if (trailing && r === last - 1) out += frame ? `\\\\[${em(FRAME_SPACING - STRUT_SHIFT)}]` : '\\\\';
    else out += rowSeparator(br, layout, rulesOf(rows[r + 1] ?? ''));
  });
  if (frame && !trailing) out += `\\\\[${em(FRAME_SPACING - STRUT_SHIFT)}]`;
  return out;
}

/**
 * How an environment is drawn in KaTeX. A plain `array` with one alignment becomes that `matrix*`: KaTeX's `array`
 * has its \\arraycolsep (0.5em) outside its first and last columns where MathJax has a 1/6em margin, and a
 * negative kern after it would leave its box sticking out of the formula's (a scroll bar when it fills the column).
 */
function layoutOf(env: Environment, frame: boolean): { layout: Layout; margin: number } {
  const layout = LAYOUTS.get(env.name) ?? MATRIX;
  if (env.name !== 'array') return { layout, margin: MARGIN };
  const align = /^\s*([lcr])(?:\s*\1)*\s*$/.exec(env.spec)?.[1];
  if (frame || !align) return { layout, margin: 0 };
  return { layout: { ...layout, as: { begin: `\\begin{matrix*}[${align}]`, end: '\\end{matrix*}' } }, margin: MARGIN };
}

/** One environment of ours rewritten (its inner ones too): `env` as found by environmentAt in `tex`. */
function rewriteEnvironment(tex: string, start: number, env: Environment): string {
  const body = tex.slice(env.bodyStart, env.bodyEnd);
  const breaks = rowBreaks(body);
  const segments = breaks.map((br, r) => body.slice(r === 0 ? 0 : (breaks[r - 1]?.end ?? 0), br.start));
  segments.push(body.slice(breaks.at(-1)?.end ?? 0));
  const frame = /[|:]/.test(env.spec) || segments.some((s) => /\S/.test(RULE.exec(s)?.[0] ?? ''));
  // A ruled array's frame spacing (0.4em in MathJax) and KaTeX's \arraycolsep are near enough: it keeps its sides.
  const { layout, margin } = layoutOf(env, frame);
  const inner = spacedBody(segments.map(mathjaxArrays), breaks, layout, frame);
  const head = layout.as?.begin ?? tex.slice(start, env.bodyStart);
  const tail = layout.as?.end ?? tex.slice(env.bodyEnd, env.end);
  const kern = margin ? `\\kern${em(margin)}` : '';
  return (
    `\\begingroup${STRETCH}${layout.open ?? ''}${kern}${head}${inner}${tail}${kern}${layout.close ?? ''}` +
    // The space ends the control word before a letter that may follow.
    '\\endgroup '
  );
}

/** `tex` with every array, matrix, `cases`, `aligned` and `gathered` laid out as MathJax 2.7.9 does (see above). */
export function mathjaxArrays(tex: string): string {
  if (!tex.includes('\\begin')) return tex;
  let out = '';
  let copied = 0;
  for (let i = 0; i < tex.length; i++) {
    if (tex[i] === '%') i = commentEnd(tex, i);
    if (tex[i] !== '\\') continue;
    const env = environmentAt(tex, i);
    if (env) {
      out += tex.slice(copied, i) + rewriteEnvironment(tex, i, env);
      copied = env.end;
      i = env.end - 1;
    } else i = readControlSequence(tex, i).end - 1;
  }
  return out + tex.slice(copied);
}
