/**
 * KaTeX's hidden MathML (what screen readers read) made valid for Firefox's MathML parser, which reports, and then
 * ignores, two things KaTeX writes:
 *
 * - a script element with too many children: `x_{\min}` gives `<msub><mi>x</mi><mi>min</mi><mo>⁡</mo></msub>`
 *   ("Incorrect number of children for <msub/>"): an operator name used as a script comes out as its name and a
 *   U+2061 (FUNCTION APPLICATION) side by side; each such pair is joined in one `<mrow>`, as KaTeX does elsewhere;
 * - an empty attribute value: `columnspacing=""` on an `aligned` table ("Error in parsing the value ''"): dropped,
 *   which is what Firefox does with it anyway;
 * - a negative row spacing: KaTeX writes `rowspacing` as \arraystretch − 0.84em, negative under the 5/6 stretch of
 *   MathJax's rows (array-layout.ts) ("Error in parsing MathML attribute value '-0.0067em' as length"): made 0,
 *   the least Firefox accepts.
 *
 * KaTeX escapes `<`, `>` and `"` in text and attribute values, so its markup can be walked tag by tag.
 */
import { group } from '@/utils/regex';

/** How many children each element with a fixed number of children must have. */
const ARITY: Readonly<Record<string, number>> = {
  msub: 2,
  msup: 2,
  munder: 2,
  mover: 2,
  mfrac: 2,
  mroot: 2,
  msubsup: 3,
  munderover: 3,
};

// KaTeX writes `<mtd class ="mtr-glue">`: a space may come before the `=`.
const TAG = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*"[^"]*")?)*)\s*(\/?)>/g;
const EMPTY_ATTRIBUTE = /\s+[\w-]+\s*=\s*""/g;
const NEGATIVE_ROW_SPACING = /\browspacing\s*=\s*"[^"]*-/;
/** A negative length in a `rowspacing` value, made 0. */
const withoutNegativeRowSpacing = (attributes: string) =>
  attributes.replace(
    /(\browspacing\s*=\s*")([^"]*)"/,
    (_, name: string, value: string) => `${name}${value.replace(/-[\d.]+([a-z%]*)/g, '0$1')}"`,
  );

interface Frame {
  name: string;
  /** Offsets in the output where each child starts. */
  childStarts: number[];
}

/**
 * A quick test, so the common formula is returned untouched without a walk: the surplus children come from an
 * operator name's U+2061 (FUNCTION APPLICATION) in a script, the rest is an empty value. The tests check every
 * corpus formula's MathML with `mathmlProblems`, so another cause would be caught there.
 */
function mayNeedFix(mathml: string): boolean {
  return mathml.includes('\u2061') || /=\s*""/.test(mathml) || NEGATIVE_ROW_SPACING.test(mathml);
}

/** Fixes the MathML of one KaTeX `renderToString` result (HTML output around it is left as it is). */
export function validMathML(html: string): string {
  const start = html.indexOf('<math');
  if (start < 0) return html;
  const end = html.indexOf('</math>', start);
  if (end < 0) return html;
  const mathml = html.slice(start, end + '</math>'.length);
  if (!mayNeedFix(mathml)) return html;
  return html.slice(0, start) + fixMathML(mathml) + html.slice(end + '</math>'.length);
}

const FUNCTION_APPLICATION = '<mo>\u2061</mo>';

/** The children of a script element, each operator name joined with the U+2061 after it in one `<mrow>`. */
function joinFunctionApplications(frame: Frame, out: string): string {
  const children = frame.childStarts.map((start, i) => out.slice(start, frame.childStarts[i + 1] ?? out.length));
  const joined: string[] = [];
  for (const child of children) {
    if (child === FUNCTION_APPLICATION && joined.length > 0) joined.push(`<mrow>${joined.pop()}${child}</mrow>`);
    else joined.push(child);
  }
  return joined.join('');
}

function fixMathML(mathml: string): string {
  let out = '';
  let last = 0;
  const stack: Frame[] = [];
  const childStart = () => stack.at(-1)?.childStarts.push(out.length);
  for (const match of mathml.matchAll(TAG)) {
    const [whole, closing, , , selfClosing] = match;
    const [name, attributes] = [group(match, 2), group(match, 3)];
    const text = mathml.slice(last, match.index);
    // Text directly inside an element counts as a child only where it is not whitespace (KaTeX writes none).
    if (text.trim() && stack.at(-1)?.childStarts.length === 0) childStart();
    out += text;
    last = match.index + whole.length;
    if (closing) {
      const frame = stack.pop();
      const arity = frame && ARITY[frame.name];
      if (frame && arity && frame.childStarts.length > arity)
        out = out.slice(0, frame.childStarts[0]) + joinFunctionApplications(frame, out);
      out += whole;
      continue;
    }
    childStart();
    out += `<${name}${withoutNegativeRowSpacing(attributes.replace(EMPTY_ATTRIBUTE, ''))}${selfClosing ? '/' : ''}>`;
    if (!selfClosing) stack.push({ name, childStarts: [] });
  }
  return out + mathml.slice(last);
}

/**
 * What Firefox's parser would report in a piece of MathML: elements with the wrong number of children, empty
 * attribute values, negative row spacings. Empty when valid (used by the tests over the corpus).
 */
export function mathmlProblems(html: string): string[] {
  const start = html.indexOf('<math');
  if (start < 0) return [];
  const mathml = html.slice(start, html.indexOf('</math>', start) + '</math>'.length);
  const problems: string[] = [];
  const stack: { name: string; children: number }[] = [];
  for (const match of mathml.matchAll(TAG)) {
    const [, closing, , , selfClosing] = match;
    const [name, attributes] = [group(match, 2), group(match, 3)];
    if (closing) {
      const frame = stack.pop();
      if (!frame) {
        problems.push(`</${name}> closing no element`);
        continue;
      }
      const arity = ARITY[frame.name];
      if (arity && frame.children !== arity)
        problems.push(`<${frame.name}> with ${frame.children} children (needs ${arity})`);
      continue;
    }
    const parent = stack.at(-1);
    if (parent) parent.children++;
    for (const empty of attributes.match(EMPTY_ATTRIBUTE) ?? [])
      problems.push(`<${name}> with an empty ${empty.trim()}`);
    if (NEGATIVE_ROW_SPACING.test(attributes)) problems.push(`<${name}> with a negative rowspacing`);
    if (!selfClosing) stack.push({ name, children: 0 });
  }
  return problems;
}
