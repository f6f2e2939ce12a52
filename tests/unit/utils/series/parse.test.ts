import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { parseChineseNumeral, parseRomanNumeral } from '@/utils/series/numerals';
import {
  foldWidth,
  looksLikeSeriesTitle,
  parseSeriesTitle,
  seriesKey,
  titleNameCandidates,
} from '@/utils/series/parse';

type Row = [
  title: string,
  name: string,
  part: number | null,
  subpart?: '上' | '中' | '下' | null,
  subIndex?: number | null,
];

/** Real titles of the blog (archive fixture or the English version), one or more per format. */
const TABLE: Record<string, Row[]> = {
  '名（一）：题 (full-width)': [
    ['变分自编码器（一）：原来是这么一回事', '变分自编码器', 1],
    ['让炼丹更科学一些（三）：SGD的终点损失收敛', '让炼丹更科学一些', 3],
    ['“闭门造车”之多模态思路浅谈（二）：自回归', '“闭门造车”之多模态思路浅谈', 2],
    ['重新思考学习率与Batch Size（四）：EMA', '重新思考学习率与Batch Size', 4],
  ],
  '名(一)：题 (half-width parens)': [
    ['SVD分解(一)：自编码器与人工智能', 'SVD分解', 1],
    ['更别致的词向量模型(六)：代码、分享与结语', '更别致的词向量模型', 6],
    ['费曼积分法(5)：欧拉数学的传承', '费曼积分法', 5],
  ],
  '名：18、题': [
    ['Transformer升级之路：18、RoPE的底数选择原则', 'Transformer升级之路', 18],
    ['MoE环游记：1、从几何意义出发', 'MoE环游记', 1],
  ],
  '名：5. 题': [
    ['流形上的最速下降：5. 对偶梯度下降', '流形上的最速下降', 5],
    ['路径积分系列：1.我的毕业论文', '路径积分系列', 1],
    ['OCR技术浅探：9. 代码共享(完)', 'OCR技术浅探', 9],
  ],
  'number advances while 上/中/下 continue': [
    ['生成扩散模型漫谈（十四）：构建ODE的一般步骤（上）', '生成扩散模型漫谈', 14, '上'],
    ['生成扩散模型漫谈（十五）：构建ODE的一般步骤（中）', '生成扩散模型漫谈', 15, '中'],
    ['生成扩散模型漫谈（十七）：构建ODE的一般步骤（下）', '生成扩散模型漫谈', 17, '下'],
    ['Transformer升级之路：20、MLA好在哪里?（上）', 'Transformer升级之路', 20, '上'],
  ],
  'numeric sub-parts 3. 特征提取(1)/(2)': [
    ['OCR技术浅探：3. 特征提取(1)', 'OCR技术浅探', 3, null, 1],
    ['OCR技术浅探：3. 特征提取(2)', 'OCR技术浅探', 3, null, 2],
  ],
  '名（上）/（下） alone': [
    ['AdamW的Weight RMS的渐近估计（上）', 'AdamW的Weight RMS的渐近估计', null, '上'],
    ['算子与线性常微分方程(下)', '算子与线性常微分方程', null, '下'],
    ['数学基本技艺之23、24（下）', '数学基本技艺之23、24', null, '下'],
  ],
  '【名】 1. 题': [
    ['【中文分词系列】 1. 基于AC自动机的快速分词', '中文分词系列', 1],
    ['【理解黎曼几何】8. 处处皆几何 (力学几何化)', '理解黎曼几何', 8],
    ['【不可思议的Word2Vec】 1.数学原理', '不可思议的Word2Vec', 1],
  ],
  '【名】⋅（一）题': [['【搜出来的文本】⋅（四）通过增、删、改来用词造句', '搜出来的文本', 4]],
  '【名N】': [['【龟猫记2】之“百合花开”', '龟猫记', 2]],
  '《名1》：题': [
    ['《新理解矩阵1》：矩阵是什么？', '新理解矩阵', 1],
    ['《新理解矩阵6》：为什么只有方阵有行列式？', '新理解矩阵', 6],
  ],
  '《名》系列——3.题': [
    ['《向量》系列——3.当天体力学遇到向量(1)', '《向量》系列', 3, null, 1],
    ['《自然极值》系列——8.极值分析', '《自然极值》系列', 8],
  ],
  '《名(3)》——题': [['《虚拟的实在(3)》——相对论动力学', '虚拟的实在', 3]],
  '《名》:题(N) and a leading tag': [
    ['《方程与宇宙》:二体问题的来来去去(一)', '方程与宇宙', 1],
    ['《方程与宇宙》：三体问题和它的初积分(六)', '方程与宇宙', 6],
    ['[春礼]《方程与宇宙》:圆形限制性三体问题(七)', '方程与宇宙', 7],
  ],
  'one series under two forms': [
    ['费曼积分法——积分符号内取微分(1)', '费曼积分法——积分符号内取微分', 1],
    ['费曼积分法(8)：求高斯积分', '费曼积分法', 8],
  ],
  'trailing (2) / （二）': [
    ['旋转的弹簧将如何伸长(2)？', '旋转的弹簧将如何伸长', 2],
    ['精确自由落体运动定律的讨论(二)', '精确自由落体运动定律的讨论', 2],
    ['力学系统及其对偶性（三）', '力学系统及其对偶性', 3],
    ['电偶极子浅探（2）', '电偶极子浅探', 2],
    ['“熵”不起：从熵、最大熵原理到最大熵模型（三）', '“熵”不起：从熵、最大熵原理到最大熵模型', 3],
  ],
  'digits right after the name': [
    ['素数之美2：Bertrand假设的证明', '素数之美', 2],
    ['计算夏至的精确时刻2——提高精确度', '计算夏至的精确时刻', 2],
  ],
  'Chinese numerals up to 九十九': [
    ['生成扩散模型漫谈（三十一）：预测数据而非噪声', '生成扩散模型漫谈', 31],
    ['生成扩散模型漫谈（九十九）：假想的标题', '生成扩散模型漫谈', 99],
    ['从费马大定理谈起（十二）：再谈谈切线法', '从费马大定理谈起', 12],
  ],
  'English titles': [
    ['A Tour of MoE: 7. The minimalist solution to dynamic activation', 'A Tour of MoE', 7],
    ['Rethinking Learning Rate and Batch Size (IV): EMA', 'Rethinking Learning Rate and Batch Size', 4],
    [
      'Make Model Alchemy a Bit More Scientific (IV): New Identities, New Learning Rates',
      'Make Model Alchemy a Bit More Scientific',
      4,
    ],
  ],
};

