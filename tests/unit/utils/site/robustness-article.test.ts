// Article facts when a part of the page is missing or unwrapped.
import { describe, expect, it } from 'vitest';
import { articles, expectFacts, readDamaged, remove, stripClassesAndIds, unwrap } from './damage';
import { expectArticle } from './facts';
import { articleOf } from './pages';

describe('article pages without some of their parts', () => {
  it.each(articles)('%s without the title heading: title from the page title', (_, page) => {
    expectFacts(page, (doc) => remove(doc, '.PostHead h1'));
  });

  it.each(articles)('%s without wrappers (post, head, title box)', (_, page) => {
    expectFacts(page, (doc) => unwrap(doc, '.Post, .PostHead, .title-wrap'));
  });

  it.each(articles)('%s without byline: full date from the citation line', (_, page) => {
    expectFacts(page, (doc) => remove(doc, '.submitted'));
  });

  it.each(articles)('%s without byline and citation: month and day from the date box', (_, page) => {
    const { seen, reading } = readDamaged(page, (doc) => {
      remove(doc, '.submitted');
      for (const p of doc.querySelectorAll('p')) if ((p.textContent ?? '').includes('[Blog post]')) p.remove();
    });
    expectArticle(reading, page, { ...seen, dates: 'month-day' });
  });

  it.each(articles)('%s without the tools line: category from the breadcrumb, no tags', (_, page) => {
    const { reading } = readDamaged(page, (doc) => remove(doc, '#tools'));
    expect(reading.kind).toBe('article');
    if (reading.kind !== 'article') return;
    expect([reading.article.category, reading.article.categoryName]).toEqual([
      articleOf(page).category,
      articleOf(page).category_name,
    ]);
    expect(reading.article.tags).toEqual([]);
    expect([reading.article.prevId, reading.article.nextId]).toEqual([articleOf(page).prevId, articleOf(page).nextId]);
  });

  it.each(articles)('%s without navigation: no prev/next, the rest unchanged', (_, page) => {
    const { reading } = readDamaged(page, (doc) => remove(doc, '#entrynavigation'));
    expect(reading.kind).toBe('article');
    if (reading.kind !== 'article') return;
    expect([reading.article.prevId, reading.article.nextId]).toEqual([null, null]);
    expect(reading.article.tags).toEqual(articleOf(page).tags);
  });

  it.each(articles)('%s without class names, its sidebar listing a recent comment on this article', (_, page) => {
    expectFacts(page, (doc) => {
      const id = articleOf(page).id;
      const sidebar = doc.querySelector('#sidebar') ?? doc.body;
      const recent = doc.createElement('ul');
      recent.innerHTML = `<li><a href="https://kexue.fm/archives/${id}/comment-page-1#comment-1">a reader</a>: …</li>`;
      sidebar.prepend(recent);
      stripClassesAndIds(doc);
    });
  });
});
