/**
 * Finds TeX in a DOM subtree exactly where MathJax 2.7.9's tex2jax preprocessor finds it with the blog's
 * configuration (inline `$…$`, `\(…\)`; display `$$…$$`, `\[…\]`; processEnvironments; processRefs), without
 * changing the DOM. The algorithm mirrors tex2jax.js 2.7.9 (scanElement / scanText / startMatch / endMatch /
 * prevEndMatch / encloseMath, node_modules/mathjax/unpacked/extensions/tex2jax.js), including its quirks:
 * - math is searched in runs of sibling text nodes; `<br>`, `<wbr>` and comments continue a run, any other element
 *   ends it, so math never spans `<em>`, `<a>`, … ;
 * - inside math, `\x` escapes are skipped and braces must balance before a closing delimiter counts; if they never
 *   balance, the first closing delimiter found wins when the run ends;
 * - an opening delimiter with no closing one in its run is left as text and the run is rescanned just after it;
 * - a whitespace-only text node never starts a run.
 * Differences on purpose: a `<br>` joins lines with "\n" (MathJax puts " " and keeps the newline that follows the
 * `<br>` in the source; TeX sees the same thing), and elements we produced (`data-kx-*`) are skipped.
 */
import { group } from '@/utils/regex';

export type MathDelimiter = '$' | '$$' | '\\(' | '\\[' | 'env' | 'ref';

/** A position inside a text node, as for `Range.setStart`. */
export interface TextPoint {
  node: Text;
  offset: number;
}

export interface MathMatch {
  /** The TeX between the delimiters (for `env` and `ref`: the whole `\begin…\end` / `\eqref{…}`). */
  tex: string;
  display: boolean;
  delim: MathDelimiter;
  /** Where the source starts (at the opening delimiter). Same parent as `end.node`. */
  start: TextPoint;
  /** Just after the source (after the closing delimiter). */
  end: TextPoint;
  /** The opening delimiter text as found at `start` (e.g. `$$`, `\begin{align}`, `\eqref{eq:a}`). */
  open: string;
}

/** A `\$` (with processEscapes): the source range and the text MathJax shows instead. */
export interface EscapeMatch {
  start: TextPoint;
  end: TextPoint;
  text: string;
}

export interface ScanOptions {
  /**
   * tex2jax's processEscapes. MathJax 2.7.9's default, and the blog's configuration, leave it off: `\$` in text then
   * opens inline math like any `$`. On: `\$` is a literal dollar.
   */
  processEscapes?: boolean;
}

export interface ScanResult {
  math: MathMatch[];
  escapes: EscapeMatch[];
}

/** Attributes of elements our renderer and UI insert; the scanner never looks inside them. */
export const OWN_OUTPUT_ATTRIBUTES = ['data-kx-math', 'data-kx-escape', 'data-kx-ui'] as const;

const SKIP_TAGS = /^(script|noscript|style|textarea|pre|code|annotation|annotation-xml)$/i;
// tex2jax ignores class tex2jax_ignore and MathJax's preview class; tex2jax_process overrides that.
const IGNORE_CLASS = /(^| )(MathJax_Preview|tex2jax_ignore)( |$)/;
const PROCESS_CLASS = /(^| )(tex2jax_process)( |$)/;
const MATHJAX_CLASS = /(^| )MathJax/;

interface Delimiter {
  end: string;
  display: boolean;
  delim: MathDelimiter;
  pattern: RegExp;
}

function patternQuote(s: string): string {
  return s.replace(/([\^$(){}+*?\-|[\]:\\])/g, '\\$1');
}

function endPattern(end: string): RegExp {
  return new RegExp(`${patternQuote(end)}|\\\\.|[{}]`, 'g');
}

const DELIMITERS: Record<string, Delimiter> = {
  $: { end: '$', display: false, delim: '$', pattern: endPattern('$') },
  '\\(': { end: '\\)', display: false, delim: '\\(', pattern: endPattern('\\)') },
  $$: { end: '$$', display: true, delim: '$$', pattern: endPattern('$$') },
  '\\[': { end: '\\]', display: true, delim: '\\[', pattern: endPattern('\\]') },
};

function startPattern(processEscapes: boolean): RegExp {
  const starts = Object.keys(DELIMITERS)
    .map(patternQuote)
    .sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const parts = [starts.join('|'), '\\\\begin\\{([^}]*)\\}'];
  if (processEscapes) parts.push('\\\\*\\\\\\$');
  parts.push('\\\\(eq)?ref\\{[^}]*\\}');
  return new RegExp(parts.join('|'), 'g');
}

