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
import { commentEnd, readArgument, readControlSequence, readOptional, skipSpaces } from './lexer';
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

interface EnvSpec {
  kind: 'array' | 'multline' | 'equation' | 'equation*';
  numbered: boolean;
  taggable: boolean;
  /** The environment KaTeX renders instead, when different. */
  katex?: string;
  /** Arguments after `\begin{…}` that belong to the environment, not to its first row. */
  args?: { optional?: boolean; columns?: boolean };
  /** eqnarray's `r & c & l` rows become align's `r & l` by dropping each row's second `&`. */
  mergeSecondColumn?: boolean;
}

const ENVIRONMENTS: Record<string, EnvSpec> = {
  equation: { kind: 'equation', numbered: true, taggable: true, katex: 'equation*' },
  'equation*': { kind: 'equation*', numbered: false, taggable: true },
  align: { kind: 'array', numbered: true, taggable: true, katex: 'align*' },
  'align*': { kind: 'array', numbered: false, taggable: true },
  gather: { kind: 'array', numbered: true, taggable: true, katex: 'gather*' },
  'gather*': { kind: 'array', numbered: false, taggable: true },
  alignat: { kind: 'array', numbered: true, taggable: true, katex: 'alignat*', args: { columns: true } },
  'alignat*': { kind: 'array', numbered: false, taggable: true, args: { columns: true } },
  eqnarray: { kind: 'array', numbered: true, taggable: true, katex: 'align*', mergeSecondColumn: true },
  'eqnarray*': { kind: 'array', numbered: false, taggable: true, katex: 'align*', mergeSecondColumn: true },
  multline: { kind: 'multline', numbered: true, taggable: true, katex: 'gather*' },
  'multline*': { kind: 'multline', numbered: false, taggable: true, katex: 'gather*' },
  split: { kind: 'array', numbered: false, taggable: false },
  aligned: { kind: 'array', numbered: false, taggable: false, args: { optional: true } },
  gathered: { kind: 'array', numbered: false, taggable: false, args: { optional: true } },
  alignedat: { kind: 'array', numbered: false, taggable: false, args: { optional: true, columns: true } },
};

/** Commands that put nothing into a row (a row made only of these is no row, as in MathJax). */
const INVISIBLE = new Set(['label', 'tag', 'notag', 'nonumber', 'hline', 'hdashline']);

interface Frame {
  name: string;
  spec?: EnvSpec;
  depth: number;
  rowHasContent: boolean;
  /** `&`s seen in the current row (for mergeSecondColumn). */
  cells: number;
  saved: { notags: string | null; notag: boolean };
}

interface PendingTag {
  /** The text shown, e.g. "(3)". */
  text: string;
  /** MathJax's tagID: the number, or the `\tag` argument. */
  id: string;
}

/** Per-formula state, MathJax's `stack.global`. */
interface FormulaState {
  tag: PendingTag | null;
  notag: boolean;
  label: string | null;
  forcetag: boolean;
  tagged: boolean;
  notags: string | null;
  /** An equation structure was opened (a second one is an error). */
  eqnenv: boolean;
}

/** MathJax's formatID: the anchor id of a tag, from its label (useLabelIds) or its number. */
export function formatAnchorId(tagIdOrLabel: string): string {
  return ANCHOR_PREFIX + tagIdOrLabel.replace(/\s/g, '_');
}

