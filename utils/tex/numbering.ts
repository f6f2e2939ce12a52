/**
 * AMS equation numbering as MathJax 2.7.9's AMSmath extension does it with `autoNumber: "AMS"` and
 * `useLabelIds: true`, replayed on the TeX string:
 * - `equation` numbers the formula; `align`, `gather`, `alignat`, `eqnarray`, `multline` number their rows
 *   (multline: once, on its last row); starred forms don't; `split`, `aligned`, `gathered`, `alignedat` can't be
 *   tagged and drop a pending tag and label at each of their rows, as MathJax's `clearTag` does;
 * - `\tag{x}` shows "(x)", `\tag*{x}` shows "x"; `\notag`/`\nonumber` suppress the number of the row;
 * - `\label{x}` names the row's (or formula's) tag; the anchor id is `mjx-eqn-` + the label (or the number),
 *   whitespace turned into `_`, made unique with `_1`, `_2`, … as MathJax does;
 * - `\eqref`/`\ref` become slots resolved after the whole page is numbered (MathJax reprocesses forward
 *   references), showing "(n)"/"n", or "(???)"/"???" for a label that names no tag.
 * The output is KaTeX TeX: numbered environments become their starred forms with an explicit
 * `\tag*{\htmlId{id}{(n)}}` per numbered row, so KaTeX's own counters never run.
 */
import { FormulaNumbering, type NumberingPage } from './numbering-formula';
import { ANCHOR_PREFIX } from './security';

export interface RefSlot {
  label: string;
  /** `\eqref` (parenthesised) rather than `\ref`. */
  eqref: boolean;
}

export type Piece = string | RefSlot;

export interface NumberedFormula {
  pieces: Piece[];
  /** Equation numbers the formula shows, in order, e.g. ["(3)"]. */
  tags: string[];
  /** Their anchor ids, in the same order. */
  anchorIds: string[];
  /**
   * MathJax's error for this formula, if its AMS handling fails (nested equation structures, a second `\tag` or
   * `\label`, a label defined twice, `\tag` where it is not allowed). MathJax then shows the source; what it
   * numbered and labelled before the error stays counted, and so it does here.
   */
  error?: string;
}

/** A label's target: the tag's text before formatting ("3", or the `\tag` argument) and its anchor id. */
export interface LabelRecord {
  tagId: string;
  anchorId: string;
}

/** MathJax's formatID: the anchor id of a tag, from its label (useLabelIds) or its number. */
export function formatAnchorId(tagIdOrLabel: string): string {
  return ANCHOR_PREFIX + tagIdOrLabel.replace(/\s/g, '_');
}

/** MathJax's formatURL (page without <base>): the href of a link to an anchor. */
export function anchorHref(anchorId: string): string {
  return `#${encodeURIComponent(anchorId)}`;
}

/** The page's equation counter, labels and anchor ids, fed formula by formula in document order. */
export class PageNumbering {
  private number = 0;
  /** label → target; null while a label names no tag (MathJax's "???"). */
  readonly labels = new Map<string, LabelRecord | null>();
  private readonly usedIds = new Set<string>();

  /**
   * Numbers one formula. `display` is MathJax's notion (only display math gets an automatic `equation` number at
   * its end); `katexDisplay` says whether KaTeX will render it in display mode (where `\tag` is allowed).
   */
  numberFormula(tex: string, display: boolean, katexDisplay: boolean): NumberedFormula {
    return new FormulaNumbering(this.page, tex, display, katexDisplay).run();
  }

  /** What one formula's pass may do to the page's state. */
  private readonly page: NumberingPage = {
    nextNumber: () => ++this.number,
    anchor: (tagId, label) => {
      let id = formatAnchorId(label ?? tagId);
      if (this.usedIds.has(id)) {
        let n = 1;
        while (this.usedIds.has(`${id}_${n}`)) n++;
        id = `${id}_${n}`;
      }
      this.usedIds.add(id);
      if (label !== null) this.labels.set(label, { tagId, anchorId: id });
      return id;
    },
    hasLabel: (label) => this.labels.has(label),
    reserveLabel: (label) => this.labels.set(label, null),
  };
}
