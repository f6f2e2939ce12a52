import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { groupTitles, type SeriesAssignment, type TitleRow } from '@/utils/series/group';
import { loadArchiveTitles, loadSample } from './corpus';

/** Pairwise scores: pairs of distinct ids that share a series, predicted vs labelled. */
function pairwise(ids: string[], label: (id: string) => string | null, predicted: (id: string) => string | null) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [i, a] of ids.entries()) {
    for (const b of ids.slice(i + 1)) {
      const la = label(a);
      const pa = predicted(a);
      const sameLabel = la !== null && la === label(b);
      const samePred = pa !== null && pa === predicted(b);
      if (sameLabel && samePred) tp++;
      else if (samePred) fp++;
      else if (sameLabel) fn++;
    }
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  return { tp, fp, fn, precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

/**
 * B-cubed scores (Bagga & Baldwin): per article, the share of its predicted cluster that shares its label (precision)
 * and the share of its labelled cluster that it was grouped with (recall), averaged over articles. An article in no
 * series is a cluster of its own, on either side.
 */
function bcubed(ids: string[], label: (id: string) => string | null, predicted: (id: string) => string | null) {
  const clusterOf = (f: (id: string) => string | null) => {
    const members = new Map<string, string[]>();
    for (const id of ids) {
      const k = f(id) ?? `\u0000${id}`;
      const list = members.get(k);
      if (list) list.push(id);
      else members.set(k, [id]);
    }
    return (id: string) => new Set(must(members.get(f(id) ?? `\u0000${id}`), `the cluster of ${id}`));
  };
  const predictedCluster = clusterOf(predicted);
  const labelledCluster = clusterOf(label);
  let p = 0;
  let r = 0;
  for (const id of ids) {
    const pc = predictedCluster(id);
    const lc = labelledCluster(id);
    const both = [...pc].filter((x) => lc.has(x)).length;
    p += both / pc.size;
    r += both / lc.size;
  }
  const precision = p / ids.length;
  const recall = r / ids.length;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

describe('groupTitles on the labelled sample (titles-sample.tsv)', () => {
  const sample = loadSample();
  const groups = groupTitles(sample.map((r) => ({ id: r.id, title: r.title, lang: r.lang })));
  // One label per article id (the Chinese and English rows of an id carry the same label).
  const labels = new Map(sample.map((r) => [r.id, r]));
  const ids = [...labels.keys()];

  it('reaches pairwise F1 ≥ 0.97 and B-cubed F1 ≥ 0.98 with precision 1.00', () => {
    const label = (id: string) => must(labels.get(id), `labels ${id}`).series || null;
    const predicted = (id: string) => must(groups.get(id), `the group of ${id}`).series;
    const s = pairwise(ids, label, predicted);
    const b = bcubed(ids, label, predicted);
    console.info(
      `series sample (${ids.length} articles): ` +
        `pairwise precision ${s.precision.toFixed(4)}, recall ${s.recall.toFixed(4)}, F1 ${s.f1.toFixed(4)} ` +
        `(tp ${s.tp}, fp ${s.fp}, fn ${s.fn}); ` +
        `B-cubed precision ${b.precision.toFixed(4)}, recall ${b.recall.toFixed(4)}, F1 ${b.f1.toFixed(4)}`,
    );
    expect(s.precision).toBe(1);
    expect(b.precision).toBe(1);
    expect(s.f1).toBeGreaterThanOrEqual(0.97);
    expect(b.f1).toBeGreaterThanOrEqual(0.98);
  });

  it('invents no series among the titles labelled as belonging to none', () => {
    const invented = sample
      .filter((r) => !r.series && must(groups.get(r.id), `the group of ${r.id}`).series !== null)
      .map((r) => r.title);
    expect(invented).toEqual([]);
    expect(sample.filter((r) => !r.series).length).toBeGreaterThanOrEqual(236);
  });

  it('gives every labelled article its part and sub-part', () => {
    const wrong = sample
      .filter((r) => r.series)
      .filter((r) => {
        const got = must(groups.get(r.id), `the group of ${r.id}`);
        return got.part !== r.part || got.subpart !== r.subpart;
      })
      .map((r) => ({ title: r.title, label: [r.part, r.subpart], got: groups.get(r.id) }));
    expect(wrong).toEqual([]);
  });

  it('maps each labelled series to exactly one key and back', () => {
    const keysOf = new Map<string, Set<string | null>>();
    for (const r of sample.filter((x) => x.series)) {
      const keys = keysOf.get(r.series) ?? new Set();
      keys.add(must(groups.get(r.id), `the group of ${r.id}`).series);
      keysOf.set(r.series, keys);
    }
    expect(keysOf.size).toBe(27);
    for (const [label, keys] of keysOf) expect([label, keys.size]).toEqual([label, 1]);
    const allKeys = [...keysOf.values()].map((k) => [...k][0]);
    expect(new Set(allKeys).size).toBe(allKeys.length);
  });

  it('gives an English title the series of its archive id', () => {
    for (const id of ['11494', '11540', '11619', '11626']) {
      const zh = must(
        sample.find((r) => r.id === id && r.lang === 'zh'),
        `the Chinese row of ${id}`,
      );
      expect(must(groups.get(id), `the group of ${id}`).series).not.toBeNull();
      expect(must(groups.get(id), `the group of ${id}`).part).toBe(zh.part);
    }
  });
});

describe('groupTitles over the whole archive (content.html)', () => {
  const archive = loadArchiveTitles();

  it('reads all 1,295 entries and groups them without crashing', () => {
    expect(archive.length).toBe(1295);
    expect(new Set(archive.map((a) => a.id)).size).toBe(1295);
    const groups = groupTitles(archive);
    expect(groups.size).toBe(1295);

    const bySeries = new Map<string, { id: string; title: string; a: SeriesAssignment }[]>();
    for (const row of archive) {
      const a = must(groups.get(row.id), `the group of ${row.id}`);
      if (a.series === null) continue;
      bySeries.set(a.series, [...(bySeries.get(a.series) ?? []), { ...row, a }]);
    }
    const members = [...bySeries.values()].reduce((n, l) => n + l.length, 0);
    const numbered = [...bySeries.values()].filter((l) => l.some((m) => m.a.part !== null)).length;
    const largest = [...bySeries]
      .sort((x, y) => y[1].length - x[1].length)
      .slice(0, 5)
      .map(([k, l]) => `${k} ${l.length}`);
    console.info(
      `series archive: ${bySeries.size} series (${numbered} numbered, ${bySeries.size - numbered} columns), ` +
        `${members} of ${archive.length} articles in a series; largest: ${largest.join(', ')}`,
    );

    // Sanity: every series has ≥ 2 members and, inside a numbered series, no part/sub-part pair is used twice.
    for (const [key, list] of bySeries) {
      expect(list.length, key).toBeGreaterThanOrEqual(2);
      const slots = list.filter((m) => m.a.part !== null).map((m) => `${m.a.part}${m.a.subpart ?? ''}`);
      expect(new Set(slots).size, key).toBe(slots.length);
    }
    expect(bySeries.size).toBeGreaterThanOrEqual(50);
    expect(bySeries.size).toBeLessThanOrEqual(80);

    const at = (id: string) => must(groups.get(id), `the group of ${id}`);
    // The biggest real series, complete and in order.
    const diffusion = archive.filter((r) => r.title.startsWith('生成扩散模型漫谈'));
    expect(diffusion.length).toBe(31);
    expect(new Set(diffusion.map((r) => at(r.id).series)).size).toBe(1);
    expect(diffusion.map((r) => at(r.id).part).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(
      Array.from({ length: 31 }, (_, i) => i + 1),
    );
    // Recurring columns.
    expect(
      new Set(archive.filter((r) => r.title.startsWith('【NASA每日一图】')).map((r) => at(r.id).series)).size,
    ).toBe(1);
    expect(at('45').series).not.toBeNull();
    const monthly = archive.filter((r) => /^科学空间：\d+年\d+月重要天象$/.test(r.title));
    expect(monthly.length).toBe(22);
    expect(new Set(monthly.map((r) => at(r.id).series)).size).toBe(1);
    const firstMonth = must(monthly[0], 'the first monthly column').id;
    expect(at(firstMonth).series).not.toBeNull();
    const flows = archive.filter((r) => r.title.startsWith('细水长flow之'));
    expect(flows.length).toBe(5);
    expect(new Set(flows.map((r) => at(r.id).series)).size).toBe(1);
    // The monthly column under a festive lead.
    for (const id of ['316', '368', '1190']) expect([id, at(id).series]).toEqual([id, at(firstMonth).series]);
    // Unnumbered series, each complete.
    const same = (ids: string[]) => {
      const first = must(ids[0], 'a first id');
      expect(at(first).series, first).not.toBeNull();
      for (const id of ids) expect([id, at(id).series]).toEqual([id, at(first).series]);
    };
    same(archive.filter((r) => r.title.startsWith('“让Keras更酷一些！”')).map((r) => r.id));
    same(['1324', '1328', '1329']); // 《教材如何写》:…
    same(['1205', '1237']); // [SETI-50周年]…
    same(['3451', '3476', '3522', '3582', '3692']); // …习题解答V0.1 … V0.5
    same(['8679', '8706']); // …引理：理论篇 / 应用篇
    same(['9768', '9811']); // 随机分词浅探 / 再探
    same(['9365', '9405', '10869']); // 智能家居之…
    same(['10088', '10480', '11250']); // Cool Papers更新 / 升级至v0.2.0
    same(['2071', '2083', '2096']); // 数学基本技艺(…) and 数学基本技艺之23、24（上）/（下）
    expect([at('5').part, at('906').part, at('5').series]).toEqual([1, 2, at('906').series]);
    // Genre tags, topic tags used over years and shared colon prefixes are no series, even when they recur.
    const none = [
      '2643',
      '3680',
      '1484',
      '1515',
      '1797',
      '5067',
      '4',
      '7',
      '2609',
      '4338',
      '9855',
      '135',
      '1790',
      '7321',
      '8888',
      '9907',
      '1349',
      '4819',
    ];
    for (const id of none) expect([id, at(id).series]).toEqual([id, null]);
  });
});

describe('groupTitles rules', () => {
  const rows = (titles: [string, string][]): TitleRow[] => titles.map(([id, title]) => ({ id, title }));

  it('joins one series written under two forms (名——…(1) then 名(5)：题)', () => {
    const g = groupTitles(
      rows([
        ['1615', '费曼积分法——积分符号内取微分(1)'],
        ['1619', '费曼积分法——积分符号内取微分(2)'],
        ['1629', '费曼积分法——积分符号内取微分(3)'],
        ['1637', '费曼积分法——积分符号内取微分(4)'],
        ['1942', '费曼积分法(5)：欧拉数学的传承'],
        ['1967', '费曼积分法(8)：求高斯积分'],
      ]),
    );
    expect(new Set([...g.values()].map((a) => a.series)).size).toBe(1);
    expect([...g.values()].map((a) => a.part)).toEqual([1, 2, 3, 4, 5, 8]);
  });

  it('makes the earlier unnumbered title the implicit part 1', () => {
    const g = groupTitles(
      rows([
        ['782', '旋转的弹簧将如何伸长？'],
        ['826', '旋转的弹簧将如何伸长(2)？'],
        ['1311', '重提“旋转弹簧伸长”问题（变分解法）'],
      ]),
    );
    expect(g.get('782')).toEqual({ series: must(g.get('826'), 'the group of 826').series, part: 1, subpart: null });
    expect(must(g.get('826'), 'the group of 826').part).toBe(2);
    expect(must(g.get('1311'), 'the group of 1311').series).toBeNull();
    const turtles = groupTitles(
      rows([
        ['344', '【龟猫记】家里多了几只小动物'],
        ['429', '【龟猫记2】之“百合花开”'],
        ['7961', '【龟鱼记】全陶粒的同程底滤生态缸'],
      ]),
    );
    expect(turtles.get('344')).toMatchObject({ part: 1 });
    expect(turtles.get('429')).toMatchObject({ part: 2, series: must(turtles.get('344'), 'the group of 344').series });
    expect(must(turtles.get('7961'), 'the group of 7961').series).toBeNull();
  });

  it('does not number an unnumbered member that is not the first', () => {
    const g = groupTitles(
      rows([
        ['549', '《方程与宇宙》:二体问题的来来去去(一)'],
        ['561', '《方程与宇宙》:活力积分和开普勒方程(二)'],
        ['1268', '《方程与宇宙》:一种有趣的三体问题坐标'],
      ]),
    );
    expect(g.get('1268')).toEqual({ series: must(g.get('549'), 'the group of 549').series, part: null, subpart: null });
  });

  it('turns numeric sub-parts of one part into 上/下, and drops a lone one', () => {
    const g = groupTitles(
      rows([
        ['3781', 'OCR技术浅探：2. 背景与假设'],
        ['3785', 'OCR技术浅探：3. 特征提取(1)'],
        ['3802', 'OCR技术浅探：3. 特征提取(2)'],
        ['701', '《向量》系列——1.向心力公式证明'],
        ['740', '《向量》系列——3.当天体力学遇到向量(1)'],
      ]),
    );
    expect([
      must(g.get('3785'), 'the group of 3785').subpart,
      must(g.get('3802'), 'the group of 3802').subpart,
    ]).toEqual(['上', '下']);
    expect(must(g.get('3785'), 'the group of 3785').part).toBe(3);
    expect(g.get('740')).toMatchObject({ part: 3, subpart: null });
  });

  it('needs two members: a lone numbered title is no series', () => {
    const g = groupTitles(
      rows([
        ['8444', '我们可以无损放大一个Transformer模型吗（一）'],
        ['1727', '哥德巴赫猜想浅谈1'],
        ['45', '【NASA每日一图】木星的新疤痕'],
      ]),
    );
    expect([...g.values()].every((a) => a.series === null)).toBe(true);
  });

  it('never makes a series of unrelated titles that share a word or a prefix', () => {
    const g = groupTitles(
      rows([
        ['1754', '分享：孟岩的《理解矩阵》一文'],
        ['6534', '分享：用LaTeX+MathJax画一个三维三阶环方'],
        ['5067', '【分享】千万级百度知道语料'],
        ['8679', '让人惊叹的Johnson-Lindenstrauss引理：理论篇'],
        ['2320', '三个相切圆的公切圆'],
        ['2333', '三个相切圆的公切圆:补充'],
        ['1008', 'Transformer的一个理论缺陷'],
        ['1009', 'Transformer的另一个理论缺陷'],
        ['1665', '【备忘】在自己的电脑上搭建服务器'],
        ['2643', '【备忘】访问Google的几个方式'],
        ['3327', '【备忘】维基百科与DNSCrypt'],
        ['2550', '当概率遇上复变：解析概率'],
        ['2573', '当概率遇上复变：随机游走基本公式'],
        ['2609', '当概率遇上复变：随机游走与路径积分'],
      ]),
    );
    expect([...g.entries()].filter(([, a]) => a.series !== null)).toEqual([]);
  });

  it('makes a column of an unnumbered prefix only when it recurs at least three times', () => {
    const flows = [
      '细水长flow之NICE：流模型的基本概念与实现',
      '细水长flow之RealNVP与Glow：流模型的传承与升华',
      '细水长flow之f-VAEs：Glow与VAEs的联姻',
    ];
    const three = groupTitles(rows(flows.map((t, i) => [String(5776 + i), t])));
    expect(new Set([...three.values()].map((a) => a.series)).size).toBe(1);
    expect([...three.values()][0]).toMatchObject({ part: null, subpart: null });
    expect(must([...three.values()][0], 'a group').series).not.toBeNull();
    const two = groupTitles(rows(flows.slice(0, 2).map((t, i) => [String(5776 + i), t])));
    expect([...two.values()].every((a) => a.series === null)).toBe(true);
  });

  it('lets an English-only title join the Chinese series its English name is known under', () => {
    const g = groupTitles([
      { id: '11619', title: 'MoE环游记：6、最优分配促均衡', lang: 'zh' },
      { id: '11619', title: 'A Tour of MoE: 6. Optimal allocation for better balance', lang: 'en' },
      { id: '10945', title: 'MoE环游记：5、均匀分布的反思' },
      { id: '11700', title: 'A Tour of MoE: 8. A hypothetical next part' },
      { id: '11654', title: 'A Muon implementation idea based on streaming power iteration' },
    ]);
    expect(g.get('11700')).toEqual({
      series: must(g.get('10945'), 'the group of 10945').series,
      part: 8,
      subpart: null,
    });
    expect(must(g.get('11619'), 'the group of 11619').part).toBe(6);
    expect(must(g.get('11654'), 'the group of 11654').series).toBeNull();
  });

  it('groups English-only titles of one series among themselves', () => {
    const g = groupTitles(
      rows([
        ['1', 'Rethinking Learning Rate and Batch Size (I): Status Quo'],
        ['2', 'Rethinking Learning Rate and Batch Size (II): Mean Field'],
      ]),
    );
    expect(g.get('1')).toMatchObject({ part: 1 });
    expect(g.get('2')).toMatchObject({ part: 2, series: must(g.get('1'), 'the group of 1').series });
  });
});
