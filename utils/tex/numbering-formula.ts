/**
 * One formula's pass of the AMS numbering (numbering.ts): the state MathJax 2.7.9's TeX parser keeps for tags and
 * labels (its `stack.global`), the stack of open environments, and the output pieces. The page's counter, labels
 * and anchor ids are behind `NumberingPage`.
 */
import { commentEnd, readArgument, readControlSequence, readOptional, skipSpaces } from './lexer';
import type { NumberedFormula, Piece } from './numbering';

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
interface AmsState {
  tag: PendingTag | null;
  notag: boolean;
  label: string | null;
  forcetag: boolean;
  tagged: boolean;
  /** The untaggable environment we are in (`\tag` there is an error, a pending tag is dropped at each row). */
  notags: string | null;
  /** An equation structure was opened (a second one is an error). */
  eqnenv: boolean;
}

/** What a formula's pass needs from its page. */
export interface NumberingPage {
  /** The next number of the page's equation counter. */
  nextNumber(): number;
  /** The anchor id of a tag (from its label, else its id; made unique on the page); records the label's target. */
  anchor(tagId: string, label: string | null): string;
  hasLabel(label: string): boolean;
  /** A label seen, with no tag yet (MathJax's "???" until one comes). */
  reserveLabel(label: string): void;
}

/** A MathJax error: the formula is shown as source; what was numbered and labelled before it stays counted. */
class AmsError extends Error {}

const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\t' || c === '\r';

export class FormulaNumbering {
  private readonly pieces: Piece[] = [];
  private readonly tags: string[] = [];
  private readonly anchorIds: string[] = [];
  private readonly ams: AmsState = {
    tag: null,
    notag: false,
    label: null,
    forcetag: false,
    tagged: false,
    notags: null,
    eqnenv: false,
  };
  private readonly stack: Frame[] = [];
  /** KaTeX TeX not yet pushed to `pieces`. */
  private buffer = '';
  private depth = 0;
  /** Where the formula-level tag goes: before the outermost `\end{equation}`, else at the end. */
  private formulaTagAt: number | null = null;

  /**
   * `display` is MathJax's notion (only display math gets an automatic `equation` number at its end);
   * `katexDisplay` says whether KaTeX will render it in display mode (where `\tag` is allowed).
   */
  constructor(
    private readonly page: NumberingPage,
    private readonly tex: string,
    private readonly display: boolean,
    private readonly katexDisplay: boolean,
  ) {}

  run(): NumberedFormula {
    try {
      for (let i = 0; i < this.tex.length; ) i = this.step(i);
    } catch (e) {
      if (e instanceof AmsError) return { pieces: [], tags: [], anchorIds: [], error: e.message };
      throw e;
    }
    this.flush();
    const ams = this.ams;
    if (this.display && !ams.tag && !ams.tagged && ams.forcetag) this.autoTag();
    if (ams.tag) {
      const tagSource = this.takeTag(ams.tag);
      if (this.formulaTagAt !== null) this.pieces.splice(this.formulaTagAt, 0, tagSource);
      else this.pieces.push(tagSource);
    }
    return { pieces: this.pieces, tags: this.tags, anchorIds: this.anchorIds };
  }

  /** Reads the token at `i` into the output; returns where the next one starts. */
  private step(i: number): number {
    const c = this.tex.charAt(i);
    if (c === '%') return this.copy(i, commentEnd(this.tex, i));
    if (c === '{') {
      this.depth++;
      this.markContent();
    } else if (c === '}') this.depth--;
    else if (c === '&' && this.dropsAmpersand()) {
      this.markContent();
      return i + 1;
    } else if (c === '\\') return this.command(i);
    else if (!isSpace(c)) this.markContent();
    this.buffer += c;
    return i + 1;
  }

  private command(i: number): number {
    const cs = readControlSequence(this.tex, i);
    const top = this.stack.at(-1);
    switch (cs.name) {
      case '\\':
        if (top?.spec && top.depth === this.depth && (top.spec.kind === 'array' || top.spec.kind === 'multline')) {
          if (top.spec.kind === 'array') this.endRow(top.spec);
          top.rowHasContent = false;
          top.cells = 0;
          this.buffer += '\\\\';
          return cs.end;
        }
        break;
      case 'begin':
        return this.begin(i, cs.end);
      case 'end':
        return this.end(i, cs.end, top);
      case 'tag':
        return this.tag(cs.end);
      case 'notag':
      case 'nonumber':
        this.ams.tag = null;
        this.ams.notag = true;
        return cs.end;
      case 'label':
        return this.label(cs.end);
      case 'eqref':
      case 'ref':
        return this.reference(i, cs.end, cs.name === 'eqref');
    }
    if (!INVISIBLE.has(cs.name)) this.markContent();
    return this.copy(i, cs.end);
  }

