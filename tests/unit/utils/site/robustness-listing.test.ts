// Listing entries when a part of them is missing or unwrapped.
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { readPage } from '@/utils/site/extract';
import { expectFacts, listings, readDamaged, remove, removeAny, stripClassesAndIds, unwrap } from './damage';
import { expectEntries, expectListing, monthDayOf } from './facts';
import { entriesOf, type ManifestPage, pageDocument } from './pages';

describe('listing entries without some of their parts', () => {
  it.each(listings)('%s without the date box: full dates from the byline', (_, page) => {
    const { reading } = readDamaged(page, (doc) => removeAny(doc, '.date-wrap'));
    expectListing(reading, page, page.file, 'byline-only');
  });

  it.each(listings)('%s without the byline: month and day from the date box', (_, page) => {
    const { reading } = readDamaged(page, (doc) => removeAny(doc, '.submitted'));
    if (reading.kind === 'listing') expectEntries(reading.entries, entriesOf(page), page.file, 'month-day');
    expect(reading.kind).toBe('listing');
  });

  it.each(listings)('%s without date box and byline: no date', (_, page) => {
    const { reading } = readDamaged(page, (doc) => removeAny(doc, '.date-wrap, .submitted'));
    if (reading.kind === 'listing') expectEntries(reading.entries, entriesOf(page), page.file, 'none');
    expect(reading.kind).toBe('listing');
  });

  it.each(listings)('%s without title elements: titles from the 点击阅读全文 links', (_, page) => {
    expectFacts(page, (doc) => remove(doc, '.title-wrap'));
  });

  it.each(listings)('%s without more-links: titles from the title links', (_, page) => {
    // Only where the entry has a title element: an entry with neither has nothing left that names it.
    expectFacts(page, (doc) => {
      for (const more of doc.querySelectorAll('.more'))
        if (more.closest('.Post')?.querySelector('.title-wrap')) more.remove();
    });
  });

  const seeds = listings.filter(([, p]) => (p.seed_titles_missing ?? []).length > 0);
  it('some seed pages lack titles', () => expect(seeds.length).toBeGreaterThan(0));
  it.each(seeds)('%s as the seed shows it: titles missing for seed_titles_missing', (_, page) => {
    const missing = new Set(page.seed_titles_missing);
    expectFacts(page, (doc) => {
      for (const heading of doc.querySelectorAll('.title-wrap')) {
        const id = /\/archives\/(\d+)/.exec(heading.querySelector('a')?.getAttribute('href') ?? '')?.[1];
        if (id && missing.has(id)) heading.remove();
      }
    });
  });

  it.each(listings)('%s with the inner wrappers (head, title, date box) unwrapped', (_, page) => {
    expectFacts(page, (doc) => unwrap(doc, '.PostHead, .title-wrap, .date-wrap, .PostContent'));
  });

  /** Unwraps the entries, with the dates they show (byline or date box only) noted from the intact page. */
  function readUnwrapped(page: ManifestPage, damage: (doc: Document) => void) {
    const shown = new Set<string>();
    const { reading } = readDamaged(page, (doc) => {
      for (const post of doc.querySelectorAll('.Post')) {
        for (const entry of entriesOf(page)) {
          const isThisEntry = post.querySelector(`a[href$="/archives/${entry.id}"]`) !== null;
          if (isThisEntry && (post.textContent ?? '').includes(entry.date)) shown.add(entry.id);
        }
      }
      damage(doc);
    });
    expect(reading.kind).toBe('listing');
    if (reading.kind === 'listing') {
      expectEntries(reading.entries, entriesOf(page), page.file, (e) =>
        shown.has(e.id) ? e.date : monthDayOf(e.date),
      );
    }
  }

  it.each(listings)('%s without entry wrappers: each entry is a run of blocks', (_, page) => {
    readUnwrapped(page, (doc) => unwrap(doc, '.Post'));
  });

  it.each(listings)('%s without wrappers or class names', (_, page) => {
    readUnwrapped(page, (doc) => {
      unwrap(doc, '.Post, .PostHead, .title-wrap');
      stripClassesAndIds(doc);
    });
  });

  it.each(listings)('%s with a single entry left: its box is still the whole entry', (_, page) => {
    const doc = pageDocument(page);
    const posts = Array.from(doc.querySelectorAll('.Post'));
    const keep = 1;
    for (const [i, post] of posts.entries()) if (i !== keep) post.remove();
    const reading = readPage(doc, page.url);
    expect(reading.kind).toBe('listing');
    if (reading.kind !== 'listing') return;
    expectEntries(reading.entries, [must(entriesOf(page)[keep], 'the entry kept')], page.file);
    expect(reading.entries[0]?.element).toBe(posts[keep]);
  });
});