/** MathJax's formatURL (page without <base>): the href of a link to an anchor. */
export function anchorHref(anchorId: string): string {
  return '#' + encodeURIComponent(anchorId);
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
    const pieces: Piece[] = [];
    const tags: string[] = [];
    const anchorIds: string[] = [];
    const g: FormulaState = {
      tag: null,
      notag: false,
      label: null,
      forcetag: false,
      tagged: false,
      notags: null,
      eqnenv: false,
    };
    let error: string | undefined;
    const stack: Frame[] = [];
    let buffer = '';
    let depth = 0;
    /** Where the formula-level tag goes: before the outermost `\end{equation}`, else at the end. */
    let formulaTagAt: number | null = null;

    const flush = () => {
      if (buffer) pieces.push(buffer);
      buffer = '';
    };
    const innermost = (): Frame | undefined => stack[stack.length - 1];
    const markContent = () => {
      const frame = innermost();
      if (frame) frame.rowHasContent = true;
    };
    const autoTag = () => {
      if (g.notag) return;
      this.number++;
      g.tag = { text: `(${this.number})`, id: String(this.number) };
    };
    const clearTag = () => {
      g.tag = null;
      g.label = null;
    };
    /** MathJax's getTag: fixes the anchor id, records the label, and returns the TeX that shows the tag. */
    const takeTag = (): string => {
      const tag = g.tag!;
      let id = formatAnchorId(g.label ?? tag.id);
      if (this.usedIds.has(id)) {
        let n = 1;
        while (this.usedIds.has(`${id}_${n}`)) n++;
        id = `${id}_${n}`;
      }
      this.usedIds.add(id);
      if (g.label !== null) this.labels.set(g.label, { tagId: tag.id, anchorId: id });
      tags.push(tag.text);
      anchorIds.push(id);
      clearTag();
      return tagTex(tag.text, id, katexDisplay);
    };
    const endRow = (frame: Frame) => {
      const spec = frame.spec!;
      if (!g.tag && spec.numbered) autoTag();
      if (g.tag && !g.notags) buffer += takeTag();
      else clearTag();
      if (spec.numbered) g.notag = false;
    };

    for (let i = 0; i < tex.length; i++) {
      const c = tex[i];
      if (c === '%') {
        const end = commentEnd(tex, i);
        buffer += tex.slice(i, end);
        i = end - 1;
        continue;
      }
      if (c === '{') {
        depth++;
        markContent();
        buffer += c;
        continue;
      }
      if (c === '}') {
        depth--;
        buffer += c;
        continue;
      }
      if (c === '&') {
        const frame = innermost();
        if (frame?.spec?.mergeSecondColumn && frame.depth === depth && ++frame.cells === 2) {
          markContent();
          continue;
        }
      }
      if (c !== '\\') {
        if (c !== ' ' && c !== '\n' && c !== '\t' && c !== '\r') markContent();
        buffer += c;
        continue;
      }
      const cs = readControlSequence(tex, i);
      const name = cs.name;
      const top = innermost();
      if (name === '\\' && top?.spec && top.spec.kind === 'array' && top.depth === depth) {
        endRow(top);
        top.rowHasContent = false;
        top.cells = 0;
        buffer += '\\\\';
        i = cs.end - 1;
      } else if (name === '\\' && top?.spec?.kind === 'multline' && top.depth === depth) {
        top.rowHasContent = false;
        buffer += '\\\\';
        i = cs.end - 1;
      } else if (name === 'begin') {
        const arg = readArgument(tex, cs.end);
        if (!arg) {
          buffer += tex.slice(i, cs.end);
          i = cs.end - 1;
          continue;
        }
        markContent();
        const envName = arg.content.trim();
        const spec = Object.hasOwn(ENVIRONMENTS, envName) ? ENVIRONMENTS[envName] : undefined;
        if (spec?.taggable) {
          if (g.eqnenv) {
            error = 'Erroneous nesting of equation structures';
            break;
          }
          g.eqnenv = true;
        }
        stack.push({
          name: envName,
          spec,
          depth,
          rowHasContent: false,
          cells: 0,
          saved: { notags: g.notags, notag: g.notag },
        });
        if (spec?.kind === 'equation') g.forcetag = true;
        else if (spec?.kind === 'equation*') g.forcetag = false;
        else if (spec) {
          g.notags = spec.taggable ? null : envName;
          g.tagged = !spec.numbered && !g.forcetag;
        }
        let end = arg.end;
        const position = spec?.args?.optional ? readOptional(tex, end) : null;
        if (position) end = position.end;
        const columns = spec?.args?.columns ? readArgument(tex, end) : null;
        if (columns) end = columns.end;
        buffer += spec?.katex ? `\\begin{${spec.katex}}` + tex.slice(arg.end, end) : tex.slice(i, end);
        i = end - 1;
      } else if (name === 'end') {
        const arg = readArgument(tex, cs.end);
        const envName = arg?.content.trim();
        if (!arg || !top || top.name !== envName) {
          buffer += tex.slice(i, arg ? arg.end : cs.end);
          i = (arg ? arg.end : cs.end) - 1;
          continue;
        }
        stack.pop();
        const spec = top.spec;
        if (spec?.kind === 'array') {
          if (top.rowHasContent) endRow(top);
          g.notags = top.saved.notags;
          g.notag = top.saved.notag;
        } else if (spec?.kind === 'multline') {
          if (!g.tag && spec.numbered) autoTag();
          if (g.tag && !g.notags) buffer += takeTag();
          g.notag = top.saved.notag;
        } else if (spec?.kind === 'equation*') {
          g.tagged = true;
        }
        if (spec?.kind === 'equation' && stack.length === 0) {
          flush();
          formulaTagAt = pieces.length;
        }
        buffer += `\\end{${spec?.katex ?? envName}}`;
        i = arg.end - 1;
      } else if (name === 'tag') {
        let j = skipSpaces(tex, cs.end);
        const star = tex[j] === '*';
        if (star) j++;
        const arg = readArgument(tex, j);
        if (!arg) {
          error = 'Missing argument for \\tag';
          break;
        }
        if (g.notags || g.tag) {
          error = g.notags ? `\\tag not allowed in ${g.notags} environment` : 'Multiple \\tag';
          break;
        }
        const id = arg.content.trim();
        g.tag = { text: star ? id : `(${id})`, id };
        i = arg.end - 1;
      } else if (name === 'notag' || name === 'nonumber') {
        g.tag = null;
        g.notag = true;
        i = cs.end - 1;
      } else if (name === 'label') {
        const arg = readArgument(tex, cs.end);
        if (!arg) {
          error = 'Missing argument for \\label';
          break;
        }
        const label = arg.content;
        if (label !== '') {
          if (g.label !== null || this.labels.has(label)) {
            error = g.label !== null ? "Multiple \\label's" : `Label '${label}' multiply defined`;
            break;
          }
          g.label = label;
          this.labels.set(label, null);
        }
        i = arg.end - 1;
      } else if (name === 'eqref' || name === 'ref') {
        const arg = readArgument(tex, cs.end);
        if (!arg) {
          buffer += tex.slice(i, cs.end);
          i = cs.end - 1;
          continue;
        }
        markContent();
        flush();
        pieces.push({ label: arg.content, eqref: name === 'eqref' });
        i = arg.end - 1;
      } else {
        if (!INVISIBLE.has(name)) markContent();
        buffer += tex.slice(i, cs.end);
        i = cs.end - 1;
      }
    }
    if (error) return { pieces: [], tags: [], anchorIds: [], error };
    flush();

    if (display && !g.tag && !g.tagged && g.forcetag) autoTag();
    if (g.tag) {
      const tagSource = takeTag();
      if (formulaTagAt !== null) pieces.splice(formulaTagAt, 0, tagSource);
      else pieces.push(tagSource);
    }
    return { pieces, tags, anchorIds };
  }
}

/** The TeX that shows a tag and carries its anchor: KaTeX's `\tag*` in display mode, text after a gap inline. */
function tagTex(text: string, id: string, katexDisplay: boolean): string {
  // A `%` in a label would start a TeX comment inside the generated argument.
  const texId = id.replace(/%/g, '\\%');
  return katexDisplay ? `\\tag*{\\htmlId{${texId}}{${text}}}` : `\\qquad\\htmlId{${texId}}{\\text{${text}}}`;
}
