import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import type { ArticleRecord, SeriesCorrection } from '@/utils/db/model';
import { regroupArticles, seriesName } from '@/utils/series/catalog';
import { seriesKey } from '@/utils/series/parse';
import { loadArchiveTitles } from './corpus';
import { records } from './records';

const T0 = 1_700_000_000_000;

const byId = (articles: ArticleRecord[], id: string) =>
  must(
    articles.find((a) => a.id === id),
    `article ${id}`,
  );
const seriesOf = (article: ArticleRecord | undefined) => must(article?.series, 'a series key');

const diffusion = [
  { id: '9119', title: '生成扩散模型漫谈（一）：DDPM = 拆楼 + 建楼', date: '2022-06-13' },
  { id: '9152', title: '生成扩散模型漫谈（二）：DDPM = 自回归式VAE', date: '2022-07-06' },
  { id: '9164', title: '生成扩散模型漫谈（三）：DDPM = 贝叶斯 + 去噪', date: '2022-07-19' },
];

describe('regroupArticles', () => {
  it('gives every article of the catalog its series and part', () => {
    const articles = regroupArticles(records([...diffusion, { id: '35', title: '一道自然数的数学题' }], T0), []);
    expect(articles.map((a) => a.id)).toEqual(['9119', '9152', '9164', '35']);
    const a = byId(articles, '9152');
    expect(a).toMatchObject({ title: diffusion[1]?.title, part: 2, subpart: null });
    expect(a.series).toBe(seriesKey('生成扩散模型漫谈'));
    expect(byId(articles, '35').series).toBeNull();
  });

  it('regroups over the whole catalog: a new part makes an earlier unnumbered title part 1', () => {
    const first = regroupArticles(records([{ id: '782', title: '旋转的弹簧将如何伸长？' }]), []);
    expect(first[0]?.series).toBeNull();
    const second = regroupArticles([...first, ...records([{ id: '826', title: '旋转的弹簧将如何伸长(2)？' }])], []);
    expect(second.map((a) => [a.id, a.part])).toEqual([
      ['782', 1],
      ['826', 2],
    ]);
    expect(seriesOf(second[0])).toBe(seriesOf(second[1]));
  });

  it('lets user corrections win over the parser and survive refreshes', () => {
    const base = regroupArticles(records([...diffusion, { id: '9098', title: '如何训练你的准确率？' }]), []);
    const key = seriesOf(byId(base, '9119'));
    const corrections: SeriesCorrection[] = [
      // Merge an unrelated article into the series as part 0 (a prologue), and split part 3 out of it.
      { kind: 'assign', articleId: '9098', seriesKey: key, part: 0, at: T0 + 1 },
      { kind: 'assign', articleId: '9164', seriesKey: 'my-ddpm-notes', at: T0 + 2 },
      { kind: 'rename', seriesKey: key, name: '扩散模型', at: T0 + 3 },
    ];
    const refreshed = regroupArticles(base, corrections);
    const again = regroupArticles(refreshed, corrections);
    for (const articles of [refreshed, again]) {
      expect(articles.find((a) => a.id === '9098')).toMatchObject({ series: key, part: 0 });
      expect(articles.find((a) => a.id === '9164')).toMatchObject({ series: 'my-ddpm-notes', part: null });
      expect(articles.find((a) => a.id === '9119')).toMatchObject({ series: key, part: 1 });
      expect(seriesName(key, articles, corrections)).toBe('扩散模型');
    }
  });

  it('applies corrections in the order they were made and keeps ones for articles not seen yet', () => {
    const articles = regroupArticles(records(diffusion), []);
    const corrections: SeriesCorrection[] = [
      { kind: 'assign', articleId: '9152', seriesKey: null, at: T0 + 5 },
      { kind: 'assign', articleId: '9152', seriesKey: 'other', part: 7, at: T0 + 1 },
      { kind: 'assign', articleId: '99999', seriesKey: 'other', at: T0 + 2 },
    ];
    const out = regroupArticles(articles, corrections);
    expect(out.find((a) => a.id === '9152')).toMatchObject({ series: null, part: null, subpart: null });
    const later = regroupArticles([...out, ...records([{ id: '99999', title: '一篇新文章' }])], corrections);
    expect(byId(later, '99999').series).toBe('other');
  });

  it('an unnumbered series formed only once its second article arrives still obeys an earlier correction', () => {
    const theory = { id: '8679', title: '让人惊叹的Johnson-Lindenstrauss引理：理论篇', date: '2021-09-17' };
    const application = { id: '8706', title: '让人惊叹的Johnson-Lindenstrauss引理：应用篇', date: '2021-09-24' };
    const alone = regroupArticles(records([theory]), []);
    expect(alone[0]?.series).toBeNull();
    // The reader files the theory part under a series of their own before the application part is published.
    const corrections: SeriesCorrection[] = [{ kind: 'assign', articleId: '8679', seriesKey: 'jl', at: T0 }];
    const both = regroupArticles([...regroupArticles(alone, corrections), ...records([application])], corrections);
    const grouped = regroupArticles(records([theory, application]), []);
    expect(both.map((a) => a.series)).toEqual(['jl', seriesOf(grouped[1])]);
    // Without the correction the two are one series, named as the titles write it.
    expect(seriesOf(grouped[0])).toBe(seriesOf(grouped[1]));
    expect(seriesName(seriesOf(grouped[0]), grouped, [])).toBe('让人惊叹的Johnson-Lindenstrauss引理');
  });

  it('catalogs the whole archive', () => {
    const articles = regroupArticles(records(loadArchiveTitles()), []);
    expect(articles.length).toBe(1295);
    const t = byId(articles, '10122');
    expect(t).toMatchObject({ part: 18 });
    expect(seriesName(seriesOf(t), articles, [])).toBe('Transformer升级之路');
    const name = (id: string) => seriesName(seriesOf(byId(articles, id)), articles, []);
    expect(['10480', '5765', '1205', '3451', '9365', '2096', '316'].map(name)).toEqual([
      'Cool Papers',
      '让Keras更酷一些！',
      'SETI-50周年',
      '《量子力学与路径积分》习题解答',
      '智能家居',
      '数学基本技艺',
      '每月天象',
    ]);
  });
});

describe('seriesName', () => {
  const rec = (id: string, title: string, series: string | null): ArticleRecord => ({
    id,
    title,
    earlierTitles: [],
    date: '',
    series,
    part: null,
    subpart: null,
    firstSeen: T0,
    lastSeen: T0,
    seenOn: ['archive'],
  });

  it('uses the newest member’s form of the name', () => {
    const articles = regroupArticles(
      [
        rec('1615', '费曼积分法——积分符号内取微分(1)', null),
        rec('1619', '费曼积分法——积分符号内取微分(2)', null),
        rec('1942', '费曼积分法(5)：欧拉数学的传承', null),
      ],
      [],
    );
    expect(seriesName(seriesOf(articles[0]), articles, [])).toBe('费曼积分法');
  });

  it('names unnumbered columns from their prefix and falls back to the key', () => {
    const flows = [
      '细水长flow之NICE：流模型的基本概念与实现',
      '细水长flow之RealNVP与Glow：流模型的传承与升华',
      '细水长flow之f-VAEs：Glow与VAEs的联姻',
    ];
    const articles = regroupArticles(
      flows.map((t, i) => rec(String(i + 1), t, null)),
      [],
    );
    expect(seriesName(seriesOf(articles[0]), articles, [])).toBe('细水长flow');
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
