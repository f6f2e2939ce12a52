import { describe, expect, it } from 'vitest';
import type { ArticleRecord, SeriesCorrection } from '../../../utils/db/model';
import { extractCrossReferences, mergeArchive, regroupArticles, seriesName } from '../../../utils/series/catalog';
import { loadArchiveTitles } from './corpus';

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

const diffusion = [
  { id: '9119', title: '生成扩散模型漫谈（一）：DDPM = 拆楼 + 建楼', date: '2022-06-13' },
  { id: '9152', title: '生成扩散模型漫谈（二）：DDPM = 自回归式VAE', date: '2022-07-06' },
  { id: '9164', title: '生成扩散模型漫谈（三）：DDPM = 贝叶斯 + 去噪', date: '2022-07-19' },
];

describe('mergeArchive', () => {
  it('adds new articles with their series and part', () => {
    const r = mergeArchive([], [...diffusion, { id: '35', title: '一道自然数的数学题' }], [], T0);
    expect(r.added).toEqual(['9119', '9152', '9164', '35']);
    expect(r.renamed).toEqual([]);
    expect(r.articles.map((a) => a.id)).toEqual(['35', '9119', '9152', '9164']);
    const a = r.articles.find((x) => x.id === '9152')!;
    expect(a).toMatchObject({ title: diffusion[1].title, date: '2022-07-06', part: 2, subpart: null, earlierTitles: [], firstSeen: T0, lastSeen: T0, seenOn: ['archive'] });
    expect(a.series).toBeTruthy();
    expect(r.articles.find((x) => x.id === '35')!.series).toBeNull();
  });

  it('keeps the id of a renamed article and pushes its old title to earlierTitles', () => {
    const first = mergeArchive([], diffusion, [], T0).articles;
    const renamedTitle = '生成扩散模型漫谈（二）：DDPM = 自回归式VAE（修订）';
    const second = mergeArchive(first, [diffusion[0], { ...diffusion[1], title: renamedTitle }, diffusion[2]], [], T0 + DAY);
    expect(second.added).toEqual([]);
    expect(second.renamed).toEqual(['9152']);
    const a = second.articles.find((x) => x.id === '9152')!;
    expect(a).toMatchObject({ title: renamedTitle, earlierTitles: [diffusion[1].title], firstSeen: T0, lastSeen: T0 + DAY, part: 2 });
    expect(second.articles.length).toBe(3);
    // The input records are not mutated.
    expect(first.find((x) => x.id === '9152')!.title).toBe(diffusion[1].title);
  });

  it('regroups over the whole catalog: a new part makes an earlier unnumbered title part 1', () => {
    const first = mergeArchive([], [{ id: '782', title: '旋转的弹簧将如何伸长？' }], [], T0).articles;
    expect(first[0].series).toBeNull();
    const second = mergeArchive(first, [{ id: '826', title: '旋转的弹簧将如何伸长(2)？' }], [], T0 + DAY, 'listing').articles;
    expect(second.map((a) => [a.id, a.part])).toEqual([['782', 1], ['826', 2]]);
    expect(second[0].series).toBe(second[1].series);
    expect(second[1].seenOn).toEqual(['listing']);
    expect(second[0].seenOn).toEqual(['archive']);
  });

  it('lets user corrections win over the parser and survive refreshes', () => {
    const base = mergeArchive([], [...diffusion, { id: '9098', title: '如何训练你的准确率？' }], [], T0).articles;
    const key = base.find((a) => a.id === '9119')!.series!;
    const corrections: SeriesCorrection[] = [
      // Merge an unrelated article into the series as part 0 (a prologue), and split part 3 out of it.
      { kind: 'assign', articleId: '9098', seriesKey: key, part: 0, at: T0 + 1 },
      { kind: 'assign', articleId: '9164', seriesKey: 'my-ddpm-notes', at: T0 + 2 },
      { kind: 'rename', seriesKey: key, name: '扩散模型', at: T0 + 3 },
    ];
    const refreshed = mergeArchive(base, diffusion, corrections, T0 + DAY).articles;
    const again = mergeArchive(refreshed, [...diffusion, { id: '9098', title: '如何训练你的准确率？' }], corrections, T0 + 2 * DAY).articles;
    for (const articles of [refreshed, again]) {
      expect(articles.find((a) => a.id === '9098')).toMatchObject({ series: key, part: 0 });
      expect(articles.find((a) => a.id === '9164')).toMatchObject({ series: 'my-ddpm-notes', part: null });
      expect(articles.find((a) => a.id === '9119')).toMatchObject({ series: key, part: 1 });
      expect(seriesName(key, articles, corrections)).toBe('扩散模型');
    }
  });

  it('applies corrections in the order they were made and keeps ones for articles not seen yet', () => {
    const articles = mergeArchive([], diffusion, [], T0).articles;
    const corrections: SeriesCorrection[] = [
      { kind: 'assign', articleId: '9152', seriesKey: null, at: T0 + 5 },
      { kind: 'assign', articleId: '9152', seriesKey: 'other', part: 7, at: T0 + 1 },
      { kind: 'assign', articleId: '99999', seriesKey: 'other', at: T0 + 2 },
    ];
    const out = regroupArticles(articles, corrections);
    expect(out.find((a) => a.id === '9152')).toMatchObject({ series: null, part: null, subpart: null });
    const later = mergeArchive(out, [{ id: '99999', title: '一篇新文章' }], corrections, T0 + DAY).articles;
    expect(later.find((a) => a.id === '99999')!.series).toBe('other');
  });

  it('skips malformed rows and keeps articles the archive no longer lists', () => {
    const first = mergeArchive([], diffusion, [], T0).articles;
    const r = mergeArchive(first, [{ id: 'abc', title: 'x' }, { id: '1', title: '   ' }, { id: '2', title: '标题', date: '13 Jun' }], [], T0 + DAY);
    expect(r.added).toEqual(['2']);
    expect(r.articles.find((a) => a.id === '2')!.date).toBe('');
    expect(r.articles.map((a) => a.id)).toEqual(['2', '9119', '9152', '9164']);
  });

  it('catalogs the whole archive', () => {
    const archive = loadArchiveTitles();
    const r = mergeArchive([], archive, [], T0);
    expect(r.articles.length).toBe(1295);
    expect(r.added.length).toBe(1295);
    const t = r.articles.find((a) => a.id === '10122')!;
    expect(t).toMatchObject({ part: 18 });
    expect(seriesName(t.series!, r.articles, [])).toBe('Transformer升级之路');
  });
});

