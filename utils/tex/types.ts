/** The contract between the page-level TeX pipeline (prepass + render, strings only) and the DOM layer. */

export interface FormulaInput {
  tex: string;
  display: boolean;
}

export interface LabelTarget {
  /** The equation number as MathJax shows it, e.g. "(3)" (with `\tag{…}`: the tag's text in parentheses). */
  tag: string;
  /** The anchor id MathJax 2.7.9 gives the equation with `useLabelIds: true`, e.g. "mjx-eqn-eq%3Aatt". */
  anchorId: string;
}

export interface RenderedFormula {
  /** KaTeX HTML for the formula (htmlAndMathml), or '' when `ok` is false. */
  html: string;
  ok: boolean;
  /** KaTeX's (or the pipeline's) message when `ok` is false. */
  error: string | null;
  /** Equation numbers this formula displays, e.g. ["(3)"], in order. */
  tags: string[];
  /** What each `\eqref`/`\ref` in it renders as, in order, e.g. ["(2)"]. */
  refs: string[];
}

/**
 * A page's formulas after the prepass (macros, numbering, labels, all in document order).
 * Rendering is per formula and lazy so the DOM layer can render the visible part first.
 */
export interface PreparedTexPage {
  readonly size: number;
  render(index: number): RenderedFormula;
  /** label → number and anchor, for references in running text and for previews. */
  readonly labels: ReadonlyMap<string, LabelTarget>;
}
