/**
 * Assertions of a reading against the manifest's facts, shared by the fixture tests and the mutation tests.
 * Dates: an entry whose box still shows the byline date must report it; one that shows only the year-less date box
 * reports '--MM-DD' (see utils/site/dates.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { must } from '@/tests/must';
import type { ArchiveEntry, ArticleFacts, ListingEntry, PageReading } from '@/utils/site/extract';
import { FIXTURES_DIR, type ManifestArticle, type ManifestEntry, type ManifestPage } from './pages';

export const monthDayOf = (date: string) => `--${date.slice(5)}`;

/**
 * The date each entry must report. 'as-shown': the byline's date when the entry's element shows it, else the date
 * box's month and day; 'byline-only': the same with the date box gone; or a rule of the test's own.
 */
export type DateRule = 'as-shown' | 'byline-only' | 'full' | 'month-day' | 'none' | ((entry: ManifestEntry) => string);

export function expectEntries(
  entries: (ListingEntry | ArchiveEntry)[],
  expected: ManifestEntry[],
  label: string,
  dates: DateRule = 'as-shown',
) {
  expect(
    entries.map((e) => e.id),
    `${label}: entry ids in page order`,
  ).toEqual(expected.map((e) => e.id));
  entries.forEach((entry, i) => {
    const want = must(expected[i], `${label}: entry ${i} of the manifest`);
    expect(entry.title, `${label}: title of ${want.id}`).toBe(want.title);
    const shown = (entry.element.textContent ?? '').includes(want.date);
    const date =
      typeof dates === 'function'
        ? dates(want)
        : {
            'as-shown': shown ? want.date : monthDayOf(want.date),
            'byline-only': shown ? want.date : '',
            full: want.date,
            'month-day': monthDayOf(want.date),
            none: '',
          }[dates];
    expect(entry.date, `${label}: date of ${want.id} (byline ${shown ? 'shown' : 'not shown'})`).toBe(date);
  });
}

export function expectListing(
  reading: PageReading,
  page: ManifestPage,
  label = page.file,
  dates: DateRule = 'as-shown',
) {
  expect(reading.kind, `${label}: ${'diagnostic' in reading ? reading.diagnostic : ''}`).toBe('listing');
  if (reading.kind !== 'listing') return;
  expect(reading.url.kind).toBe(page.listing);
  expect(reading.url.page).toBe(page.page ?? 1);
  if (page.category !== undefined) expect(reading.url).toMatchObject({ slug: page.category });
  if (page.tag !== undefined) expect(reading.url).toMatchObject({ slug: page.tag });
  if (page.keywords !== undefined) expect(reading.url).toMatchObject({ query: page.keywords });
  expectEntries(reading.entries, page.entries ?? [], label, dates);
  const elements = new Set(reading.entries.map((e) => e.element));
  expect(elements.size, `${label}: one element per entry`).toBe(reading.entries.length);
}

export function expectArchive(reading: PageReading, page: ManifestPage, label = page.file) {
  expect(reading.kind, `${label}: ${'diagnostic' in reading ? reading.diagnostic : ''}`).toBe('archive');
  if (reading.kind !== 'archive') return;
  expectEntries(reading.entries, page.entries ?? [], label, 'full');
}

interface TexRow {
  id: string;
  tex: string;
  delim: string;
}

let texRows: Map<string, TexRow[]> | undefined;

/** This tree's tex.jsonl rows by article id (empty when the tree has none). */
function texOf(id: string): TexRow[] {
  if (!texRows) {
    texRows = new Map();
    let text = '';
    try {
      text = readFileSync(resolve(FIXTURES_DIR, 'tex.jsonl'), 'utf8');
    } catch {
      // a tree without tex.jsonl: the body check below falls back to labels only
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as TexRow;
      const rows = texRows.get(row.id) ?? [];
      rows.push(row);
      texRows.set(row.id, rows);
    }
  }
  return texRows.get(id) ?? [];
}

/** The ids of the list under the "你也许还对下面的内容感兴趣" heading, read independently of readPage. */
export function relatedIdsShown(doc: Document): string[] | null {
  const heading = Array.from(doc.querySelectorAll('h1,h2,h3,h4')).find((h) =>
    (h.textContent ?? '').includes('你也许还对下面的内容感兴趣'),
  );
  const list = heading?.nextElementSibling;
  if (!list) return null;
  return Array.from(list.querySelectorAll('a[href]')).map(
    (a) => /\/archives\/(\d+)/.exec(a.getAttribute('href') ?? '')?.[1] ?? '',
  );
}

/** Comment elements as the fixtures mark them up (`id="comment-N"`), found before any mutation. */
export function commentElements(doc: Document): Element[] {
  return Array.from(doc.querySelectorAll('[id]')).filter((e) => /^comment-\d+$/.test(e.id));
}

export interface ArticleExpectations {
  /** The body root and comment elements as found on the unmodified page (element identity survives mutations). */
  comments: Element[];
  related: string[] | null;
  /** 'month-day' when the mutation removed the byline and the citation line. */
  dates?: 'as-shown' | 'month-day';
}

export function expectArticle(reading: PageReading, page: ManifestPage, seen: ArticleExpectations, label = page.file) {
  expect(reading.kind, `${label}: ${'diagnostic' in reading ? reading.diagnostic : ''}`).toBe('article');
  if (reading.kind !== 'article') return;
  const want = page.article as ManifestArticle;
  const got: ArticleFacts = reading.article;
  expect(reading.url.articleId).toBe(want.id);
  expect(
    {
      id: got.id,
      title: got.title,
      date: got.date,
      category: got.category,
      categoryName: got.categoryName,
      tags: got.tags,
      prevId: got.prevId,
      nextId: got.nextId,
    },
    label,
  ).toEqual({
    id: want.id,
    title: want.title,
    date: seen.dates === 'month-day' ? monthDayOf(want.date) : want.date,
    category: want.category,
    categoryName: want.category_name,
    tags: want.tags,
    prevId: want.prevId,
    nextId: want.nextId,
  });

  if (seen.related) expect(got.relatedIds, `${label}: related ids`).toEqual(seen.related);
  expect(new Set(got.relatedIds).size).toBe(got.relatedIds.length);
  expect(got.relatedIds).not.toContain(want.id);

  // The body root: holds the article's TeX (its labels, its first one-line inline formula), not the comments.
  const body = got.content.textContent ?? '';
  for (const label_ of want.labels ?? []) {
    expect(body, `${label}: body root holds \\label{${label_}}`).toContain(`\\label{${label_}}`);
  }
  const inline = texOf(want.id).find((row) => row.delim === '$' && !row.tex.includes('\n'));
  if (inline) expect(body, `${label}: body root holds $${inline.tex}$`).toContain(`$${inline.tex}$`);
  for (const comment of seen.comments) expect(got.content.contains(comment)).toBe(false);

  // The comment root: every comment on the page and no part of the body. (Comments are counted by their
  // `id="comment-N"`; a tree marked up otherwise only checks that a root is found.)
  if (seen.comments.length > 0 || want.comments.on_page === 0) {
    expect(seen.comments.length, `${label}: comments on the page`).toBe(want.comments.on_page);
  }
  if (want.comments.on_page > 0) {
    const root = must(got.comments, `${label}: comments root`);
    for (const comment of seen.comments) expect(root.contains(comment), `${label}: comment ${comment.id}`).toBe(true);
  }
  if (got.comments) {
    expect(
      got.comments.contains(got.content) || got.content.contains(got.comments),
      `${label}: body/comments overlap`,
    ).toBe(false);
  }
}