/** The series a title names, which the test knows it names. */
const parsed = (title: string) => must(parseSeriesTitle(title), `a series in ${title}`);

describe('parseSeriesTitle', () => {
  for (const [format, rows] of Object.entries(TABLE)) {
    it.each(rows)(`${format}: %s`, (title, name, part, subpart = null, subIndex = null) => {
      const r = parseSeriesTitle(title);
      expect(r).not.toBeNull();
      expect(r).toMatchObject({ name, part, subpart, subIndex, kind: 'numbered' });
      expect(r?.key).toBe(seriesKey(name));
    });
  }

  it('reads periodic columns without a part, and genre tags only as tags', () => {
    expect(parseSeriesTitle('【NASA每日一图】木星的新疤痕')).toMatchObject({
      name: 'NASA每日一图',
      part: null,
      kind: 'column',
    });
    expect(parseSeriesTitle('[欧拉数学]黎曼ζ函数')).toMatchObject({ name: '欧拉数学', part: null, kind: 'tag' });
    expect(parseSeriesTitle('【备忘】访问Google的几个方式')).toMatchObject({ name: '备忘', kind: 'tag' });
    expect(parseSeriesTitle('《方程与宇宙》:一种有趣的三体问题坐标')).toMatchObject({
      name: '方程与宇宙',
      part: null,
      kind: 'tag',
    });
  });

  it('puts the monthly and the yearly sky events into one column each', () => {
    // The lead changes now and then (新年新天象：, 新年快乐：, 新春快乐！): the month's sky events are the column.
    const monthly = [
      '科学空间：2009年8月重要天象',
      '科学空间：2011年9月重要天象',
      '2010年1月天象',
      '新年新天象：2010年1月重要天象',
      '新年快乐：2010年2月重要天象',
      '新春快乐！2011年2月重要天象',
    ];
    expect(new Set(monthly.map((t) => parseSeriesTitle(t)?.key)).size).toBe(1);
    expect(parsed(must(monthly[0], 'a monthly title')).kind).toBe('column');
    const yearly = ['2010年全年天象', '2012年全年天象大观', '2012年天象'];
    expect(new Set(yearly.map((t) => parseSeriesTitle(t)?.key)).size).toBe(1);
    expect(parsed(must(monthly[0], 'a monthly title')).key).not.toBe(parsed(must(yearly[0], 'a yearly title')).key);
    for (const t of [
      '本月的天象预报暂停...',
      '2010年4月全球天文月(One People,One Sky)',
      '【空间天文网】2010年天文月历',
      '科学空间：一种有趣的平方数',
      '2009年英仙座流星雨观测',
    ]) {
      expect(parseSeriesTitle(t)?.kind, t).not.toBe('column');
    }
  });

  it('gives the same key to the same series under different title forms and widths', () => {
    const keys = [
      '费曼积分法——积分符号内取微分(1)',
      '费曼积分法(5)：欧拉数学的传承',
      '费曼积分法（6）：教科书上的两道练习题',
    ].map((t) => parsed(t).key);
    expect(new Set(keys).size).toBe(1);
    expect(parsed('让炼丹更科学一些(一):SGD的平均损失收敛').key).toBe(
      parsed('让炼丹更科学一些（二）：将结论推广到无界域').key,
    );
    expect(parsed('【中文分词系列】 1. 基于AC自动机的快速分词').key).toBe(parsed('中文分词系列：2. 假想').key);
    expect(parsed('Make model alchemy a bit more scientific (VI): an exquisite top-down construction').key).toBe(
      parsed('Make Model Alchemy a Bit More Scientific (IV): New Identities, New Learning Rates').key,
    );
  });

  it.each([
    '细水长flow之NICE：流模型的基本概念与实现',
    '旋转的弹簧将如何伸长？',
    'Project Euler 454 ：五天攻下“擂台”',
    'RoFormerV2：自然语言理解的极限探索',
    'exp(x)在x=0处的偶次泰勒展开式总是正的',
    '端到端的腾讯验证码识别（46%正确率）',
    '关于维度公式“n > 8.33 log N”的可用性分析',
    '第1000篇文章',
    '你好，2011！',
    '2009.7.22日全食各地区模拟(Flash)',
    '【语料】2500万中文三元组！',
    'A Memoir of Attention Residuals',
    '',
  ])('finds no numbered series in %j', (title) => {
    expect(parseSeriesTitle(title)?.kind ?? null).not.toBe('numbered');
  });

  it('keeps the original punctuation in the name but not in the key', () => {
    const r = parsed('“闭门造车”之多模态思路浅谈（一）：无损输入');
    expect(r.name).toBe('“闭门造车”之多模态思路浅谈');
    expect(r.key).toBe('闭门造车之多模态思路浅谈');
  });
});

