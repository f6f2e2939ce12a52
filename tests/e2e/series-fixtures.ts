/**
 * Series facts of the saved pages, computed with the extension's own grouping code over their titles: what the
 * popup flows of both browsers expect.
 */
import { groupTitles } from '@/utils/series/group';
import { articleOf, entriesOf, type ManifestEntry, type ManifestPage } from './fixtures';

const seriesOf = (entries: ManifestEntry[]) => {
  const groups = groupTitles(entries.map(({ id, title }) => ({ id, title })));
  const members = new Map<string, string[]>();
  for (const [id, { series }] of groups) if (series) members.set(series, [...(members.get(series) ?? []), id]);
  return { groups, members };
};

function archiveOf(pages: ManifestPage[]): ManifestPage {
  const archive = pages.find((p) => p.kind === 'archive');
  if (!archive) throw new Error('The fixtures have no archive page (/content.html): the series flows need one');
  return archive;
}

/** A listing page showing part of a series whose other parts only the archive reveals: the "new parts" to come. */
export function listingWithPartialSeries(pages: ManifestPage[]): {
  archive: ManifestPage;
  listing: ManifestPage;
  key: string;
  shown: number;
  total: number;
} {
  const archive = archiveOf(pages);
  const catalog = seriesOf(entriesOf(archive));
  for (const listing of pages.filter((p) => p.kind === 'listing')) {
    for (const [key, ids] of seriesOf(entriesOf(listing)).members) {
      const total = catalog.members.get(key)?.length ?? 0;
      if (ids.length >= 2 && total > ids.length) return { archive, listing, key, shown: ids.length, total };
    }
  }
  throw new Error('No listing page shows part of a series that the archive holds more of');
}

/** A saved article that belongs to a series of the archive. */
export function articleInSeries(pages: ManifestPage[]): { article: ManifestPage; key: string; total: number } {
  const catalog = seriesOf(entriesOf(archiveOf(pages)));
  for (const article of pages.filter((p) => p.kind === 'article')) {
    const key = catalog.groups.get(articleOf(article).id)?.series;
    const members = key ? catalog.members.get(key) : undefined;
    if (key && members) return { article, key, total: members.length };
  }
  throw new Error('No saved article belongs to a series');
}
