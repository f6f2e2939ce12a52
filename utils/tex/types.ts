/** The contract between the page-level TeX pipeline (prepass + render, strings only) and the DOM layer. */

export interface FormulaInput {
  tex: string;
  display: boolean;
  /**
   * A formula outside the article body (a comment, a comment snippet in a sidebar): the macros it defines apply only to
   * other formulas outside the body, never to the article's (MathJax would let a comment redefine `\frac` for the
   * whole page). Its numbers and labels still count page-wide, as MathJax counts them.
   */
  outsideArticle?: boolean;
}

export interface LabelTarget {
  /** The equation number as MathJax shows it, e.g. "(3)" (with `\tag{…}`: the tag's text in parentheses). */
  tag: string;
  /**
   * The anchor id MathJax 2.7.9 gives the equation with `useLabelIds: true`, e.g. "mjx-eqn-eq:att" (the element id;
   * a link to it is "#" + encodeURIComponent(id) = "#mjx-eqn-eq%3Aatt", see `anchorHref` in pipeline.ts).
   */
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
  /**
   * The anchor id of each tag, in the same order as `tags` (e.g. "mjx-eqn-3", "mjx-eqn-eq:att"). The `html` already
   * carries each as the `id` of the element that shows the number; don't add another element with the same id.
   */
  anchorIds?: string[];
  /** What each `\eqref`/`\ref` in it renders as, in order, e.g. ["(2)"]. */
  refs: string[];
  /**
   * Control sequences KaTeX doesn't know, shown as red text (as MathJax's noUndefined extension does) rather than
   * failing the formula. Absent or empty when there were none.
   */
  unknownCommands?: string[];
  /** Not rendered because it is over the caller's limits (`render(index, limits)`): render it elsewhere. */
  deferred?: true;
}

/**
 * A page's formulas after the prepass (macros, numbering, labels, all in document order).
 * Rendering is per formula and lazy so the DOM layer can render the visible part first.
 */
export interface PreparedTexPage {
  readonly size: number;
  /**
   * Renders formula `index`. With `limits.maxTokens`, a formula expanding to more tokens (utils/tex/bounds.ts) is
   * not rendered: it comes back `deferred` (the page's thread leaves such formulas to the worker).
   */
  render(index: number, limits?: { maxTokens?: number }): RenderedFormula;
  /** label → number and anchor, for references in running text and for previews. */
  readonly labels: ReadonlyMap<string, LabelTarget>;
}
