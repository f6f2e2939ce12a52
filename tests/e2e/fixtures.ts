/**
 * The saved pages the e2e suites run on: a directory with a manifest.json (default: the committed copy under
 * tests/fixtures/kexue, overridable with KEXUE_FIXTURES) whose pages are served at their real URLs.
 */
import { resolve } from 'node:path';
import { articleOf, entriesOf, FIXTURES_DIR, type ManifestPage } from '@/tests/manifest';

export {
  articleOf,
  entriesOf,
  loadManifest,
  type ManifestEntry,
  type ManifestPage,
} from '@/tests/manifest';

/** host + path without a trailing slash: the same page whatever the scheme or the final slash. */
export function pageKey(url: string): string {
  const { host, pathname } = new URL(url);
  return `${host}${pathname.replace(/\/+$/, '')}`.toLowerCase();
}

export function fileIndex(pages: ManifestPage[], dir = FIXTURES_DIR): Map<string, string> {
  return new Map(pages.map((page) => [pageKey(page.url), resolve(dir, page.file)]));
}

/** A listing page that lists an article the fixtures also hold: for flows that read an article and look back. */
export function listingWithSavedArticle(pages: ManifestPage[]): { listing: ManifestPage; article: ManifestPage } {
  const articles = new Map(pages.filter((p) => p.kind === 'article').map((p) => [articleOf(p).id, p]));
  for (const listing of pages.filter((p) => p.kind === 'listing')) {
    const article = entriesOf(listing)
      .map((e) => articles.get(e.id))
      .find((a) => a !== undefined);
    if (article) return { listing, article };
  }
  throw new Error('The fixtures have no listing page that lists one of their saved articles');
}
