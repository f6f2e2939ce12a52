import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { groupTitles } from '@/utils/series/group';
import { unnumberedNames } from '@/utils/series/unnumbered';

/** Real archive titles: [id, date, title]. */
type Row = [string, string, string];

const group = (rows: Row[], withDates = true) =>
  groupTitles(rows.map(([id, date, title]) => ({ id, title, ...(withDates && { date }) })));

/** The ids grouped together (one series, all of them), and nothing else in a series. */
function expectOneSeries(rows: Row[], withDates = true) {
  const g = group(rows, withDates);
  const keys = rows.map(([id]) => must(g.get(id), `the group of ${id}`).series);
  expect(keys[0], rows[0]?.[2]).not.toBeNull();
  expect(new Set(keys).size, rows.map((r) => r[2]).join(' | ')).toBe(1);
  return g;
}

function expectNoSeries(rows: Row[], withDates = true) {
  const g = group(rows, withDates);
  expect(rows.filter(([id]) => must(g.get(id), `the group of ${id}`).series !== null).map((r) => r[2])).toEqual([]);
}

describe('unnumbered series: each form with the evidence it needs', () => {
  it('“名”：副题 — a quoted name as the lead, twice or more', () => {
    const keras: Row[] = [
      ['5765', '2018-08-06', '“让Keras更酷一些！”：精巧的层与花式的回调'],
      ['5879', '2018-09-08', '“让Keras更酷一些！”：小众的自定义优化器'],
      ['6985', '2019-09-29', '“让Keras更酷一些！”：层与模型的重用技巧'],
    ];
    const g = expectOneSeries(keras);
    expect(g.get('5765')).toMatchObject({ part: null, subpart: null });
    expectNoSeries([must(keras[0], 'a Keras row'), ['1668', '2012-07-20', '“未解之谜”：为何不讲中点矩形法则？']]);
  });

  it('《名》:副题 and [名]副题 — a tag whose every use falls within a short span', () => {
    const textbook: Row[] = [
      ['1324', '2011-04-16', '《教材如何写》:我们需要怎样的数学教育？'],
      ['1328', '2011-04-16', '《教材如何写》:对于教材写法的一点考虑'],
      ['1329', '2011-04-19', '《教材如何写》:BoJone的粗浅看法'],
    ];
    expectOneSeries(textbook);
    expectOneSeries(textbook, false); // without dates, archive ids stand in for time
    const seti: Row[] = [
      ['1205', '2011-02-03', '[SETI-50周年]茫茫宇宙觅知音'],
      ['1237', '2011-02-06', '[SETI-50周年]送给外星人的礼物'],
    ];
    expectOneSeries(seti);
    expectOneSeries(seti, false);
    // A magazine named as the source, three years apart: a topic, not a series.
    const magazine: Row[] = [
      ['135', '2009-09-26', '《环球科学》：高温超导 “铁”的飞跃'],
      ['1790', '2012-11-26', '《环球科学》:超越费曼图'],
    ];
    expectNoSeries(magazine);
    expectNoSeries(magazine, false);
  });

  it('a tag used over years is a topic, however close some of its uses are', () => {
    expectNoSeries([
      ['1484', '2011-10-02', '[欧拉数学]素数有无穷多个的两个证明'],
      ['1496', '2011-11-17', '[欧拉数学]凸多面体的面、顶、棱公式'],
      ['1505', '2011-11-18', '[欧拉数学]黎曼ζ函数'],
      ['1510', '2011-11-19', '[欧拉数学]素数倒数之和'],
      ['1515', '2011-11-19', '[欧拉数学]素数定理及加强'],
      ['2059', '2013-09-09', '[欧拉数学]找出严谨的答案'],
      ['3680', '2016-03-20', '[欧拉数学]伯努利级数及相关级数的总结'],
    ]);
    expectNoSeries([
      ['1921', '2013-02-18', '[问题解答]有多少个5？'],
      ['1922', '2013-02-21', '[问题解答]有多少位数字？'],
      ['2587', '2014-05-04', '[问题解答]运煤车的最大路程（更正）'],
    ]);
  });

  it('a genre tag is never a series, even twice in two weeks', () => {
    expectNoSeries([
      ['4338', '2017-04-12', '【语料】百度的中文问答数据集WebQA'],
      ['4359', '2017-04-24', '【语料】2500万中文三元组！'],
    ]);
    expectNoSeries([
      ['2611', '2014-06-04', '【备忘】访问Google的方法（更新）'],
      ['2643', '2014-06-15', '【备忘】访问Google的几个方式'],
    ]);
    expectNoSeries([['9855', '2023-11-13', '【生活杂记】炒锅的尽头是铁锅']]);
    expectNoSeries([
      ['9855', '2023-11-13', '【生活杂记】炒锅的尽头是铁锅'],
      ['10240', '2024-07-17', '【生活杂记】用电饭锅来煮米汤'],
    ]);
  });

  it('名V0.1, 名V0.2 — versions of one work', () => {
    const g = expectOneSeries([
      ['3451', '2015-09-14', '《量子力学与路径积分》习题解答V0.1'],
      ['3476', '2015-10-17', '《量子力学与路径积分》习题解答V0.2'],
      ['3692', '2016-04-01', '《量子力学与路径积分》习题解答V0.5'],
    ]);
    expect(g.get('3476')).toMatchObject({ part: null });
    expectNoSeries([
      ['4114', '2016-11-29', '轻便的深度学习分词系统：NNCWS v0.1'],
      ['3451', '2015-09-14', '《量子力学与路径积分》习题解答V0.1'],
    ]);
  });

  it('名：理论篇 / 名：应用篇 — two different stages', () => {
    const theory: Row = ['8679', '2021-09-17', '让人惊叹的Johnson-Lindenstrauss引理：理论篇'];
    expectOneSeries([theory, ['8706', '2021-09-24', '让人惊叹的Johnson-Lindenstrauss引理：应用篇']]);
    expectNoSeries([theory]);
    expectNoSeries([theory, ['8680', '2021-09-18', '让人惊叹的Johnson-Lindenstrauss引理：理论篇']]);
    expectNoSeries([theory, ['8711', '2021-09-27', '关于维度公式“n > 8.33 log N”的可用性分析']]);
  });

  it('名浅探：… / 名再探：… — a second probe', () => {
    const first: Row = ['9768', '2023-09-16', '随机分词浅探：从Viterbi Decoding到Viterbi Sampling'];
    expectOneSeries([first, ['9811', '2023-10-16', '随机分词再探：从Viterbi Sampling到完美采样算法']]);
    expectNoSeries([first, ['2291', '2014-01-11', '几何的数与数的几何：超复数的浅探究']]);
    // Two first probes of one subject promise no sequel.
    expectNoSeries([first, ['9770', '2023-09-18', '随机分词浅探：一点补充']]);
  });

  it('名更新：… and 名…升级至v0.2.0 — update notes of one project', () => {
    const notes: Row[] = [
      ['10088', '2024-05-07', 'Cool Papers更新：简单搭建了一个站内检索系统'],
      ['10480', '2024-10-16', 'Cool Papers浏览器扩展升级至v0.2.0'],
      ['11250', '2025-08-25', 'Cool Papers更新：简单适配Zotero Connector'],
    ];
    const others: Row[] = [
      ['9907', '2023-12-25', '写了个刷论文的辅助网站：Cool Papers'],
      ['9978', '2024-02-02', '更便捷的Cool Papers打开方式：Chrome重定向扩展'],
    ];
    const g = expectOneSeries(notes);
    const withOthers = group([...others, ...notes]);
    expect(others.map(([id]) => must(withOthers.get(id), `the group of ${id}`).series)).toEqual([null, null]);
    expect(must(withOthers.get('10480'), 'the group of 10480').series).toBe(
      must(g.get('10480'), 'the group of 10480').series,
    );
    expectNoSeries([must(notes[1], 'a note'), must(others[0], 'another title')]);
    expectNoSeries([must(notes[0], 'a note'), ['5066', '2018-01-29', '网站更新记录（2018年01月）']]);
  });

  it('名之副题 — a lead word with 之, three times or more', () => {
    const home: Row[] = [
      ['9365', '2022-12-05', '智能家居之小爱同学控制极米投影仪的简单方案'],
      ['9405', '2023-01-04', '智能家居之热水器零冷水技术原理浅析'],
      ['10869', '2025-04-22', '智能家居之手搓一套能接入米家的零冷水装置'],
    ];
    expectOneSeries(home);
    expectNoSeries(home.slice(0, 2));
    expectNoSeries([
      ['590', '2010-04-04', '数值方法解方程之终极算法'],
      ['9938', '2024-01-14', '旁门左道之如何让Python的重试代码更加优雅'],
      ['3604', '2016-02-07', '年三十折腾极路由之SSH反向代理'],
    ]);
  });

  it('名 then 名之…（上）/（下）: the opening article joins the series it names', () => {
    const g = expectOneSeries([
      ['2071', '2013-09-26', '数学基本技艺(A Mathematical Trivium)'],
      ['2083', '2013-09-26', '数学基本技艺之23、24（上）'],
      ['2096', '2013-09-27', '数学基本技艺之23、24（下）'],
    ]);
    expect(['2071', '2083', '2096'].map((id) => must(g.get(id), `the group of ${id}`).subpart)).toEqual([
      null,
      '上',
      '下',
    ]);
  });

  it('…（上） alone is a series before its （下） is published; a lone part 1 is not', () => {
    const g = group([['11307', '2025-10-01', 'AdamW的Weight RMS的渐近估计（上）']]);
    expect(g.get('11307')).toMatchObject({ part: null, subpart: '上' });
    expect(must(g.get('11307'), 'the group of 11307').series).not.toBeNull();
    const later = group([
      ['11307', '2025-10-01', 'AdamW的Weight RMS的渐近估计（上）'],
      ['11404', '2025-11-17', 'AdamW的Weight RMS的渐近估计（下）'],
    ]);
    expect(must(later.get('11404'), 'later 11404').series).toBe(must(g.get('11307'), 'the group of 11307').series);
    expectNoSeries([
      ['8444', '2021-06-02', '我们可以无损放大一个Transformer模型吗（一）'],
      ['1683', '2012-08-02', '复分析学习1：揭示微分与积分的联系'],
      ['1439', '2011-07-25', '收谷问题(1)'],
    ]);
  });

  it('名, then 名2——…: an earlier title with the name, give or take two characters, is part 1', () => {
    const g = expectOneSeries([
      ['5', '2009-07-08', '计算：每年夏至的精确时刻'],
      ['906', '2010-08-29', '计算夏至的精确时刻2——提高精确度'],
    ]);
    expect([must(g.get('5'), 'the group of 5').part, must(g.get('906'), 'the group of 906').part]).toEqual([1, 2]);
    // Later than part 2, or further from the name: not part 1.
    expectNoSeries([
      ['906', '2010-08-29', '计算夏至的精确时刻2——提高精确度'],
      ['1000', '2010-10-23', '计算：每年夏至的精确时刻'],
    ]);
    expectNoSeries([
      ['5', '2009-07-08', '计算：每一年夏至的精确时刻'],
      ['906', '2010-08-29', '计算夏至的精确时刻2——提高精确度'],
    ]);
  });

  it('a plain colon lead, a shared word or a generic lead is no series, however often it recurs', () => {
    expectNoSeries([
      ['2550', '2014-04-25', '当概率遇上复变：解析概率'],
      ['2573', '2014-04-30', '当概率遇上复变：随机游走基本公式'],
      ['2609', '2014-06-04', '当概率遇上复变：随机游走与路径积分'],
      ['3188', '2015-01-13', '当概率遇上复变：从二项分布到泊松分布'],
    ]);
    expectNoSeries([
      ['4', '2009-07-07', '百科翻译：草原上的狐狸（Swift Fox）'],
      ['6', '2009-07-08', '百科翻译：氢氧化钠（NaOH）的详细介绍'],
      ['8', '2009-07-08', '百科翻译：臭氧的性质'],
      ['7', '2009-07-08', '科学空间：一种有趣的平方数'],
      ['14', '2009-07-09', '天文马拉松：观测国际空间站'],
      ['41', '2009-07-29', '继续观测国际空间站'],
    ]);
    expectNoSeries([
      ['7321', '2020-04-02', 'bert4keras在手，baseline我有：百度LIC2020'],
      ['8739', '2021-10-31', 'bert4keras在手，baseline我有：CLUE基准代码'],
      ['4819', '2018-01-23', '揭开迷雾，来一顿美味的Capsule盛宴'],
      ['5112', '2018-02-12', '再来一顿贺岁宴：从K-Means到Capsule'],
      ['5155', '2018-03-02', '三味Capsule：矩阵Capsule与EM路由'],
    ]);
  });
});

describe('unnumberedNames', () => {
  it('names a series as its titles write it, inside the quotes or brackets', () => {
    const name = (title: string, key: string) => unnumberedNames(title).find((n) => n.key === key)?.name;
    expect(name('“让Keras更酷一些！”：层中层与mask', '让keras更酷一些')).toBe('让Keras更酷一些！');
    expect(name('Cool Papers更新：简单适配Zotero Connector', 'coolpapers')).toBe('Cool Papers');
    expect(name('[SETI-50周年]送给外星人的礼物', 'seti50周年')).toBe('SETI-50周年');
    expect(name('《量子力学与路径积分》习题解答V0.2', '量子力学与路径积分习题解答')).toBe(
      '《量子力学与路径积分》习题解答',
    );
    expect(name('让人惊叹的Johnson-Lindenstrauss引理：应用篇', '让人惊叹的johnsonlindenstrauss引理')).toBe(
      '让人惊叹的Johnson-Lindenstrauss引理',
    );
  });
});
