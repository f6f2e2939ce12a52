/**
 * Series title parser: from one article title, the series name, its stable key, the part number and the sub-part.
 * Pure; knows the title formats the blog really uses (see tests/unit/utils/series/parse.test.ts for one real title
 * each). A single title only gives a *candidate*: whether it really is a series is decided over the whole catalog by
 * groupTitles (utils/series/group.ts), which needs at least two members.
 */
import { group } from '@/utils/regex';
import { parseChineseNumeral, parseRomanNumeral } from './numerals';

export type Subpart = '上' | '中' | '下';

export interface ParsedTitle {
  /** The series name as written in the title (original punctuation kept). */
  name: string;
  /** Normalised name: the same series under different title forms shares one key. */
  key: string;
  part: number | null;
  subpart: Subpart | null;
  /**
   * Numeric sub-part such as the `(1)` of `OCR技术浅探：3. 特征提取(1)`; groupTitles turns it into 上/中/下 when
   * several articles share the part, and drops it otherwise.
   */
  subIndex: number | null;
  /**
   * `numbered`: a part or sub-part marker was found. `column`: a periodic column (【NASA每日一图】…, the monthly and
   * yearly sky events), a series without parts. `tag`: an unnumbered 【…】/[…]/《…》: head such as 【备忘】 or
   * 《方程与宇宙》:…, which only joins a numbered series of that name: on its own a tag is a genre, not a series
   * (the development labels have 【备忘】, 【分享】, [转载], [欧拉数学] titles as belonging to no series).
   */
  kind: 'numbered' | 'column' | 'tag';
}

/** Names of the two recurring sky-event columns (they carry no series name in their titles). */
export const MONTHLY_SKY_EVENTS = '每月天象';
export const YEARLY_SKY_EVENTS = '全年天象';

const MAX_PART = 199;

/** A part number written in arabic digits, Chinese or (English titles only) Roman numerals; null when out of range. */
function partNumber(s: string, allowRoman = false): number | null {
  const t = s.trim();
  let n: number | null = null;
  if (/^\d{1,3}$/.test(t)) n = Number(t);
  else if (/^[零〇一二两三四五六七八九十]+$/.test(t)) n = parseChineseNumeral(t);
  else if (allowRoman) n = parseRomanNumeral(t);
  return n !== null && n >= 1 && n <= MAX_PART ? n : null;
}

/**
 * Folds full-width ASCII (！…～) and the ideographic space to their half-width forms, one character for one, so that
 * indices into the folded string are indices into the original.
 */
export function foldWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/**
 * The stable key of a series name: NFKC, lower case, the subtitle after a dash (——) dropped (so
 * `费曼积分法——积分符号内取微分` and `费曼积分法` meet), a trailing 系列 dropped, then only letters and digits.
 */
export function seriesKey(name: string): string {
  let key = keyCache.get(name);
  if (key === undefined) {
    // Regrouping asks for the same names on every catalog refresh; NFKC is the costly part.
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    key = computeSeriesKey(name);
    keyCache.set(name, key);
  }
  return key;
}

const keyCache = new Map<string, string>();
const KEY_CACHE_LIMIT = 50_000;

function computeSeriesKey(name: string): string {
  let s = name.normalize('NFKC').toLowerCase();
  const dash = s.search(/——|—|--/);
  if (dash > 0) s = s.slice(0, dash);
  s = s.replace(/[^\p{L}\p{N}]/gu, '');
  if (s.length > 2 && s.endsWith('系列')) s = s.slice(0, -2);
  return s;
}

const NUM = '(\\d{1,3}|[零〇一二两三四五六七八九十]{1,3})';
const HAN = '\\p{Script=Han}';
const END_PUNCT = '[?!。.…\\s]*';
const SUBPART_AT_END = new RegExp(`\\(\\s*([上中下])篇?\\s*\\)${END_PUNCT}$`, 'u');
const SUBINDEX_AT_END = new RegExp(`\\(\\s*${NUM}\\s*\\)${END_PUNCT}$`, 'u');

interface Marks {
  subpart: Subpart | null;
  subIndex: number | null;
}

/** Sub-part markers at the end of the text after the part number: （上）/（中）/（下） or a numeric `(1)`. */
function trailingMarks(rest: string): Marks {
  const sp = SUBPART_AT_END.exec(rest);
  if (sp) return { subpart: sp[1] as Subpart, subIndex: null };
  const si = SUBINDEX_AT_END.exec(rest);
  return { subpart: null, subIndex: si ? partNumber(group(si, 1)) : null };
}

/** A usable series name: at least two letters or digits, not only digits. */
function validName(name: string): boolean {
  const k = seriesKey(name);
  return k.length >= 2 && !/^\d+$/.test(k);
}