describe('numerals and helpers', () => {
  it('reads Chinese numerals 一 … 九十九', () => {
    const expected: Record<string, number> = {
      一: 1,
      九: 9,
      十: 10,
      十一: 11,
      十九: 19,
      二十: 20,
      二十三: 23,
      三十: 30,
      九十九: 99,
      两: 2,
    };
    for (const [s, n] of Object.entries(expected)) expect(parseChineseNumeral(s)).toBe(n);
    for (const bad of ['', '十十', '一一', '百', '零一']) expect(parseChineseNumeral(bad)).toBeNull();
  });

  it('reads Roman numerals', () => {
    expect(['I', 'IV', 'vi', 'IX', 'XIV', 'XXXIX'].map(parseRomanNumeral)).toEqual([1, 4, 6, 9, 14, 39]);
    expect(parseRomanNumeral('IIII')).toBeNull();
    expect(parseRomanNumeral('C')).toBeNull();
  });

  it('folds full-width punctuation one character for one', () => {
    const s = '让炼丹更科学一些（一）：ＳＧＤ';
    expect(foldWidth(s)).toBe('让炼丹更科学一些(一):SGD');
    expect(foldWidth(s).length).toBe(s.length);
  });

  it('lists looser name candidates for unnumbered titles', () => {
    expect(titleNameCandidates('细水长flow之NICE：流模型的基本概念与实现').map((c) => c.name)).toEqual([
      '细水长flow之NICE：流模型的基本概念与实现',
      '细水长flow之NICE',
      '细水长flow',
    ]);
    expect(titleNameCandidates('【龟猫记】家里多了几只小动物').map((c) => c.name)).toContain('龟猫记');
    expect(titleNameCandidates('旋转的弹簧将如何伸长？')[0]).toEqual({
      name: '旋转的弹簧将如何伸长',
      key: '旋转的弹簧将如何伸长',
      whole: true,
    });
  });

  it('says which titles look like series titles', () => {
    for (const t of [
      '力学系统及其对偶性（三）',
      'Transformer升级之路：18、RoPE',
      '【搜出来的文本】⋅（四）x',
      '《新理解矩阵1》：x',
      '某某系列',
      'Foo (Part 2)',
    ]) {
      expect(looksLikeSeriesTitle(t), t).toBe(true);
    }
    for (const t of [
      'exp(x)在x=0处的偶次泰勒展开式总是正的',
      '经典电视剧：《仙剑奇侠传3》专辑',
      '第1000篇文章',
      '端到端的腾讯验证码识别（46%正确率）',
    ]) {
      expect(looksLikeSeriesTitle(t), t).toBe(false);
    }
  });
});

describe('robustness', () => {
  it('never throws and returns a usable key for any string', () => {
    const pieces = fc.constantFrom(
      '（',
      '）',
      '(',
      ')',
      '：',
      ':',
      '【',
      '】',
      '《',
      '》',
      '系列',
      '——',
      '十',
      '二',
      '上',
      '下',
      '1',
      '23',
      '. ',
      '、',
      '名',
      'Part ',
      'IV',
      ' ',
      '⋅',
      '之',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 12 }).map((a) => a.join('')),
        ),
        (title) => {
          const r = parseSeriesTitle(title);
          if (r) {
            expect(r.key.length).toBeGreaterThanOrEqual(2);
            expect(r.key).toBe(seriesKey(r.name));
            if (r.part !== null) expect(r.part).toBeGreaterThanOrEqual(1);
          }
          looksLikeSeriesTitle(title);
          titleNameCandidates(title);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
