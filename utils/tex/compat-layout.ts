/**
 * What MathJax 2.7.9 lays out differently from KaTeX, fixed on the rewritten TeX of a whole formula (compat.ts):
 * the spacing of a binary operator after a scripted `\mathop`, and `\\` outside any array in display math.
 */
import { commentEnd, readArgument, readControlSequence, skipSpaces } from './lexer';

/** Binary operators KaTeX would turn unary after an operator. */
const BINARY = /^(?:[-+*]|\\(?:pm|mp|times|cdot|circ|ast|div|cup|cap|vee|wedge|oplus|otimes)(?![A-Za-z]))/;
/** `\mathop` bodies MathJax keeps an operator after scripts: one mi (`\rm name`), or one symbol or control word. */
const OPERATOR_BODY = /^\s*(?:\\rm\s+[a-zA-Z0-9 ]+|\\[A-Za-z]+|[^A-Za-z0-9\s\\{}])\s*$/;

/**
 * `\mathop{\text{argmin}}_x - y`: in MathJax the scripted `\mathop` of anything but a single operator or name
 * loses its operator class (setBaseTeXclasses), so the `-` after it stays binary; KaTeX makes it unary. An empty
 * ord between them, with the operator's thin space after it taken back, gives MathJax's spacing.
 */
export function binaryAfterScriptedMathop(tex: string): string {
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
    out += `${tex.slice(copied, j)}\\mkern-3mu{}`;
    copied = j;
  }
  return out + tex.slice(copied);
}

const EQUATION = /^(\s*\\begin\s*\{equation\*?\})([\s\S]*)(\\end\s*\{equation\*?\}\s*)$/;

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
 * In display math a `\\` outside any array breaks the line, as MathJax's newline does (KaTeX would set everything
 * on one line): the lines become the rows of a centred `gathered` (through `\kxlines`, so that numbering.ts still
 * sees the labels and tags of an `equation`).
 */
export function breakDisplayLines(tex: string): string {
  if (!tex.includes('\\\\')) return tex;
  const equation = EQUATION.exec(tex);
  const body = equation?.[2] ?? tex;
  if (!hasTopLevelNewline(body)) return tex;
  return equation ? `${equation[1]}\\kxlines{${body}}${equation[3]}` : `\\kxlines{${body}}`;
}
