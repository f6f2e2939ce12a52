/**
 * The catalog: the articles the blog's pages showed (listings, the archive, links), merged by id and grouped into
 * series, and the search over it. The title grouper needs every title, so a change of titles regroups the whole
 * catalog; the user's corrections win over the grouper.
 */
import type { ReaderApi, SeenArticle } from '@/utils/db/api';
import type { ReaderDatabase } from '@/utils/db/database';
import { InvalidInputError } from '@/utils/db/errors';
import type { ArticleRecord, SeenOn } from '@/utils/db/model';
import { conformArticle } from '@/utils/db/schema';
import { checkSeenArticles, checkSeenOn } from '@/utils/db/validate';
import { regroupArticles } from '@/utils/series/catalog';
import { type ServiceContext, statesOf } from './context';

type CatalogCalls = Pick<ReaderApi, 'seenAndStates' | 'importArchive' | 'searchArticles'>;

const SEARCH_LIMIT_MAX = 200;

/** Pages whose links may carry shortened or quoted titles: they add articles but never rename one. */
const TITLE_HINT_ONLY: readonly SeenOn[] = ['related', 'reference'];

/**
 * Renames one archive refresh may make. A real refresh renames a few articles at most; a forged /content.html (the
 * blog is also served over plain http) could rename them all: beyond this, the refresh renames none.
 */
export const MAX_ARCHIVE_RENAMES = 50;

function newRow(entry: SeenArticle, on: SeenOn, now: number): ArticleRecord {
  return {
    id: entry.id,
    title: entry.title,
    earlierTitles: [],
    date: entry.date ?? '',
    ...(entry.category !== undefined && { category: entry.category }),
    ...(entry.tags !== undefined && { tags: entry.tags }),
    series: null,
    part: null,
    subpart: null,
    firstSeen: now,
    lastSeen: now,
    seenOn: [on],
  };
}

/** A stored row updated with what a page showed: identity by id, a rename keeps the old title. */
function updatedRow(old: ArticleRecord, entry: SeenArticle, on: SeenOn, now: number, mayRename: boolean) {
  const next: ArticleRecord = { ...old, lastSeen: now };
  const renamed = mayRename && entry.title !== '' && entry.title !== old.title;
  if (renamed) {
    next.title = entry.title;
    // A title that comes back (e.g. after an English page) leaves the earlier ones: no duplicates, no growth.
    next.earlierTitles = old.earlierTitles.filter((t) => t !== old.title && t !== entry.title);
    if (old.title) next.earlierTitles.push(old.title);
  }
  if (entry.date) next.date = entry.date;
  if (entry.category !== undefined) next.category = entry.category;
  if (entry.tags !== undefined) next.tags = entry.tags;
  if (!old.seenOn.includes(on)) next.seenOn = [...old.seenOn, on];
  return { row: conformArticle(next), renamed };
}

/** What a page showed, merged into catalog rows. */
function mergeSeen(
  entries: SeenArticle[],
  existing: (ArticleRecord | undefined)[],
  on: SeenOn,
  now: number,
  renames = true,
) {
  const mayRename = renames && !TITLE_HINT_ONLY.includes(on);
  let added = 0;
  let renamed = 0;
  const rows = entries.map((entry, i): ArticleRecord => {
    const old = existing[i];
    if (!old) {
      added++;
      return newRow(entry, on, now);
    }
    const updated = updatedRow(old, entry, on, now, mayRename);
    if (updated.renamed) renamed++;
    return updated.row;
  });
  return { rows, added, renamed };
}

/**
 * Regroups the whole catalog (the title grouper needs every title; the user's corrections win over it) and writes,
 * in one bulk, the rows that were `touched` or whose series placement changed. Inside a transaction.
 */
async function regroupAndWrite(
  db: ReaderDatabase,
  catalog: ArticleRecord[],
  stored: Map<string, ArticleRecord>,
  touched: ReadonlySet<string>,
) {
  const regrouped = regroupArticles(catalog, await db.corrections.toArray()).map(conformArticle);
  const changed = regrouped.filter((next) => {
    const before = stored.get(next.id);
    return (
      touched.has(next.id) ||
      !before ||
      next.series !== (before.series ?? null) ||
      next.part !== (before.part ?? null) ||
      next.subpart !== (before.subpart ?? null)
    );
  });
  if (changed.length > 0) await db.articles.bulkPut(changed);
}

