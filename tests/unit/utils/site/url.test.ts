import { describe, expect, it } from 'vitest';
import { BLOG_HOSTS } from '@/utils/site/hosts';
import {
  articleIdOf,
  classifyUrl,
  DETECTORS,
  isListing,
  OFF_SITE_EXAMPLES,
  URL_EXAMPLES,
  type UrlKind,
} from '@/utils/site/url';

const ORIGINS = BLOG_HOSTS.flatMap((host) => [`https://${host}`, `http://${host}`]);
const KINDS = Object.keys(URL_EXAMPLES) as UrlKind[];
const LISTING_KINDS: UrlKind[] = ['home', 'category', 'tag', 'search', 'author', 'date'];

/** Every example path of every kind on every host and scheme, as [kind, url]. */
const EXAMPLES: [UrlKind, string][] = KINDS.flatMap((kind) =>
  URL_EXAMPLES[kind].flatMap((path) => ORIGINS.map((origin): [UrlKind, string] => [kind, origin + path])),
);

describe('URL detectors: cross-matrix', () => {
  it('every kind has examples', () => {
    for (const kind of KINDS) expect(URL_EXAMPLES[kind].length, `URL_EXAMPLES.${kind} is empty`).toBeGreaterThan(0);
  });

  const detectorNames = Object.keys(DETECTORS) as (keyof typeof DETECTORS)[];
  it.each(detectorNames)('%s: true on its own examples, false on every other kind', (detector) => {
    for (const [kind, url] of EXAMPLES) {
      const expected = kind === detector;
      const fix = expected
        ? `fix URL_EXAMPLES.${kind} or the ${detector} detector`
        : `URL_EXAMPLES.${kind} holds a ${detector} URL: fix that list or the ${detector} detector`;
      expect(DETECTORS[detector](url), `${detector}(${url}) should be ${expected}; ${fix}`).toBe(expected);
    }
  });

  it('isListing: true on home/category/tag/search/author/date examples only', () => {
    for (const [kind, url] of EXAMPLES) {
      const expected = LISTING_KINDS.includes(kind);
      expect(isListing(url), `isListing(${url}) should be ${expected}; check URL_EXAMPLES.${kind}`).toBe(expected);
    }
  });

  it('URL objects classify like strings', () => {
    for (const [kind, url] of EXAMPLES) expect(classifyUrl(new URL(url)).kind, url).toBe(kind);
  });

  it.each(OFF_SITE_EXAMPLES)('off-site %s is "other" for every detector', (url) => {
    expect(classifyUrl(url).kind).toBe('other');
    for (const [name, detect] of Object.entries(DETECTORS)) expect(detect(url), `${name}(${url})`).toBe(false);
    expect(isListing(url)).toBe(false);
    expect(articleIdOf(url)).toBeNull();
  });
});

describe('classifyUrl details', () => {
  it.each([
    ['https://kexue.fm/', { kind: 'home', page: 1 }],
    ['http://www.kexue.fm/page/2/', { kind: 'home', page: 2 }],
    ['https://kexue.fm/category/Big-Data', { kind: 'category', page: 1, slug: 'Big-Data' }],
    ['https://kexue.fm/category/Mathematics/8/', { kind: 'category', page: 8, slug: 'Mathematics' }],
    ['https://www.spaces.ac.cn/tag/muon/', { kind: 'tag', page: 1, slug: 'muon' }],
    ['https://kexue.fm/tag/%E7%94%9F%E6%88%90%E6%A8%A1%E5%9E%8B/2/', { kind: 'tag', page: 2, slug: '生成模型' }],
    ['https://kexue.fm/search/%E8%BF%91%E4%BC%BC/', { kind: 'search', page: 1, query: '近似' }],
    ['https://kexue.fm/search/%E8%BF%91%E4%BC%BC/3/', { kind: 'search', page: 3, query: '近似' }],
    ['https://kexue.fm/search/%E8%BF%91%E4%BC/', { kind: 'search', page: 1, query: '%E8%BF%91%E4%BC' }],
    ['https://kexue.fm/author/1/2/', { kind: 'author', page: 2, author: '1' }],
    ['https://kexue.fm/2024/05/', { kind: 'date', page: 1, year: 2024, month: 5, day: null }],
    ['https://kexue.fm/2024/05/01/page/3/', { kind: 'date', page: 3, year: 2024, month: 5, day: 1 }],
    ['https://kexue.fm/content.html', { kind: 'archive', page: 1, tag: null }],
    ['https://kexue.fm/content.html?tag=muon', { kind: 'archive', page: 1, tag: 'muon' }],
    ['https://kexue.fm/archives/10122', { kind: 'article', page: 1, articleId: '10122', commentPage: null }],
    [
      'http://spaces.ac.cn/archives/9209/comment-page-7#comments',
      { kind: 'article', page: 1, articleId: '9209', commentPage: 7 },
    ],
    [
      'https://KEXUE.FM/archives/12?replyTo=3#respond',
      { kind: 'article', page: 1, articleId: '12', commentPage: null },
    ],
    ['https://kexue.fm/latex.html', { kind: 'other', page: 1 }],
  ])('%s', (url, expected) => {
    expect(classifyUrl(url)).toEqual(expected);
  });

  it('articleIdOf reads the id of every article example and nothing else', () => {
    for (const [kind, url] of EXAMPLES) {
      const id = articleIdOf(url);
      if (kind === 'article') expect(id, url).toMatch(/^\d+$/);
      else expect(id, url).toBeNull();
    }
    expect(articleIdOf('https://kexue.fm/archives/9209/comment-page-7/#comment-27467')).toBe('9209');
  });
});
