/**
 * Series grouping over a whole catalog of titles. A single title only proposes a series (utils/series/parse.ts);
 * here a series needs at least two members and either a numbering signal (a part or 上/中/下) or a recurring column
 * pattern (a periodic 【…】 column, the sky events, `名之题目：副题` recurring at least three times), so two unrelated
 * titles never become a series because they share a word, a genre tag (【备忘】) or a colon prefix.
 */
import { namedSubjectPrefix, parseSeriesTitle, titleNameCandidates, type ParsedTitle, type Subpart } from './parse';

export interface TitleRow {
  id: string;
  title: string;
  /** 'en' for the blog's English version; inferred from the script when missing. */
  lang?: string;
  date?: string;
}

export interface SeriesAssignment {
  series: string | null;
  part: number | null;
  subpart: Subpart | null;
}

/** An unnumbered `名之题目：副题` prefix (`细水长flow之…`) must recur this often to make a column. */
export const MIN_PREFIX_COLUMN = 3;
/** Any series needs at least this many articles. */
export const MIN_SERIES_SIZE = 2;

const HAN = /\p{Script=Han}/u;

function isEnglish(row: TitleRow): boolean {
  return row.lang ? row.lang.toLowerCase().startsWith('en') : !HAN.test(row.title);
}

/** Archive ids grow with time; they order the articles of a series when parts are missing. */
function byId(a: string, b: string): number {
  return Number(a) - Number(b) || a.localeCompare(b);
}

interface Member {
  id: string;
  part: number | null;
  subpart: Subpart | null;
  subIndex: number | null;
  /** Joined through an unnumbered form (`【龟猫记】…`, a title equal to the series name): may be the implicit part 1. */
  unnumbered: boolean;
}

const NONE: SeriesAssignment = { series: null, part: null, subpart: null };

/**
 * Groups the titles of a catalog into series. Returns, for every id, its series key (null when none), part and
 * sub-part. Rows sharing an id (an article's Chinese and English titles) share one result: the English title keeps
 * the series of its archive id; an English-only title joins the Chinese series its English name is known under.
 */
export function groupTitles(rows: readonly TitleRow[]): Map<string, SeriesAssignment> {
  const primary = new Map<string, TitleRow>();
  const englishOf = new Map<string, TitleRow>();
  for (const row of rows) {
    if (isEnglish(row)) {
      if (!englishOf.has(row.id)) englishOf.set(row.id, row);
    } else if (!primary.has(row.id)) primary.set(row.id, row);
  }
  for (const [id, row] of englishOf) if (!primary.has(id)) primary.set(id, row);

  const parsed = new Map<string, ParsedTitle | null>();
  for (const [id, row] of primary) parsed.set(id, parseSeriesTitle(row.title));

  // English series names known to be the same series as a Chinese one (same archive id in both languages).
  const englishAlias = new Map<string, string>();
  for (const [id, row] of englishOf) {
    const zh = parsed.get(id);
    const en = parseSeriesTitle(row.title);
    if (zh && en && primary.get(id) !== row) englishAlias.set(en.key, zh.key);
  }

  const members = new Map<string, Member[]>();
  const join = (key: string, m: Member) => {
    const list = members.get(key);
    if (list) list.push(m);
    else members.set(key, [m]);
  };
  const unnumbered: string[] = [];
  for (const [id, p] of parsed) {
    if (!p || p.kind === 'tag') {
      unnumbered.push(id);
      continue;
    }
    const key = englishAlias.get(p.key) ?? p.key;
    join(key, { id, part: p.part, subpart: p.subpart, subIndex: p.subIndex, unnumbered: p.part === null && !p.subpart });
  }

  // Titles without a number join a numbered series whose name they carry (the title itself, its 【…】/《…》 head, or
  // its head before a colon/之/dash); tags and shared words never make a series by themselves. What is left may form
  // a column of the `名之题目：副题` form when it recurs.
  const isNumbered = (key: string) => members.get(key)?.some((m) => m.part !== null || m.subpart !== null) ?? false;
  const prefixColumns = new Map<string, string[]>();
  for (const id of unnumbered) {
    const title = primary.get(id)!.title;
    const tag = parsed.get(id);
    const known = [...(tag ? [tag] : []), ...titleNameCandidates(title)].find((c) => isNumbered(c.key));
    if (known) {
      join(known.key, { id, part: null, subpart: null, subIndex: null, unnumbered: true });
      continue;
    }
    const prefix = namedSubjectPrefix(title);
    if (!prefix) continue;
    const list = prefixColumns.get(prefix.key);
    if (list) list.push(id);
    else prefixColumns.set(prefix.key, [id]);
  }
  for (const [key, ids] of prefixColumns) {
    if (ids.length < MIN_PREFIX_COLUMN || members.has(key)) continue;
    for (const id of ids) join(key, { id, part: null, subpart: null, subIndex: null, unnumbered: true });
  }

  const out = new Map<string, SeriesAssignment>();
  for (const [key, list] of members) {
    if (list.length < MIN_SERIES_SIZE) continue;
    for (const [id, a] of finishSeries(key, list)) out.set(id, a);
  }
  for (const row of rows) if (!out.has(row.id)) out.set(row.id, NONE);
  return out;
}

/**
 * Final parts and sub-parts of one series: the earliest article is the implicit part 1 when it has no number, the
 * series is numbered and no part 1 exists; numeric sub-parts become 上/(中)/下 when two or three articles share a
 * part, and are dropped otherwise.
 */
function finishSeries(key: string, list: Member[]): Map<string, SeriesAssignment> {
  const sorted = [...list].sort((a, b) => byId(a.id, b.id));
  const numbered = sorted.some((m) => m.part !== null);
  const first = sorted[0];
  const implicitFirst = numbered && first.unnumbered && !sorted.some((m) => m.part === 1);

  const sharing = new Map<number, Member[]>();
  for (const m of sorted) {
    if (m.part === null || m.subIndex === null) continue;
    const l = sharing.get(m.part);
    if (l) l.push(m);
    else sharing.set(m.part, [m]);
  }
  const numericSubpart = new Map<string, Subpart>();
  for (const [part, subs] of sharing) {
    const samePart = sorted.filter((m) => m.part === part);
    if (samePart.length !== subs.length || subs.length < 2 || subs.length > 3) continue;
    const names: Subpart[] = subs.length === 2 ? ['上', '下'] : ['上', '中', '下'];
    [...subs].sort((a, b) => a.subIndex! - b.subIndex!).forEach((m, i) => numericSubpart.set(m.id, names[i]));
  }

  const out = new Map<string, SeriesAssignment>();
  for (const m of sorted) {
    const part = m === first && implicitFirst ? 1 : m.part;
    out.set(m.id, { series: key, part, subpart: m.subpart ?? numericSubpart.get(m.id) ?? null });
  }
  return out;
}
