// The DOM hooks contract on small hand-written pages (every saved page is covered in pages.test.ts).
import { describe, expect, it } from 'vitest';
import { readPage } from '@/utils/site/extract';
import { ARTICLE_ATTR, applyDomHooks, ENTRY_ATTR, PAGE_ATTR } from '@/utils/site/hooks';
import { parseHtml } from './pages';

const LISTING = `<!DOCTYPE html><html><body>
<ul><li><a href="/archives/1">sidebar</a></li></ul>
<div><h2><a href="https://kexue.fm/archives/20">Twenty</a></h2><p>By 苏剑林 | 2024-05-01</p><p>…</p>
<p class="more"><a href="https://kexue.fm/archives/20" title="Twenty">点击阅读全文...</a></p></div>
<div><h2><a href="https://kexue.fm/archives/19">Nineteen</a></h2><p>By 苏剑林 | 2024-04-30</p><p>…</p>
<p class="more"><a href="https://kexue.fm/archives/19" title="Nineteen">点击阅读全文...</a></p></div>
</body></html>`;

const hookAttrs = (doc: Document) =>
  Array.from(doc.querySelectorAll(`[${PAGE_ATTR}], [${ENTRY_ATTR}], [${ARTICLE_ATTR}]`)).map((e) =>
    e.outerHTML.slice(0, 60),
  );

describe('applyDomHooks', () => {
  it('marks the page kind and each entry, then changes nothing on a second run', () => {
    const doc = parseHtml(LISTING);
    const reading = readPage(doc, 'https://kexue.fm/');
    expect(reading.kind).toBe('listing');
    expect(applyDomHooks(doc, reading)).toBe(3);
    expect(doc.documentElement.getAttribute(PAGE_ATTR)).toBe('listing');
    expect(Array.from(doc.querySelectorAll(`[${ENTRY_ATTR}]`)).map((e) => e.getAttribute(ENTRY_ATTR))).toEqual([
      '20',
      '19',
    ]);
    const html = doc.documentElement.outerHTML;
    expect(applyDomHooks(doc, reading)).toBe(0);
    expect(applyDomHooks(doc, readPage(doc, 'https://kexue.fm/'))).toBe(0);
    expect(doc.documentElement.outerHTML).toBe(html);
  });

  it('sets nothing at all on a page that is not understood', () => {
    const doc = parseHtml('<html><body><h1>Hello</h1><p>One.</p><p>Two.</p></body></html>');
    for (const url of ['https://kexue.fm/', 'https://kexue.fm/archives/5', 'https://kexue.fm/content.html']) {
      const reading = readPage(doc, url);
      expect(reading.kind, url).toBe('not-understood');
      expect(applyDomHooks(doc, reading)).toBe(0);
    }
    expect(hookAttrs(doc)).toEqual([]);
  });

  it('marks a page of no blog kind as "other" and nothing else', () => {
    const doc = parseHtml(LISTING);
    const reading = readPage(doc, 'https://kexue.fm/latex.html');
    expect(reading).toEqual({ kind: 'other' });
    expect(applyDomHooks(doc, reading)).toBe(1);
    expect(doc.documentElement.getAttribute(PAGE_ATTR)).toBe('other');
    expect(doc.querySelectorAll(`[${ENTRY_ATTR}], [${ARTICLE_ATTR}]`).length).toBe(0);
  });

  it('puts the article id on the body root only', () => {
    const doc = parseHtml(
      `<html><head><title>T - 科学空间|Scientific Spaces</title></head><body>
      <div><h1><a href="https://kexue.fm/archives/7">Seven</a></h1><p>By 苏剑林 | 2020-01-02 | 5位读者</p></div>
      <div id="PostContent"><p>Body $x$.</p><p>More.</p></div>
      <div><a href="https://kexue.fm/archives/6">Six</a> | ` +
        `<a href="https://kexue.fm/archives/8">Eight</a></div></body></html>`,
    );
    const reading = readPage(doc, 'http://www.spaces.ac.cn/archives/7/comment-page-2');
    expect(reading.kind).toBe('article');
    if (reading.kind !== 'article') return;
    expect(reading.article).toMatchObject({ id: '7', title: 'Seven', date: '2020-01-02', prevId: '6', nextId: '8' });
    expect(applyDomHooks(doc, reading)).toBe(2);
    expect(doc.getElementById('PostContent')?.getAttribute(ARTICLE_ATTR)).toBe('7');
    expect(doc.querySelectorAll(`[${ARTICLE_ATTR}]`).length).toBe(1);
  });

  it('corrects a stale value instead of leaving it', () => {
    const doc = parseHtml(LISTING);
    doc.documentElement.setAttribute(PAGE_ATTR, 'article');
    expect(applyDomHooks(doc, readPage(doc, 'https://kexue.fm/page/2/'))).toBe(3);
    expect(doc.documentElement.getAttribute(PAGE_ATTR)).toBe('listing');
  });
});