const START_WITH_ESCAPES = startPattern(true);
const START_WITHOUT_ESCAPES = startPattern(false);

/** Nodes that continue a run of text (tex2jax's ignoreTags) and what they add to the TeX. */
function runJoiner(node: Node): string | null {
  switch (node.nodeName.toLowerCase()) {
    case 'br':
      // MathJax adds " "; the blog's source always has a newline after <br>, which then follows.
      return startsWithLineBreak(node.nextSibling) ? '' : '\n';
    case 'wbr':
      return '';
    case '#comment':
      // encloseMath copies a comment's text (minus a CDATA wrapper) into the TeX.
      return (node.nodeValue ?? '').replace(/^\[CDATA\[((.|\n|\r)*)\]\]$/, '$1');
    default:
      return null;
  }
}

function startsWithLineBreak(node: Node | null): boolean {
  return node !== null && node.nodeType === 3 && /^\r?\n/.test(node.nodeValue ?? '');
}

function isText(node: Node | null): node is Text {
  return node !== null && node.nodeType === 3;
}

function isOwnOutput(el: Element): boolean {
  return OWN_OUTPUT_ATTRIBUTES.some((a) => el.hasAttribute(a));
}

/** Finds the math of `root` (and, with processEscapes, the escaped dollars) in document order. */
export function scanTex(root: Element, options: ScanOptions = {}): ScanResult {
  const scanner = new Scanner(options.processEscapes ? START_WITH_ESCAPES : START_WITHOUT_ESCAPES);
  scanner.scanElement(root, root.nextSibling, false);
  return { math: scanner.math, escapes: scanner.escapes };
}

/** The math of `root` in document order, as MathJax 2.7.9's tex2jax would typeset it. */
export function scanMath(root: Element, options: ScanOptions = {}): MathMatch[] {
  return scanTex(root, options).math;
}

interface OpenSearch {
  kind: Delimiter | 'env' | 'ref';
  end: string;
  open: Text;
  opos: number;
  olen: number;
  /** For `\begin{…}`: where a rescan restarts, as tex2jax computes it (`name.length + 3` past the start). */
  blen: number;
  openText: string;
  pcount: number;
  close?: Text;
  cpos?: number;
  clen?: number;
}

/** Where to continue after a run: a node to visit next, or a text node to start a new run at an offset. */
type Continuation = { node: Node | null; offset: number };

class Scanner {
  readonly math: MathMatch[] = [];
  readonly escapes: EscapeMatch[] = [];

  constructor(private readonly start: RegExp) {}

  scanElement(first: Node | null, stop: Node | null, ignore: boolean): void {
    let node = first;
    let offset = 0;
    while (node && node !== stop) {
      if (isText(node)) {
        if (!ignore && !/^\s*$/.test(node.data.slice(offset))) {
          const next = this.scanRun(node, offset);
          node = next.node;
          offset = next.offset;
          continue;
        }
      } else if (node.nodeType === 1) {
        const el = node as Element;
        const cname = el.getAttribute('class') ?? '';
        const process = PROCESS_CLASS.test(cname);
        if (
          el.firstChild &&
          !MATHJAX_CLASS.test(cname) &&
          !isOwnOutput(el) &&
          (process || !SKIP_TAGS.test(el.tagName))
        ) {
          this.scanElement(el.firstChild, stop, (ignore || IGNORE_CLASS.test(cname)) && !process);
        }
      }
      node = node.nextSibling;
      offset = 0;
    }
  }

