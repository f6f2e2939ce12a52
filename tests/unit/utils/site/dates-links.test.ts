// The small readers under the extractors: dates as the blog prints them, links as its pages write them.
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { bestDate, citationDate, findDates, isFullDate, isMonthDay } from '@/utils/site/dates';
import { archiveLinkOf, categorySlugOf, isCommentLink, tagSlugOf } from '@/utils/site/links';
import { parseHtml } from './pages';

const datesIn = (html: string) => findDates([parseHtml(`<html><body>${html}</body></html>`).body]);

describe('findDates', () => {
  it.each([
    ['<div><span>13</span><span>Jun</span></div>', '--06-13'],
    ['<div>13 Jun</div>', '--06-13'],
    ['<div>Jun. 3</div>', '--06-03'],
    ['<div>September 30</div>', '--09-30'],
    ['<span>6月13日</span>', '--06-13'],
  ])('date box %s → %s', (html, date) => {
    expect(datesIn(html)).toEqual({ byline: null, dateBox: date });
  });

  it.each([
    '<div><span>31</span><span>Feb</span></div>',
    '<div>32 Jan</div>',
    '<div>13 Junk</div>',
    '<div>13</div><div>x</div><div>Jun</div>',
  ])('no date box in %s', (html) => expect(datesIn(html).dateBox).toBeNull());

  it('reads the byline date of a short line, not a date quoted in prose', () => {
    expect(datesIn('<p>By <span>苏剑林</span> | <span>2022-6-3</span> | <span>5位读者</span></p>').byline).toBe(
      '2022-06-03',
    );
    const prose = `<p>${'很长的一段正文，'.repeat(20)}在2022-06-13那天发布了新版本。</p>`;
    expect(datesIn(prose).byline).toBeNull();
    expect(datesIn('<p>2022-13-01</p>').byline).toBeNull();
  });

  it('prefers the byline, then the date box, else none', () => {
    expect(bestDate({ byline: '2020-01-02', dateBox: '--01-02' })).toBe('2020-01-02');
    expect(bestDate({ byline: null, dateBox: '--01-02' })).toBe('--01-02');
    expect(bestDate({ byline: null, dateBox: null })).toBe('');
    expect([isFullDate('2020-01-02'), isFullDate('--01-02'), isMonthDay('--01-02'), isMonthDay('')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it('stops at the given element', () => {
    const doc = parseHtml('<html><body><div><p>x</p><div id="stop"><p>By a | 2020-01-02</p></div></div></body></html>');
    expect(findDates([doc.body], must(doc.getElementById('stop'), '#stop')).byline).toBeNull();
  });
});

describe('citationDate', () => {
  const line =
    '苏剑林. (Aug. 03, 2022). 《生成扩散模型漫谈（五）：一般框架之SDE篇 》[Blog post]. Retrieved from https://kexue.fm/archives/9209';
  it('reads the date of the citation of this article only', () => {
    expect(citationDate(`前文…${line}\n@online{…}`, '9209')).toBe('2022-08-03');
    expect(citationDate(line, '920')).toBeNull();
    expect(citationDate(line, '92091')).toBeNull();
    expect(citationDate('no citation here', '9209')).toBeNull();
  });
});

describe('links', () => {
  it.each([
    ['/archives/9119', { id: '9119', commentPage: null, hash: '' }],
    ['https://kexue.fm/archives/9119/', { id: '9119', commentPage: null, hash: '' }],
    ['http://www.spaces.ac.cn/archives/9119#more', { id: '9119', commentPage: null, hash: 'more' }],
    [
      '//spaces.ac.cn/archives/9209/comment-page-7#comment-27467',
      { id: '9209', commentPage: 7, hash: 'comment-27467' },
    ],
    [
      'https://kexue.fm/archives/9209/comment-page-7?replyTo=27467#respond-post-9209',
      { id: '9209', commentPage: 7, hash: 'respond-post-9209' },
    ],
  ])('%s', (href, link) => expect(archiveLinkOf(href)).toEqual(link));

  it.each([
    'https://papers.cool/archives/9119',
    '/archives/',
    '/archives/x',
    'archives/9119',
    'javascript:;',
    '',
    null,
  ])('not an article link: %s', (href) => expect(archiveLinkOf(href)).toBeNull());

  it('tells comment links from article links', () => {
    const link = (href: string) => must(archiveLinkOf(href), `the article link of ${href}`);
    expect(isCommentLink(link('/archives/1#comments'))).toBe(true);
    expect(isCommentLink(link('/archives/1/comment-page-2'))).toBe(true);
    expect(isCommentLink(link('/archives/1#PostComment'))).toBe(true);
    expect(isCommentLink(link('/archives/1#more'))).toBe(false);
  });

  it('reads category and tag slugs on blog hosts only', () => {
    expect(categorySlugOf('https://kexue.fm/category/Big-Data')).toBe('Big-Data');
    expect(categorySlugOf('/category/Mathematics/8/')).toBe('Mathematics');
    expect(tagSlugOf('https://kexue.fm/tag/%E7%94%9F%E6%88%90%E6%A8%A1%E5%9E%8B/')).toBe('生成模型');
    expect(tagSlugOf('https://kexue.fm/category/Big-Data')).toBeNull();
    expect(categorySlugOf('https://example.com/category/x')).toBeNull();
  });
});