function result(
  original: string,
  start: number,
  end: number,
  part: number | null,
  marks: Marks,
  kind: ParsedTitle['kind'],
): ParsedTitle | null {
  const name = original
    .slice(start, end)
    .trim()
    .replace(/[\s:：—\-⋅·・]+$/u, '');
  if (!validName(name)) return null;
  return { name, key: seriesKey(name), part, subpart: marks.subpart, subIndex: marks.subIndex, kind };
}

const NO_MARKS: Marks = { subpart: null, subIndex: null };

/**
 * One rule per title form; each gets the original title `o` and its width-folded copy `t` (same indices) and returns
 * a parse or null. Tried in order; the first that matches wins.
 */
type Rule = (o: string, t: string) => ParsedTitle | null;

/**
 * The column's own forms `科学空间：2010年3月重要天象`, `2010年1月天象`; `2013年全年天象`, `2012年全年天象大观`. The lead
 * changes now and then (`新年新天象：2010年1月重要天象`, `新春快乐！2011年2月重要天象`): any short lead ending in a colon or
 * an exclamation mark, as long as the rest is exactly the month's sky events (`本月的天象预报暂停...` is not one).
 */
const skyEvents: Rule = (_o, t) => {
  const fixed = (name: string): ParsedTitle => ({
    name,
    key: seriesKey(name),
    part: null,
    subpart: null,
    subIndex: null,
    kind: 'column',
  });
  if (/^(?:[^:!]{1,8}[:!]\s*)?\d{4}年\d{1,2}月(?:重要)?天象$/u.test(t)) return fixed(MONTHLY_SKY_EVENTS);
  if (/^\d{4}年(?:全年)?天象(?:大观)?$/.test(t)) return fixed(YEARLY_SKY_EVENTS);
  return null;
};

// The patterns of the rules below, compiled once.
const HAS_HAN = new RegExp(HAN, 'u');
const NAME_THEN_DIGITS = new RegExp(`^(.*${HAN})(\\d{1,2})$`, 'u');
const NAME_THEN_PAREN_PART = new RegExp(`^(.+?)\\s*\\(\\s*${NUM}\\s*\\)$`, 'u');
const SERIES_WORD_THEN_PART = new RegExp(`^系列\\s*(?:——|—|--|-|:)?\\s*${NUM}\\s*[.、](?!\\d)\\s*`, 'u');
const ROMAN_OR_NUM = '([IVXivx]{1,6}|\\d{1,3})';
const ENGLISH_FORMS = [
  new RegExp(`^(.+?)\\s*\\(\\s*(?:part\\s+)?${ROMAN_OR_NUM}\\s*\\)\\s*:\\s*\\S`, 'i'),
  /^(.+?):\s*(\d{1,3})\.\s+\S/,
  new RegExp(`^(.+?),?\\s*\\bpart\\s+${ROMAN_OR_NUM}\\b`, 'i'),
  new RegExp(`^(.+?)\\s*\\(\\s*(?:part\\s+)?${ROMAN_OR_NUM}\\s*\\)${END_PUNCT}$`, 'i'),
];
const PAREN_PART_THEN_COLON = new RegExp(`^(.+?)\\s*\\(\\s*${NUM}\\s*\\)\\s*(?::|——|—)\\s*`, 'u');
const COLON_THEN_PART = new RegExp(`^(.+?)\\s*:\\s*${NUM}\\s*[、.](?!\\d)\\s*`, 'u');
const DIGITS_AFTER_NAME = new RegExp(`^(.*${HAN})(\\d{1,2})(?:\\s*(?::|——|—|--)\\s*\\S|$)`, 'u');
const SUBPART_ONLY = new RegExp(`^(.+?)\\s*\\(\\s*([上中下])篇?\\s*\\)${END_PUNCT}$`, 'u');
const TRAILING_PART = new RegExp(`^(.+?)\\s*\\(\\s*${NUM}\\s*\\)${END_PUNCT}$`, 'u');
const LOOKS_PAREN_MARK = new RegExp(`\\(\\s*(?:${NUM}|[IVX]{1,6}|[上中下]篇?|[Pp]art\\s+\\w+)\\s*\\)`, 'u');
const LOOKS_COLON_PART = new RegExp(`:\\s*${NUM}\\s*[、.](?!\\d)`, 'u');
const LOOKS_BRACKET_PART = new RegExp(
  `^(?:【[^】]+】|\\[[^\\]]+\\])\\s*[⋅·・]?\\s*(?:${NUM}\\s*[.、](?!\\d)|\\(\\s*${NUM}\\s*\\))`,
  'u',
);
const LEADING_PART = new RegExp(`^(?:\\(\\s*${NUM}\\s*\\)|${NUM}\\s*[.、](?!\\d)|第${NUM}[篇章部回])\\s*`, 'u');

