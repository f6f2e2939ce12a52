/**
 * Just enough TeX lexing for the string-level passes (macro extraction, MathJax compatibility, numbering):
 * control sequences, balanced groups and optional `[...]` arguments, read the way MathJax 2's parser reads them.
 */

/** A control sequence starting at `start` (a backslash): `name` without the backslash. */
export interface ControlSequence {
  name: string;
  end: number;
}

export interface Argument {
  /** The argument's text without its braces (a single token's text when it was not braced). */
  content: string;
  /** Index just after the argument. */
  end: number;
  braced: boolean;
}

const LETTER = /[A-Za-z@]/;

export function readControlSequence(s: string, start: number): ControlSequence {
  let i = start + 1;
  if (i >= s.length) return { name: '', end: i };
  if (!LETTER.test(s.charAt(i))) return { name: s.charAt(i), end: i + 1 };
  while (i < s.length && LETTER.test(s.charAt(i))) i++;
  return { name: s.slice(start + 1, i), end: i };
}

export function skipSpaces(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\t' || s[i] === '\r')) i++;
  return i;
}

/** Index just after the `}` matching the `{` at `open`, or -1 when the group is not closed. */
export function groupEnd(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * A macro argument at `i` (after optional spaces): a braced group or a single token, as MathJax's GetArgument.
 * Null when there is none (end of input, or a closing brace).
 */
export function readArgument(s: string, i: number): Argument | null {
  i = skipSpaces(s, i);
  if (i >= s.length) return null;
  const c = s[i];
  if (c === '{') {
    const end = groupEnd(s, i);
    if (end < 0) return null;
    return { content: s.slice(i + 1, end - 1), end, braced: true };
  }
  if (c === '}') return null;
  if (c === '\\') {
    const cs = readControlSequence(s, i);
    return { content: s.slice(i, cs.end), end: cs.end, braced: false };
  }
  // i < s.length here (checked above), so there is a code point.
  const cp = s.codePointAt(i) ?? 0;
  const len = cp > 0xffff ? 2 : 1;
  return { content: s.slice(i, i + len), end: i + len, braced: false };
}

/** An optional `[...]` argument at `i` (after optional spaces), brace-aware as MathJax's GetBrackets. */
export function readOptional(s: string, i: number): Argument | null {
  const j = skipSpaces(s, i);
  if (s[j] !== '[') return null;
  let depth = 0;
  for (let k = j + 1; k < s.length; k++) {
    const c = s[k];
    if (c === '\\') k++;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return null;
      depth--;
    } else if (c === ']' && depth === 0) return { content: s.slice(j + 1, k), end: k + 1, braced: true };
  }
  return null;
}

/** Index just after a `%` comment starting at `i` (the newline is kept in the text). */
export function commentEnd(s: string, i: number): number {
  const nl = s.indexOf('\n', i);
  return nl < 0 ? s.length : nl;
}
