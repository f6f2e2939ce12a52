/**
 * Entries of a listing page, found by structure in one pass over the page's links:
 * an entry is made of a title link (a link to /archives/ID inside a heading) and/or a `点击阅读全文...` more-link
 * to the same id. Sidebars, menus, related lists, prev/next and comments hold plenty of /archives/ links too, but
 * never in a heading or as a more-link, so they never become entries. Class names serve only as fallback hints.
 */
import { bestDate, findDates } from './dates';
import { blockOf, commonAncestor, headingOf, squash } from './dom';
import { plainArchiveIdOf } from './links';
import type { ListingEntry } from './types';

interface KeyLink {
  anchor: Element;
  id: string;
  role: 'title' | 'more';
}

const MORE_TEXT = /阅读全文|read more/i;
const classOf = (element: Element | null) => element?.getAttribute('class') ?? '';

function roleOf(anchor: Element): KeyLink['role'] | null {
  if (MORE_TEXT.test(anchor.textContent ?? '') || /\bmore\b/i.test(classOf(anchor.parentElement))) return 'more';
  if (headingOf(anchor) || /title/i.test(classOf(anchor.parentElement))) return 'title';
  return null;
}

function keyLinksOf(doc: Document): KeyLink[] {
  const keys: KeyLink[] = [];
  for (const anchor of doc.querySelectorAll('a[href]')) {
    const id = plainArchiveIdOf(anchor);
    const role = id && roleOf(anchor);
    if (id && role) keys.push({ anchor, id, role });
  }
  return keys;
}

/** The key links of one entry (one id): at least one, in page order. */
type KeyGroup = [KeyLink, ...KeyLink[]];

const lastOf = (group: KeyGroup): KeyLink => group.at(-1) ?? group[0];

/** Key links grouped by id, groups in the order their first link appears. */
function groupById(keys: KeyLink[]): KeyGroup[] {
  const groups = new Map<string, KeyGroup>();
  for (const key of keys) {
    const group = groups.get(key.id);
    if (group) group.push(key);
    else groups.set(key.id, [key]);
  }
  return [...groups.values()];
}

interface EntryBox {
  group: KeyGroup;
  element: Element;
  /** Where the entry's date box and byline are: the box itself, or its run of siblings in a wrapper-less layout. */
  parts: Element[];
}

const hasDate = (element: Element) => {
  const found = findDates([element]);
  return found.byline !== null || found.dateBox !== null;
};

/**
 * The sibling blocks just before `block` that belong to its entry: back to the previous entry's last block when that
 * is a sibling, else at most two (a date box sits right before the title).
 */
function blocksBefore(block: Element, previousEnd: Element | null): Element[] {
  const before: Element[] = [];
  const bounded = previousEnd !== null && previousEnd.parentElement === block.parentElement;
  for (
    let sibling = block.previousElementSibling;
    sibling && sibling !== previousEnd;
    sibling = sibling.previousElementSibling
  ) {
    if (!bounded && before.length === 2) break;
    before.unshift(sibling);
  }
  return before;
}

/**
 * The box of each entry. With several entries, an entry's box is the largest ancestor of its key links that holds
 * no other entry's key link. A lone entry has no neighbour to bound it: its box is the nearest ancestor (up to 4
 * levels above its links) that also holds a date. When the links of different entries share their nearest
 * ancestor, the layout has no per-entry wrapper: the entry is its run of sibling blocks, from the previous entry's
 * last block to its own last link. A box without a date (a title-less entry in such a layout) also takes in the
 * blocks before it, where its date box is.
 */
function entryBoxes(body: HTMLElement, groups: KeyGroup[], keys: KeyLink[]): EntryBox[] {
  let previousEnd: Element | null = null;
  return groups.map((group) => {
    const anchors = group.map((key) => key.anchor);
    const first = keys.indexOf(group[0]);
    const last = keys.indexOf(lastOf(group));
    const before = keys[first - 1]?.anchor;
    const after = keys[last + 1]?.anchor;
    const holdsOther = (el: Element) =>
      (before !== undefined && el.contains(before)) || (after !== undefined && el.contains(after));
    // Links of one page always share an ancestor (the root); body stands for it in the types.
    const lca = commonAncestor(anchors) ?? body;
    const interleaved = keys.slice(first, last + 1).some((key) => key.id !== group[0].id);

    if (!interleaved && !holdsOther(lca)) {
      let element = lca;
      if (groups.length > 1) {
        while (element.parentElement && element.parentElement !== body && !holdsOther(element.parentElement)) {
          element = element.parentElement;
        }
      } else {
        for (let up = 0; up < 4 && !hasDate(element) && element.parentElement && element.parentElement !== body; up++) {
          element = element.parentElement;
        }
        if (!hasDate(element)) element = blockOf(lca);
      }
      const parts = hasDate(element) ? [element] : [...blocksBefore(element, previousEnd), element];
      previousEnd = element;
      return { group, element, parts };
    }

    // No wrapper: the blocks of the shared container holding this entry's links, and those before them.
    const childHolding = (anchor: Element) => {
      let child = anchor;
      while (child.parentElement && child.parentElement !== lca) child = child.parentElement;
      return child;
    };
    const firstBlock = childHolding(group[0].anchor);
    const lastBlock = childHolding(lastOf(group).anchor);
    const parts = blocksBefore(firstBlock, previousEnd);
    for (let block: Element | null = firstBlock; block; block = block.nextElementSibling) {
      parts.push(block);
      if (block === lastBlock) break;
    }
    previousEnd = lastBlock;
    const titleKey = group.find((key) => key.role === 'title') ?? group[0];
    return { group, element: childHolding(titleKey.anchor), parts };
  });
}

function titleOf(group: KeyGroup, parts: Element[]): string {
  const titleLink = group.find((key) => key.role === 'title');
  const fromTitle = squash(titleLink?.anchor.textContent);
  if (fromTitle) return fromTitle;
  for (const key of group) {
    const fromMore = key.role === 'more' ? squash(key.anchor.getAttribute('title')) : '';
    if (fromMore) return fromMore;
  }
  // Neither: any other link to the same article in the entry that reads like a title.
  const id = group[0].id;
  for (const part of parts) {
    for (const anchor of part.querySelectorAll('a[href]')) {
      const text = squash(anchor.textContent);
      if (text && !MORE_TEXT.test(text) && plainArchiveIdOf(anchor) === id) return text;
    }
  }
  return '';
}

/** The entries of a listing page in page order, or a diagnostic naming what is missing. */
export function readListingEntries(doc: Document): ListingEntry[] | string {
  const keys = keyLinksOf(doc);
  if (keys.length === 0) {
    return 'no entries: no link to /archives/ID inside a heading and no 点击阅读全文 more-link';
  }
  return entryBoxes(doc.body, groupById(keys), keys).map(({ group, element, parts }) => ({
    id: group[0].id,
    title: titleOf(group, parts),
    date: bestDate(findDates(parts)),
    element,
  }));
}