/** A bracket tag naming a periodic column (每日一图, 每周…, daily …) rather than a genre such as 备忘 or 转载. */
const PERIODIC = /每[日天周月年]|[日周月]报|一图|daily|weekly|monthly/i;

/** `【中文分词系列】 1. 题`, `【搜出来的文本】⋅（一）题`, `【龟猫记2】之…`, `[欧拉数学]题`, `【NASA每日一图】题`. */
const bracketHead: Rule = (o, t) => {
  const m = /^(?:【([^】]+)】|\[([^\]]+)\])/u.exec(t);
  if (!m) return null;
  // One of the two brackets matched.
  const inner = m[1] ?? group(m, 2);
  const innerStart = 1;
  const innerEnd = innerStart + inner.length;
  const numberedInner = NAME_THEN_DIGITS.exec(inner);
  const rest = t.slice(m[0].length).replace(/^[\s⋅·・]+/u, '');
  const innerPart = numberedInner ? partNumber(group(numberedInner, 2)) : null;
  if (numberedInner && innerPart !== null) {
    const innerName = group(numberedInner, 1);
    return result(o, innerStart, innerStart + innerName.length, innerPart, trailingMarks(rest), 'numbered');
  }
  const lead = LEADING_PART.exec(rest);
  if (lead) {
    // One of the three forms matched.
    const part = partNumber(lead[1] ?? lead[2] ?? group(lead, 3));
    if (part !== null)
      return result(o, innerStart, innerEnd, part, trailingMarks(rest.slice(lead[0].length)), 'numbered');
  }
  return result(o, innerStart, innerEnd, null, NO_MARKS, PERIODIC.test(inner) ? 'column' : 'tag');
};

/** `《新理解矩阵1》：题`, `《虚拟的实在(3)》——题`, `《向量》系列——3.题`, `《方程与宇宙》:题(一)`, `《教材如何写》:题`. */
const bookHead: Rule = (o, t) => {
  const m = /^《([^》]+)》/u.exec(t);
  if (!m) return null;
  const inner = group(m, 1);
  const rest = t.slice(m[0].length);
  const paren = NAME_THEN_PAREN_PART.exec(inner);
  const digits = NAME_THEN_DIGITS.exec(inner);
  const numbered = paren ?? digits;
  if (numbered) {
    const part = partNumber(group(numbered, 2));
    if (part !== null) return result(o, 1, 1 + group(numbered, 1).length, part, trailingMarks(rest), 'numbered');
  }
  const series = SERIES_WORD_THEN_PART.exec(rest);
  if (series) {
    const part = partNumber(group(series, 1));
    // The name keeps its book-title marks and 系列, as the blog writes it: 《向量》系列.
    if (part !== null)
      return result(o, 0, m[0].length + 2, part, trailingMarks(rest.slice(series[0].length)), 'numbered');
  }
  if (!/^\s*:/.test(rest)) return null;
  const trailing = SUBINDEX_AT_END.exec(rest);
  const part = trailing ? partNumber(group(trailing, 1)) : null;
  const sp = SUBPART_AT_END.exec(rest);
  const marks: Marks = { subpart: sp ? (sp[1] as Subpart) : null, subIndex: null };
  return result(o, 1, 1 + inner.length, part, marks, part !== null || marks.subpart ? 'numbered' : 'tag');
};

/** English titles: `Rethinking … (IV): EMA`, `A Tour of MoE: 7. …`, `… Part 2: …`, `… (Part II)`. */
const english: Rule = (o, t) => {
  if (HAS_HAN.test(t)) return null;
  for (const re of ENGLISH_FORMS) {
    const m = re.exec(t);
    const part = m ? partNumber(group(m, 2), true) : null;
    if (m && part !== null) return result(o, 0, group(m, 1).length, part, NO_MARKS, 'numbered');
  }
  return null;
};

/** A rule for `NAME` + part number + subtitle, the pattern's groups being the name and the number. */
const nameThenPart =
  (pattern: RegExp): Rule =>
  (o, t) => {
    const m = pattern.exec(t);
    const part = m ? partNumber(group(m, 2)) : null;
    return m && part !== null
      ? result(o, 0, group(m, 1).length, part, trailingMarks(t.slice(m[0].length)), 'numbered')
      : null;
  };

/** `变分自编码器（一）：题`, `让炼丹更科学一些(一):题`, `生成扩散模型漫谈（十四）：…（上）`. */
const parenPartThenColon = nameThenPart(PAREN_PART_THEN_COLON);

/** `Transformer升级之路：18、题`, `流形上的最速下降：5. 题`, `路径积分系列：1.题`, `OCR技术浅探：3. 特征提取(1)`. */
const colonThenPart = nameThenPart(COLON_THEN_PART);

