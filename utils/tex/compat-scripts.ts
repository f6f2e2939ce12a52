/**
 * Scripts MathJax 2.7.9 takes and KaTeX doesn't: after `^`/`_`, MathJax takes the whole item a control sequence
 * builds (a command with its arguments, `\left…\right`, an environment); KaTeX refuses most of them unbraced.
 * compat.ts braces them; macros.ts marks page macros whose expansion starts with such a command.
 */
import { type ControlSequence, readArgument, readControlSequence, readOptional, skipSpaces } from './lexer';

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

export const NO_PAGE_MACROS: PageMacros = { has: () => false, scriptArity: () => undefined };

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

/** Spacing commands KaTeX can't take as a bare `^`/`_` argument (they expand to several tokens). */
export const SPACING = new Set([
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

/** Whether a one-argument `\color{c}` at `i` has a second argument (MathJax 2's `\color{c}{math}`). */
export function hasColorBody(s: string, i: number): boolean {
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
export function scriptCommandEnd(tex: string, cs: ControlSequence, page: PageMacros): number {
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

/** Whether a macro body starts with a command that MathJax, unlike KaTeX, takes as a whole script (see above). */
export function startsWithScriptCommand(body: string, page: PageMacros): boolean {
  const start = skipSpaces(body, 0);
  if (body[start] !== '\\') return false;
  const cs = readControlSequence(body, start);
  if (page.has(cs.name)) return page.scriptArity(cs.name) !== undefined;
  return SCRIPT_ARITIES.has(cs.name) || ['left', 'begin', 'color', 'operatorname'].includes(cs.name);
}
