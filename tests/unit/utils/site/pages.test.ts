// Every fact of every saved page in the manifest (KEXUE_FIXTURES, default tests/fixtures/kexue), on all four hosts
// over http and https, and the DOM hooks each page gets.
import { describe, expect, it } from 'vitest';
import { type PageReading, readPage } from '@/utils/site/extract';
import { ARTICLE_ATTR, applyDomHooks, ENTRY_ATTR, PAGE_ATTR } from '@/utils/site/hooks';
import { BLOG_HOSTS } from '@/utils/site/hosts';
import { commentElements, expectArchive, expectArticle, expectListing, relatedIdsShown } from './facts';
import { articleOf, entriesOf, loadManifest, type ManifestPage, pageDocument, withOrigin } from './pages';

const pages = loadManifest();
const byKind = (kind: ManifestPage['kind']) => pages.filter((p) => p.kind === kind).map((p) => [p.file, p] as const);
const ORIGINS = BLOG_HOSTS.flatMap((host) => [`https://${host}`, `http://${host}`]);

function expectFacts(reading: PageReading, page: ManifestPage, doc: Document, label: string) {
  if (page.kind === 'listing') expectListing(reading, page, label);
  else if (page.kind === 'archive') expectArchive(reading, page, label);
  else expectArticle(reading, page, { comments: commentElements(doc), related: relatedIdsShown(doc) }, label);
}

describe('manifest', () => {
  it('has listing, archive and article pages', () => {
    for (const kind of ['listing', 'archive', 'article'] as const) expect(byKind(kind).length, kind).toBeGreaterThan(0);
  });
});

describe.each([['listing'], ['archive'], ['article']] as const)('%s pages', (kind) => {
  // One test per page (parsing dominates the run time): the facts on all eight origins, then the hooks.
  it.each(byKind(kind))(
    '%s: every manifest fact on every host over http and https; DOM hooks set once',
    (_, page) => {
      const doc = pageDocument(page);
      for (const url of [page.url, ...ORIGINS.map((origin) => withOrigin(page.url, origin))]) {
        expectFacts(readPage(doc, url), page, doc, url);
      }

      const reading = readPage(doc, page.url);
      expect(applyDomHooks(doc, reading)).toBeGreaterThan(0);
      expect(doc.documentElement.getAttribute(PAGE_ATTR)).toBe(page.kind);
      const hooked = Array.from(doc.querySelectorAll(`[${ENTRY_ATTR}]`)).map((e) => e.getAttribute(ENTRY_ATTR));
      expect(hooked).toEqual(page.kind === 'article' ? [] : entriesOf(page).map((e) => e.id));
      const articleRoots = Array.from(doc.querySelectorAll(`[${ARTICLE_ATTR}]`));
      if (page.kind === 'article' && reading.kind === 'article') {
        expect(articleRoots).toEqual([reading.article.content]);
        expect(articleRoots[0]?.getAttribute(ARTICLE_ATTR)).toBe(articleOf(page).id);
      } else expect(articleRoots).toEqual([]);

      // A second run (re-reading the hooked page) changes nothing.
      const before = doc.documentElement.outerHTML;
      expect(applyDomHooks(doc, readPage(doc, page.url))).toBe(0);
      expect(doc.documentElement.outerHTML).toBe(before);
      // The archive (1,295 entries, read on nine origins) takes seconds on a busy machine: more than Vitest's 5 s.
    },
    60_000,
  );
});