  /** tex2jax's scanText: one run of sibling text nodes joined by `<br>`/`<wbr>`/comments. */
  private scanRun(first: Text, firstOffset: number): Continuation {
    let node: Text = first;
    let pos = firstOffset;
    let search: OpenSearch | null = null;
    for (;;) {
      let pattern = search ? this.endPatternOf(search) : this.start;
      pattern.lastIndex = pos;
      for (let m = pattern.exec(node.data); m; m = pattern.exec(node.data)) {
        const at = pattern.lastIndex;
        if (!search) {
          search = this.startMatch(m, node, at);
          if (search && search.kind === 'ref') {
            this.enclose(search, node, at, 0);
            search = null;
          }
        } else if (this.endMatch(search, m, node, at)) {
          search = null;
        }
        // Switching pattern keeps the position, as tex2jax's switchPattern does.
        const next = search ? this.endPatternOf(search) : this.start;
        if (next !== pattern) {
          next.lastIndex = at;
          pattern = next;
        }
      }
      const rescan = search && search.close === undefined ? search : null;
      let sibling: Node | null = node.nextSibling;
      while (sibling && runJoiner(sibling) !== null) sibling = sibling.nextSibling;
      if (isText(sibling)) {
        node = sibling;
        pos = 0;
        continue;
      }
      if (rescan) {
        node = rescan.open;
        pos = rescan.opos + rescan.olen + rescan.blen;
        search = null;
        continue;
      }
      // prevEndMatch: braces never balanced; the first closing delimiter ends the math, and a new run starts after
      // it. (A search without its closing delimiter was rescanned above.)
      const { close, cpos, clen } = search ?? {};
      if (search && close && cpos !== undefined && clen !== undefined) {
        this.enclose(search, close, cpos, clen);
        return cpos < close.data.length ? { node: close, offset: cpos } : { node: close.nextSibling, offset: 0 };
      }
      return { node: sibling, offset: 0 };
    }
  }

  private endPatternOf(search: OpenSearch): RegExp {
    if (search.kind === 'env' || search.kind === 'ref') {
      const known = this.envPatterns[search.end];
      if (known) return known;
      const pattern = endPattern(search.end);
      this.envPatterns[search.end] = pattern;
      return pattern;
    }
    return search.kind.pattern;
  }

  private readonly envPatterns: Record<string, RegExp> = {};

  private startMatch(m: RegExpExecArray, node: Text, at: number): OpenSearch | null {
    const text = m[0];
    const opos = at - text.length;
    const delim = DELIMITERS[text];
    if (delim) {
      return { kind: delim, end: delim.end, open: node, opos, olen: text.length, blen: 0, openText: text, pcount: 0 };
    }
    if (text.startsWith('\\begin')) {
      const name = group(m, 1);
      const end = `\\end{${name}}`;
      return { kind: 'env', end, open: node, opos, olen: 0, blen: name.length + 3, openText: text, pcount: 0 };
    }
    if (text.startsWith('\\ref') || text.startsWith('\\eqref')) {
      return { kind: 'ref', end: '', open: node, opos, olen: 0, blen: 0, openText: text, pcount: 0 };
    }
    // An escaped dollar: an odd number of backslashes makes a literal "$"; an even number stays backslashes
    // (halved) and, as in tex2jax, the "$" after them is skipped rather than opening math.
    const slashes = text.slice(0, -1);
    const shown =
      slashes.length % 2 === 0 ? slashes.replace(/\\\\/g, '\\') : `${slashes.slice(1).replace(/\\\\/g, '\\')}$`;
    const escapedEnd = slashes.length % 2 === 0 ? at - 1 : at;
    this.escapes.push({ start: { node, offset: opos }, end: { node, offset: escapedEnd }, text: shown });
    return null;
  }

  /** Returns true when the math closed. */
  private endMatch(search: OpenSearch, m: RegExpExecArray, node: Text, at: number): boolean {
    const text = m[0];
    if (text === search.end) {
      const clen = search.kind === 'env' ? 0 : text.length;
      if (search.close === undefined || search.pcount === 0) {
        search.close = node;
        search.cpos = at;
        search.clen = clen;
      }
      if (search.pcount === 0) {
        this.enclose(search, node, at, clen);
        return true;
      }
    }
    if (text === '{') search.pcount++;
    else if (text === '}' && search.pcount) search.pcount--;
    return false;
  }

  private enclose(search: OpenSearch, close: Text, cpos: number, clen: number): void {
    let source: string;
    if (close === search.open) {
      source = close.data.slice(search.opos, cpos);
    } else {
      source = search.open.data.slice(search.opos);
      for (let n = search.open.nextSibling; n && n !== close; n = n.nextSibling) {
        source += isText(n) ? n.data : (runJoiner(n) ?? ' ');
      }
      source += close.data.slice(0, cpos);
    }
    const tex = source.slice(search.olen, source.length - clen);
    const kind = search.kind;
    this.math.push({
      tex,
      display: kind === 'env' ? true : kind === 'ref' ? false : kind.display,
      delim: kind === 'env' ? 'env' : kind === 'ref' ? 'ref' : kind.delim,
      start: { node: search.open, offset: search.opos },
      end: { node: close, offset: cpos },
      open: search.openText,
    });
  }
}
