// Class and id names are only hints; links on any blog host count; a page that is not the blog's fails closed.
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { type PageReading, readPage } from '@/utils/site/extract';
import { allPages, expectFacts, pages, readDamaged, remove, renameClassesAndIds, stripClassesAndIds } from './damage';
import { pageDocument, parseHtml } from './pages';

const onePerKind = (['listing', 'archive', 'article'] as const).flatMap((kind) =>
  allPages.filter(([, p]) => p.kind === kind).slice(0, 1),
);
const listings = allPages.filter(([, p]) => p.kind === 'listing');
const articles = allPages.filter(([, p]) => p.kind === 'article');

describe('class and id names are only hints', () => {
  it.each(allPages)('%s with every class and id removed', (_, page) => expectFacts(page, stripClassesAndIds));
  it.each(onePerKind)('%s with every class and id renamed', (_, page) => expectFacts(page, renameClassesAndIds));
});

describe('links on other blog hosts', () => {
  it('links written with http://, another blog host or no host still count', () => {
    const page = must(
      pages.find((p) => p.kind === 'listing'),
      'a listing page',
    );
    const hosts = ['http://kexue.fm', 'http://www.spaces.ac.cn', '//spaces.ac.cn', ''];
    expectFacts(page, (doc) => {
      doc.querySelectorAll('a[href]').forEach((a, i) => {
        a.setAttribute(
          'href',
          (a.getAttribute('href') ?? '').replace(/^https:\/\/[^/]+/, hosts[i % hosts.length] ?? ''),
        );
      });
    });
  });
});

describe('fail closed', () => {
  const home = must(
    pages.find((p) => p.kind === 'listing' && p.listing === 'home') ?? listings[0]?.[1],
    'a listing page',
  );
  const article = must(articles[0]?.[1], 'an article page');
  const archive = pages.find((p) => p.kind === 'archive');
  const foreign =
    '<!DOCTYPE html><html><head><title>Hello</title></head><body><h1>Hello</h1><p>One.</p><p>Two.</p>' +
    '<ul><li><a href="https://kexue.fm/archives/10122">a link</a></li></ul></body></html>';

  function expectNotUnderstood(reading: PageReading, missing: RegExp, url: string) {
    expect(reading.kind).toBe('not-understood');
    if (reading.kind !== 'not-understood') return;
    expect(reading.diagnostic).toMatch(missing);
    expect(reading.diagnostic).toContain(url);
    expect(reading.diagnostic).not.toContain('\n');
  }

  it('a listing URL whose entries are gone', () => {
    const { reading } = readDamaged(home, (doc) => remove(doc, '.Post'));
    expectNotUnderstood(reading, /no entries/, home.url);
  });

  it.each([
    ['listing', 'https://kexue.fm/page/3/', /no entries/],
    ['article', 'https://kexue.fm/archives/10122', /no title heading linking to \/archives\/10122/],
    ['archive', 'https://kexue.fm/content.html', /no archive items/],
  ])('a foreign page at a %s URL', (_, url, missing) => {
    expectNotUnderstood(readPage(parseHtml(foreign), url), missing, url);
  });

  it('an article URL whose title and body are gone', () => {
    const { reading } = readDamaged(article, (doc) => remove(doc, '.Post'));
    expectNotUnderstood(reading, /no title heading/, article.url);
  });

  it('an article page whose body has no paragraphs', () => {
    const { reading } = readDamaged(article, (doc) => {
      stripClassesAndIds(doc);
      for (const p of doc.querySelectorAll('p')) p.remove();
    });
    expectNotUnderstood(reading, /no body/, article.url);
  });

  it.runIf(archive)('the archive URL serving a listing page', () => {
    expectNotUnderstood(
      readPage(pageDocument(home), 'https://kexue.fm/content.html'),
      /no archive items/,
      'content.html',
    );
  });

  it('a page that is not one of the blog kinds is "other", whatever it holds', () => {
    expect(readPage(pageDocument(home), 'https://kexue.fm/latex.html')).toEqual({ kind: 'other' });
    expect(readPage(parseHtml(foreign), 'https://example.com/archives/10122')).toEqual({ kind: 'other' });
  });
});