describe('seriesName', () => {
  const rec = (id: string, title: string, series: string | null): ArticleRecord => ({
    id, title, earlierTitles: [], date: '', series, part: null, subpart: null, firstSeen: T0, lastSeen: T0, seenOn: ['archive'],
  });

  it('uses the newest member’s form of the name', () => {
    const articles = regroupArticles(
      [rec('1615', '费曼积分法——积分符号内取微分(1)', null), rec('1619', '费曼积分法——积分符号内取微分(2)', null), rec('1942', '费曼积分法(5)：欧拉数学的传承', null)],
      [],
    );
    expect(seriesName(articles[0].series!, articles, [])).toBe('费曼积分法');
  });

  it('names unnumbered columns from their prefix and falls back to the key', () => {
    const flows = ['细水长flow之NICE：流模型的基本概念与实现', '细水长flow之RealNVP与Glow：流模型的传承与升华', '细水长flow之f-VAEs：Glow与VAEs的联姻'];
    const articles = regroupArticles(flows.map((t, i) => rec(String(i + 1), t, null)), []);
    expect(seriesName(articles[0].series!, articles, [])).toBe('细水长flow');
    expect(seriesName('my-series', [rec('1', '随便', 'my-series')], [])).toBe('my-series');
  });

  it('takes the latest rename', () => {
    const c: SeriesCorrection[] = [
      { kind: 'rename', seriesKey: 'k', name: '新名', at: 2 },
      { kind: 'rename', seriesKey: 'k', name: '旧名', at: 1 },
    ];
    expect(seriesName('k', [], c)).toBe('新名');
  });
});

describe('extractCrossReferences', () => {
  it('lists 《…》 titles once, in order', () => {
    const text = '在《生成扩散模型漫谈（一）：DDPM = 拆楼 + 建楼》中我们……参考《Transformer升级之路：2、博采众长的旋转式位置编码》，再看《生成扩散模型漫谈（一）：DDPM = 拆楼 + 建楼》。《》';
    expect(extractCrossReferences(text)).toEqual(['生成扩散模型漫谈（一）：DDPM = 拆楼 + 建楼', 'Transformer升级之路：2、博采众长的旋转式位置编码']);
    expect(extractCrossReferences('no references')).toEqual([]);
  });
});