/** `素数之美2：题`, `复分析学习1：题`, `计算夏至的精确时刻2——题`, `哥德巴赫猜想浅谈1` (digits right after a Han character). */
const digitsAfterName: Rule = (o, t) => {
  const m = DIGITS_AFTER_NAME.exec(t);
  const part = m ? partNumber(group(m, 2)) : null;
  return m && part !== null ? result(o, 0, group(m, 1).length, part, NO_MARKS, 'numbered') : null;
};

/** `AdamW的Weight RMS的渐近估计（上）`, `算子与线性常微分方程(下)`: a sub-part with no part number. */
const subpartOnly: Rule = (o, t) => {
  const m = SUBPART_ONLY.exec(t);
  return m ? result(o, 0, group(m, 1).length, null, { subpart: m[2] as Subpart, subIndex: null }, 'numbered') : null;
};

/** `力学系统及其对偶性（一）`, `旋转的弹簧将如何伸长(2)？`, `费曼积分法——积分符号内取微分(1)`. */
const trailingPart: Rule = (o, t) => {
  const m = TRAILING_PART.exec(t);
  const part = m ? partNumber(group(m, 2)) : null;
  return m && part !== null ? result(o, 0, group(m, 1).length, part, NO_MARKS, 'numbered') : null;
};

const RULES: Rule[] = [
  skyEvents,
  bracketHead,
  bookHead,
  english,
  parenPartThenColon,
  colonThenPart,
  digitsAfterName,
  subpartOnly,
  trailingPart,
];

function parseFolded(original: string): ParsedTitle | null {
  const t = foldWidth(original);
  for (const rule of RULES) {
    const r = rule(original, t);
    if (r) return r;
  }
  return null;
}

/**
 * Parses one title into a series candidate, or null when the title carries no series marker. A leading tag such as
 * `[春礼]` in `[春礼]《方程与宇宙》:圆形限制性三体问题(七)` is skipped when the rest is a numbered series title.
 */
export function parseSeriesTitle(title: string): ParsedTitle | null {
  const original = title.replace(/\s+/g, ' ').trim();
  if (!original) return null;
  const r = parseFolded(original);
  if (r?.kind === 'numbered') return r;
  const tag = /^(?:【[^】]+】|\[[^\]]+\]|［[^］]+］)\s*/u.exec(original);
  if (tag && tag[0].length < original.length) {
    const inner = parseFolded(original.slice(tag[0].length));
    if (inner?.kind === 'numbered') return inner;
  }
  return r;
}

/**
 * Looser name candidates of a title without a part number, used by groupTitles to join it to a numbered series of
 * that name (the implicit part 1 `旋转的弹簧将如何伸长？` of `旋转的弹簧将如何伸长(2)？`, or `《方程与宇宙》:…` without a
 * number): the whole title without end punctuation (`whole`), the 【…】/《…》 head, and the head before the first
 * colon, 之, dash or bar.
 */
export interface NameCandidate {
  name: string;
  key: string;
  whole: boolean;
}

export function titleNameCandidates(title: string): NameCandidate[] {
  const original = title.replace(/\s+/g, ' ').trim();
  const t = foldWidth(original);
  const out: NameCandidate[] = [];
  const add = (start: number, end: number, whole: boolean) => {
    const name = original.slice(start, end).trim();
    if (!validName(name)) return;
    const key = seriesKey(name);
    if (!out.some((c) => c.key === key)) out.push({ name, key, whole });
  };
  add(0, t.length - (/[?!。.…\s]*$/.exec(t)?.[0].length ?? 0), true);
  const head = /^(?:《([^》]+)》|【([^】]+)】|\[([^\]]+)\])/u.exec(t);
  if (head) add(1, 1 + (head[1] ?? head[2] ?? group(head, 3)).length, false);
  for (const sep of [':', '之', '——', '|']) {
    const i = t.indexOf(sep);
    if (i > 0 && i < t.length - sep.length) add(0, i, false);
  }
  return out;
}

/**
 * Whether a title carries a part or sub-part marker, i.e. looks like a series title even if no rule reads it: a
 * parenthesised numeral or 上/中/下 (`（三）`, `(2)`, `(IV)`, `（下篇）`), `：N、`/`：N.` after a name, `【…】 N.` or
 * `【…】⋅（N）`, a `《…N》` at the start, the word 系列, or an English `Part N`. The series checker counts a row as failed
 * when this holds and parseSeriesTitle returns null.
 */
export function looksLikeSeriesTitle(title: string): boolean {
  const t = foldWidth(title);
  return (
    LOOKS_PAREN_MARK.test(t) ||
    LOOKS_COLON_PART.test(t) ||
    LOOKS_BRACKET_PART.test(t) ||
    /^《[^》]*\d》/u.test(t) ||
    /系列/u.test(t) ||
    /\bpart\s+(?:\d+|[IVX]+)\b/i.test(t)
  );
}
