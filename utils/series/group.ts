/**
 * Series grouping over a whole catalog of titles. A single title only proposes a series (utils/series/parse.ts);
 * here a series needs at least two members and either a numbering signal (a part or 上/中/下) or a recurring column
 * pattern (a periodic 【…】 column, the sky events), or one of the unnumbered forms with the evidence it needs over the
 * catalog (utils/series/unnumbered.ts), so two unrelated titles never become a series because they share a word, a
 * genre tag (【备忘】) or a colon prefix. One exception to the two members: a lone `…（上）` promises its `（下）`.
 */
import { type ParsedTitle, parseSeriesTitle, type Subpart, seriesKey, titleNameCandidates } from './parse';
import { type CatalogTitle, unnumberedSeries } from './unnumbered';

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
    join(key, {
      id,
      part: p.part,
      subpart: p.subpart,
      subIndex: p.subIndex,
      unnumbered: p.part === null && !p.subpart,
    });
  }

  // Titles without a number join a numbered series whose name they carry (the title itself, its 【…】/《…》 head, or
  // its head before a colon/之/dash); tags and shared words never make a series by themselves.
  const isNumbered = (key: string) => members.get(key)?.some((m) => m.part !== null || m.subpart !== null) ?? false;
  let left: string[] = [];
  for (const id of unnumbered) {
    const { title } = rowOf(primary, id);
    const tag = parsed.get(id);
    const known = [...(tag ? [tag] : []), ...titleNameCandidates(title)].find((c) => isNumbered(c.key));
    if (known) join(known.key, { id, part: null, subpart: null, subIndex: null, unnumbered: true });
    else left.push(id);
  }
  left = joinUnnumberedOpenings(left, primary, parsed, members, join);

  // What is left may form a series of an unnumbered form, when the catalog holds the evidence that form needs.
  const asCatalog = (id: string): CatalogTitle => {
    const { title, date } = rowOf(primary, id);
    return { id, title, date };
  };
  const unnumberedGroups = unnumberedSeries(left.map(asCatalog), [...primary.keys()].map(asCatalog));
  for (const [key, ids] of unnumberedGroups) {
    if (members.has(key)) continue;
    for (const id of ids) join(key, { id, part: null, subpart: null, subIndex: null, unnumbered: true });
  }

  const out = new Map<string, SeriesAssignment>();
  for (const [key, list] of members) {
    const [only] = list;
    const promise = list.length === 1 && only?.part === null && only.subpart !== null;
    if (list.length < MIN_SERIES_SIZE && !promise) continue;
    for (const [id, a] of finishSeries(key, list)) out.set(id, a);
  }
  for (const row of rows) if (!out.has(row.id)) out.set(row.id, NONE);
  return out;
}

/** Whether `short` can be read out of `long` in order, skipping at most `extra` characters (`计算夏至…` in `计算：每年夏至…`). */
function nearlyContains(long: string, short: string, extra: number): boolean {
  if (long.length < short.length || long.length - short.length > extra) return false;
  let i = 0;
  for (const c of long) if (i < short.length && c === short[i]) i++;
  return i === short.length && long[0] === short[0] && long.at(-1) === short.at(-1);
}

/** The trailing parenthesis of a title, dropped: `数学基本技艺(A Mathematical Trivium)` → `数学基本技艺`. */
function withoutTrailingParen(title: string): string {
  return title.replace(/\s*[(（][^()（）]*[)）]\s*$/u, '');
}

/**
 * The opening article of a series, written without the series' exact name, joins it; returns the ids still left.
 * - A numbered series without a part 1 takes an earlier title whose name is the series' name with at most two more
 *   characters (`计算：每年夏至的精确时刻`, then `计算夏至的精确时刻2——提高精确度`): it becomes the implicit part 1.
 * - A series named `名之…` (`数学基本技艺之23、24（上）`/`（下）`) takes an earlier title that is just `名`
 *   (`数学基本技艺(A Mathematical Trivium)`), and is named `名` from then on.
 */
function joinUnnumberedOpenings(
  left: string[],
  primary: ReadonlyMap<string, TitleRow>,
  parsed: ReadonlyMap<string, ParsedTitle | null>,
  members: Map<string, Member[]>,
  join: (key: string, m: Member) => void,
): string[] {
  // A series' member list is never empty (join makes it with its first member): reduce needs no start value.
  const firstId = (list: Member[]) => list.map((m) => m.id).reduce((a, id) => (byId(id, a) < 0 ? id : a));
  const withoutPartOne = [...members].filter(
    ([, list]) => list.some((m) => m.part !== null) && !list.some((m) => m.part === 1),
  );
  const leads = new Map<string, string>();
  for (const [key, list] of members) {
    const name = (list[0] && parsed.get(list[0].id)?.name) ?? '';
    const i = name.indexOf('之');
    if (i > 0) leads.set(seriesKey(name.slice(0, i)), key);
  }
  return left.filter((id) => {
    const { title } = rowOf(primary, id);
    const whole = seriesKey(title);
    const opening = withoutPartOne.find(
      ([key, list]) =>
        key.length >= 4 &&
        nearlyContains(whole, key, 2) &&
        byId(id, firstId(list)) < 0 &&
        !list.some((m) => m.unnumbered),
    );
    if (opening) {
      join(opening[0], { id, part: null, subpart: null, subIndex: null, unnumbered: true });
      return false;
    }
    const led = leads.get(seriesKey(withoutTrailingParen(title)));
    const list = led === undefined ? undefined : members.get(led);
    if (led !== undefined && list && byId(id, firstId(list)) < 0) {
      const bare = seriesKey(withoutTrailingParen(title));
      members.delete(led);
      for (const m of list) join(bare, m);
      join(bare, { id, part: null, subpart: null, subIndex: null, unnumbered: true });
      return false;
    }
    return true;
  });
}

/** A catalog row by id, for ids taken from the catalog itself. */
function rowOf(primary: ReadonlyMap<string, TitleRow>, id: string): TitleRow {
  const row = primary.get(id);
  if (!row) throw new Error(`no catalog row for article ${id}`);
  return row;
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
  const implicitFirst = numbered && first?.unnumbered === true && !sorted.some((m) => m.part === 1);

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
    // Only members with a sub-index are in `sharing`.
    const bySubIndex = [...subs].sort((a, b) => (a.subIndex ?? 0) - (b.subIndex ?? 0));
    for (const [i, m] of bySubIndex.entries()) {
      const name = names[i];
      if (name) numericSubpart.set(m.id, name);
    }
  }

  const out = new Map<string, SeriesAssignment>();
  for (const m of sorted) {
    const part = m === first && implicitFirst ? 1 : m.part;
    out.set(m.id, { series: key, part, subpart: m.subpart ?? numericSubpart.get(m.id) ?? null });
  }
  return out;
}
