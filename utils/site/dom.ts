/**
 * Small DOM helpers for the extractors. They use only what a Document provides (no `window`, `Node` or `NodeFilter`
 * globals), so the extractors run on any DOM implementation: the page itself, happy-dom in Vitest, a DOMParser result.
 */

const SHOW_TEXT = 0x4; // NodeFilter.SHOW_TEXT, by value: the global is absent in Node.

/** Text with runs of whitespace collapsed to one space and trimmed. */
export function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function ancestry(node: Node): Node[] {
  const chain: Node[] = [];
  for (let n: Node | null = node; n; n = n.parentNode) chain.push(n);
  return chain.reverse();
}

type Position = 'same' | 'contains' | 'before' | 'after' | 'inside';

/**
 * Where `a` lies relative to `b` in document order. Walks the two ancestries instead of calling
 * compareDocumentPosition, which some DOM implementations (happy-dom) make very slow.
 */
function positionOf(a: Node, b: Node): Position {
  if (a === b) return 'same';
  const chainA = ancestry(a);
  const chainB = ancestry(b);
  let i = 0;
  while (i < chainA.length && i < chainB.length && chainA[i] === chainB[i]) i++;
  if (i === chainA.length) return 'contains';
  if (i === chainB.length) return 'inside';
  // Here i is below both lengths: the chains part at i, under one common parent.
  for (let n: Node | null = chainA[i] ?? null; n; n = n.nextSibling) if (n === chainB[i]) return 'before';
  return 'after';
}

/** `node` comes after `ref` in document order and is not inside it. */
export const isAfter = (node: Node, ref: Node): boolean => positionOf(node, ref) === 'after';

/** `node` comes before `ref` in document order and does not contain it. */
export const isBefore = (node: Node, ref: Node): boolean => positionOf(node, ref) === 'before';

/** The first index of a sorted `items` where the monotone `test` turns true (items.length when never). */
export function firstIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  let [low, high] = [0, items.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    // low <= mid < high <= items.length: the item is there.
    if (test(items[mid] as T)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** The deepest element containing all of `elements` (an element contains itself). */
export function commonAncestor(elements: readonly Element[]): Element | null {
  const [first, ...rest] = elements;
  let ancestor: Element | null = first ?? null;
  for (const element of rest) {
    while (ancestor && !ancestor.contains(element)) ancestor = ancestor.parentElement;
  }
  return ancestor;
}

const INLINE_TAGS = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'CITE',
  'CODE',
  'EM',
  'FONT',
  'I',
  'LABEL',
  'MARK',
  'S',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
]);

/** The nearest ancestor-or-self that is not an inline element: the line or box a piece of text belongs to. */
export function blockOf(element: Element): Element {
  let block = element;
  while (INLINE_TAGS.has(block.tagName.toUpperCase()) && block.parentElement) block = block.parentElement;
  return block;
}

/** The text nodes under `root`, in document order. */
export function* textNodesOf(root: Node): Generator<Text> {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) yield node as Text;
}

const HEADING_TAGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

/** The nearest ancestor-or-self whose tag is one of `tags` (upper case): `closest` without parsing a selector. */
function ancestorTagged(element: Element, tags: ReadonlySet<string>): Element | null {
  for (let e: Element | null = element; e; e = e.parentElement) if (tags.has(e.tagName.toUpperCase())) return e;
  return null;
}

export const headingOf = (element: Element) => ancestorTagged(element, HEADING_TAGS);

const LIST_ITEM = new Set(['LI']);
export const listItemOf = (element: Element) => ancestorTagged(element, LIST_ITEM);

export const HEADINGS = 'h1,h2,h3,h4,h5,h6';