  private begin(i: number, afterName: number): number {
    const arg = readArgument(this.tex, afterName);
    if (!arg) return this.copy(i, afterName);
    this.markContent();
    const envName = arg.content.trim();
    const spec = Object.hasOwn(ENVIRONMENTS, envName) ? ENVIRONMENTS[envName] : undefined;
    const ams = this.ams;
    if (spec?.taggable) {
      if (ams.eqnenv) throw new AmsError('Erroneous nesting of equation structures');
      ams.eqnenv = true;
    }
    const saved = { notags: ams.notags, notag: ams.notag };
    this.stack.push({ name: envName, spec, depth: this.depth, rowHasContent: false, cells: 0, saved });
    if (spec?.kind === 'equation') ams.forcetag = true;
    else if (spec?.kind === 'equation*') ams.forcetag = false;
    else if (spec) {
      ams.notags = spec.taggable ? null : envName;
      ams.tagged = !spec.numbered && !ams.forcetag;
    }
    let end = arg.end;
    const position = spec?.args?.optional ? readOptional(this.tex, end) : null;
    if (position) end = position.end;
    const columns = spec?.args?.columns ? readArgument(this.tex, end) : null;
    if (columns) end = columns.end;
    this.buffer += spec?.katex ? `\\begin{${spec.katex}}${this.tex.slice(arg.end, end)}` : this.tex.slice(i, end);
    return end;
  }

  private end(i: number, afterName: number, top: Frame | undefined): number {
    const arg = readArgument(this.tex, afterName);
    if (!arg || !top || top.name !== arg.content.trim()) return this.copy(i, arg ? arg.end : afterName);
    this.stack.pop();
    const { spec, saved } = top;
    const ams = this.ams;
    if (spec?.kind === 'array') {
      if (top.rowHasContent) this.endRow(spec);
      ams.notags = saved.notags;
      ams.notag = saved.notag;
    } else if (spec?.kind === 'multline') {
      this.placeRowTag(spec);
      ams.notag = saved.notag;
    } else if (spec?.kind === 'equation*') ams.tagged = true;
    if (spec?.kind === 'equation' && this.stack.length === 0) {
      this.flush();
      this.formulaTagAt = this.pieces.length;
    }
    this.buffer += `\\end{${spec?.katex ?? top.name}}`;
    return arg.end;
  }

  private tag(afterName: number): number {
    let j = skipSpaces(this.tex, afterName);
    const star = this.tex[j] === '*';
    if (star) j++;
    const arg = readArgument(this.tex, j);
    if (!arg) throw new AmsError('Missing argument for \\tag');
    if (this.ams.notags) throw new AmsError(`\\tag not allowed in ${this.ams.notags} environment`);
    if (this.ams.tag) throw new AmsError('Multiple \\tag');
    const id = arg.content.trim();
    this.ams.tag = { text: star ? id : `(${id})`, id };
    return arg.end;
  }

  private label(afterName: number): number {
    const arg = readArgument(this.tex, afterName);
    if (!arg) throw new AmsError('Missing argument for \\label');
    const label = arg.content;
    if (label !== '') {
      if (this.ams.label !== null) throw new AmsError("Multiple \\label's");
      if (this.page.hasLabel(label)) throw new AmsError(`Label '${label}' multiply defined`);
      this.ams.label = label;
      this.page.reserveLabel(label);
    }
    return arg.end;
  }

  private reference(i: number, afterName: number, eqref: boolean): number {
    const arg = readArgument(this.tex, afterName);
    if (!arg) return this.copy(i, afterName);
    this.markContent();
    this.flush();
    this.pieces.push({ label: arg.content, eqref });
    return arg.end;
  }

  /** eqnarray: the second `&` of a row at the environment's own level is dropped. */
  private dropsAmpersand(): boolean {
    const frame = this.stack.at(-1);
    return !!frame?.spec?.mergeSecondColumn && frame.depth === this.depth && ++frame.cells === 2;
  }

  private endRow(spec: EnvSpec): void {
    if (!this.placeRowTag(spec)) this.clearTag();
    if (spec.numbered) this.ams.notag = false;
  }

  /** Numbers the row when its environment numbers rows, and puts its tag in the output; false when none is put. */
  private placeRowTag(spec: EnvSpec): boolean {
    if (!this.ams.tag && spec.numbered) this.autoTag();
    const tag = this.ams.tag;
    if (!tag || this.ams.notags) return false;
    this.buffer += this.takeTag(tag);
    return true;
  }

  private autoTag(): void {
    if (this.ams.notag) return;
    const n = this.page.nextNumber();
    this.ams.tag = { text: `(${n})`, id: String(n) };
  }

  private clearTag(): void {
    this.ams.tag = null;
    this.ams.label = null;
  }

  /** MathJax's getTag: fixes the anchor id, records the label, and returns the TeX that shows the tag. */
  private takeTag(tag: PendingTag): string {
    const id = this.page.anchor(tag.id, this.ams.label);
    this.tags.push(tag.text);
    this.anchorIds.push(id);
    this.clearTag();
    return tagTex(tag.text, id, this.katexDisplay);
  }

  private markContent(): void {
    const frame = this.stack.at(-1);
    if (frame) frame.rowHasContent = true;
  }

  private copy(from: number, to: number): number {
    this.buffer += this.tex.slice(from, to);
    return to;
  }

  private flush(): void {
    if (this.buffer) this.pieces.push(this.buffer);
    this.buffer = '';
  }
}

/** The TeX that shows a tag and carries its anchor: KaTeX's `\tag*` in display mode, text after a gap inline. */
function tagTex(text: string, id: string, katexDisplay: boolean): string {
  // A `%` in a label would start a TeX comment inside the generated argument.
  const texId = id.replace(/%/g, '\\%');
  return katexDisplay ? `\\tag*{\\htmlId{${texId}}{${text}}}` : `\\qquad\\htmlId{${texId}}{\\text{${text}}}`;
}
