// Links name articles as the page shows them: cross-references as the author wrote them then (often an older or
// shorter title), related lists as captured (titles get renamed later). So titles are checked against the page, and
// the catalog never renames an article from them (utils/db: 'related' and 'reference' sightings).
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { readPage } from '@/utils/site/extract';
import { crossReferences, neighbours } from '@/utils/site/linked-articles';
import { articleOf, entriesOf, loadManifest, pageDocument, parseHtml } from './pages';

const pages = loadManifest();
const archiveIds = new Set(
  entriesOf(
    must(
      pages.find((p) => p.kind === 'archive'),
      'the archive page',
    ),
  ).map((e) => e.id),
);
const normalize = (title: string) => title.normalize('NFKC').replace(/\s+/g, '');

describe.each(pages.filter((p) => p.kind === 'article').map((p) => [p.file, p] as const))('%s', (_, page) => {
  it('names linked articles with their archive titles', () => {
    const doc = pageDocument(page);
    const reading = readPage(doc, page.url);
    if (reading.kind !== 'article') throw new Error(`not read as an article: ${JSON.stringify(reading)}`);
    const around = neighbours(doc, reading.article);
    const { prevId, nextId, relatedIds } = reading.article;
    for (const { id, title } of around) {
      expect([prevId, nextId, ...relatedIds]).toContain(id);
      expect(title, `archives/${id}`).not.toMatch(/(\.\.\.|…)$/);
    }
    const refs = crossReferences(reading.article);
    const bodyText = normalize(reading.article.content.textContent ?? '');
    for (const { title } of refs) expect(bodyText).toContain(`《${normalize(title)}》`);
    expect([...around, ...refs].some((l) => l.id === reading.article.id)).toBe(false);
    const { prevId: savedPrevId } = articleOf(page);
    if (savedPrevId && archiveIds.has(savedPrevId)) expect(around.map((l) => l.id)).toContain(savedPrevId);
  });
});

describe('cross-references', () => {
  const article = (body: string) => {
    const doc = parseHtml(`<h1><a href="/archives/1">T</a></h1><div id="PostContent">${body}</div>`);
    const reading = readPage(doc, 'https://kexue.fm/archives/1');
    if (reading.kind !== 'article')
      throw new Error(reading.kind === 'not-understood' ? reading.diagnostic : reading.kind);
    return reading.article;
  };

  it('takes a full title over a shortened sidebar link', () => {
    const doc = parseHtml(
      '<ul id="sidebar"><li><a href="/archives/7">重新思考学习率与Batch Siz...</a></li></ul>' +
        '<h1><a href="/archives/8">T</a></h1><div id="PostContent"><p>x</p></div>' +
        '<div id="entrynavigation">&lt; <a href="/archives/7" title="重新思考学习率与Batch Size（一）：现状">重新思考…</a> | ' +
        '<a href="/archives/9">后一篇</a> &gt;</div>',
    );
    const reading = readPage(doc, 'https://kexue.fm/archives/8');
    if (reading.kind !== 'article') throw new Error(reading.kind);
    expect(neighbours(doc, reading.article)).toContainEqual({
      id: '7',
      title: '重新思考学习率与Batch Size（一）：现状',
    });
  });

  it('takes 《title》 inside or around the link, and nothing else', () => {
    const refs = crossReferences(
      article(
        '<p>见<a href="/archives/8265">《Transformer升级之路：2、博采众长的旋转式位置编码》</a>与' +
          '《<a href="https://spaces.ac.cn/archives/9675">Transformer升级之路：10、RoPE是一种β进制编码</a>》，' +
          '以及<a href="/archives/8231">这里</a>和<a href="/archives/1">本文</a>。</p>',
      ),
    );
    expect(refs).toEqual([
      { id: '8265', title: 'Transformer升级之路：2、博采众长的旋转式位置编码' },
      { id: '9675', title: 'Transformer升级之路：10、RoPE是一种β进制编码' },
    ]);
  });
});