/** Regroups the stored catalog after the corrections changed (inside a transaction). */
export async function regroupCatalog(db: ReaderDatabase): Promise<void> {
  const all = await db.articles.toArray();
  await regroupAndWrite(db, all, new Map(all.map((a) => [a.id, a])), new Set());
}

/**
 * Records what a page showed (inside a transaction). A new id or title regroups the whole catalog; otherwise only
 * the rows shown are written (lastSeen, where seen).
 */
async function recordSeen(
  { db, now }: ServiceContext,
  entries: SeenArticle[],
  on: SeenOn,
  regroup: 'always' | 'if-changed',
) {
  const existing = await db.articles.bulkGet(entries.map((e) => e.id));
  let merged = mergeSeen(entries, existing, on, now());
  if (on === 'archive' && merged.renamed > MAX_ARCHIVE_RENAMES) merged = mergeSeen(entries, existing, on, now(), false);
  const { rows, added, renamed } = merged;
  if (regroup === 'if-changed' && added === 0 && renamed === 0) {
    await db.articles.bulkPut(rows);
  } else {
    const all = await db.articles.toArray();
    const stored = new Map(all.map((a) => [a.id, a]));
    const catalog = new Map(stored);
    for (const row of rows) catalog.set(row.id, row);
    await regroupAndWrite(db, [...catalog.values()], stored, new Set(rows.map((r) => r.id)));
  }
  return { added, renamed };
}

function searchable(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

interface SearchHit {
  article: ArticleRecord;
  inCurrentTitle: boolean;
}

/** Matches on the current title first, then newest first. */
function compareHits(a: SearchHit, b: SearchHit): number {
  if (a.inCurrentTitle !== b.inCurrentTitle) return a.inCurrentTitle ? -1 : 1;
  if (a.article.date !== b.article.date) return a.article.date > b.article.date ? -1 : 1;
  return Number(b.article.id) - Number(a.article.id);
}

/** The articles whose titles (current or earlier) or series hold every token. */
function searchHits(articles: ArticleRecord[], tokens: string[]): SearchHit[] {
  const hits: SearchHit[] = [];
  for (const article of articles) {
    const title = searchable(article.title);
    const rest = searchable([...article.earlierTitles, article.series ?? ''].join('\n'));
    if (!tokens.every((t) => title.includes(t) || rest.includes(t))) continue;
    hits.push({ article, inCurrentTitle: tokens.every((t) => title.includes(t)) });
  }
  return hits;
}

export function catalogCalls(context: ServiceContext): CatalogCalls {
  const { db, guarded, summary } = context;
  return {
    seenAndStates(articles, on) {
      return guarded('Could not record the articles of this page', async () => {
        const entries = checkSeenArticles(articles);
        const kind = checkSeenOn(on);
        if (entries.length === 0) return {};
        const { states, added, renamed } = await db.transaction(
          'rw',
          [db.articles, db.corrections, db.reading],
          async () => ({
            ...(await recordSeen(context, entries, kind, 'if-changed')),
            states: await statesOf(
              db,
              entries.map((e) => e.id),
            ),
          }),
        );
        if (added + renamed > 0) summary.allChanged();
        return states;
      });
    },

    importArchive(entries) {
      return guarded('Could not update the catalog from the archive', async () => {
        const valid = checkSeenArticles(entries);
        // Always regrouped: the daily archive refresh also brings a newer grouper's results to older rows.
        const counts = await db.transaction('rw', [db.articles, db.corrections], () =>
          recordSeen(context, valid, 'archive', 'always'),
        );
        summary.allChanged();
        return counts;
      });
    },

    searchArticles(query, limit = 20) {
      return guarded('Could not search the articles', async () => {
        if (typeof query !== 'string') throw new InvalidInputError('Expected text to search for.');
        const tokens = searchable(query).split(/\s+/).filter(Boolean);
        if (tokens.length === 0) return [];
        const max = Math.min(Math.max(1, Math.floor(Number(limit) || 20)), SEARCH_LIMIT_MAX);
        const hits = searchHits(await db.articles.toArray(), tokens).sort(compareHits);
        return hits.slice(0, max).map((h) => h.article);
      });
    },
  };
}
