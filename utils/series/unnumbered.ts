/**
 * Series the blog never numbered, decided over the whole catalog. Each title form only proposes a name; the series
 * exists when the catalog holds the evidence that form needs (the README's Series section has the table):
 * - `“名”：副题`: at least two titles;
 * - `《名》:副题`, `[名]副题`, `【名】副题`: at least two titles, every use of the tag in the catalog within
 *   TAG_SPAN_DAYS (a tag used over years is a topic: `[欧拉数学]`), and not a genre word (`【备忘】`, `【语料】`);
 * - `名V0.1`, `名V0.2`: two versions; `名：理论篇` / `名：应用篇`: two different stages;
 * - `名浅探：…` / `名再探：…`: two titles, one of them a 再探 or 三探;
 * - `名更新：…` and `名…升级至v0.2.0`: two update notes of the project a `名更新：` names;
 * - `名之副题`: MIN_LEAD_COLUMN titles.
 * What no form explains stays alone: titles that merely share a word, a topic or a plain colon lead
 * (`当概率遇上复变：…`) are no series. Pure: titles, ids and (when known) dates only.
 */
import { group } from '@/utils/regex';
import { foldWidth, seriesKey } from './parse';

export interface CatalogTitle {
  id: string;
  title: string;
  /** `YYYY-MM-DD`; '' or missing when unknown (then archive ids stand in for time). */
  date?: string;
}

/** A `名之副题` lead must recur this often to make a column. */
export const MIN_LEAD_COLUMN = 3;
/** All uses of an unnumbered 《…》/【…】/[…] tag must fall within this many days: a tag used over years is a topic. */
export const TAG_SPAN_DAYS = 60;
/** When a date is missing: archive ids grow by roughly one to three a day. */
const TAG_SPAN_IDS = 150;

/** Tags that say what kind of post it is, not which series: never a series however they recur. */
const GENRE_TAG =
  /(?:备忘|转载|翻译|分享|共享|备份|更新|更正|公告|问答|解答|语料|电子书|随拍|杂记|通知|清单|致敬|遐想|追溯)$/u;

type Form = 'quoted' | 'tag' | 'version' | 'stage' | 'probe' | 'update' | 'lead';

interface Proposal {
  form: Form;
  /** The series name as the title writes it (inside its quotes or brackets). */
  name: string;
  key: string;
  /** The stage (理论/应用, 浅探/再探): a series of stages needs two different ones. */
  stage?: string;
}

const QUOTED = /^“([^”]+)”\s*:\s*\S/u;
const BOOK_TAG = /^《([^》]+)》\s*:\s*\S/u;
const BRACKET_TAG = /^(?:【([^】]+)】|\[([^\]]+)\])\s*\S/u;
const VERSION = /^(.+?)\s*[Vv]\d+(?:\.\d+)+$/u;
const STAGE = /^(.+?)\s*(?::|\()\s*(理论|应用|基础|进阶|实践|实验)篇\s*\)?$/u;
const PROBE = /^(.+?)(浅探|初探|再探|三探)\s*:\s*\S/u;
const UPDATE = /^(.+?)\s*更新\s*:\s*\S/u;
const UPGRADE = /升级(?:至|到)\s*v?\d/iu;
const LEAD = /^([^:]+?)之\S/u;

function usable(name: string): string | null {
  const key = seriesKey(name);
  return key.length >= 2 && !/^\d+$/.test(key) ? key : null;
}

/** The unnumbered forms a title has (a title may propose several; the first with enough evidence wins). */
function proposals(title: string): Proposal[] {
  title = title.replace(/\s+/g, ' ').trim();
  const t = foldWidth(title);
  const out: Proposal[] = [];
  // The folded title has the original's indices: names are cut from the original, full-width forms kept.
  const add = (form: Form, name: string, stage?: string) => {
    const key = usable(name);
    const at = t.indexOf(name);
    if (key) out.push({ form, name: title.slice(at, at + name.length).trim(), key, stage });
  };
  // Each pattern only where its marker occurs: the whole catalog goes through here on every refresh.
  const first = t[0];
  const match = (marked: boolean, pattern: RegExp) => (marked ? pattern.exec(t) : null);
  const quoted = match(first === '“', QUOTED);
  if (quoted) add('quoted', group(quoted, 1));
  const book = match(first === '《', BOOK_TAG);
  if (book) add('tag', group(book, 1));
  const bracket = match(first === '【' || first === '[', BRACKET_TAG);
  if (bracket) {
    // One of the two brackets matched.
    const tag = bracket[1] ?? group(bracket, 2);
    if (!GENRE_TAG.test(seriesKey(tag))) add('tag', tag);
  }
  const version = match(/\d$/.test(t), VERSION);
  if (version) add('version', group(version, 1));
  const stage = match(t.includes('篇'), STAGE);
  if (stage) add('stage', group(stage, 1), stage[2]);
  const probe = match(t.includes('探'), PROBE);
  if (probe) add('probe', group(probe, 1), probe[2]);
  const update = match(t.includes('更新'), UPDATE);
  if (update) add('update', group(update, 1));
  const lead = match(t.includes('之'), LEAD);
  if (lead) add('lead', group(lead, 1));
  return out;
}

/** Days since the epoch of a `YYYY-MM-DD` date, or null. */
function day(date: string | undefined): number | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

/** Whether titles fall within a short span: by dates when all are known, else by archive ids. */
function withinSpan(rows: readonly CatalogTitle[]): boolean {
  const days = rows.map((r) => day(r.date));
  if (days.every((d): d is number => d !== null)) return Math.max(...days) - Math.min(...days) <= TAG_SPAN_DAYS;
  const ids = rows.map((r) => Number(r.id));
  return ids.every(Number.isFinite) && Math.max(...ids) - Math.min(...ids) <= TAG_SPAN_IDS;
}

/**
 * Groups the titles that no numbered series took into unnumbered series. `left` are those titles, `catalog` every
 * title (a tag's span counts all its uses). Returns series key → member ids; a title joins at most one series.
 */
export function unnumberedSeries(
  left: readonly CatalogTitle[],
  catalog: readonly CatalogTitle[],
): Map<string, string[]> {
  const byForm = new Map<string, { form: Form; key: string; rows: CatalogTitle[]; stages: Set<string> }>();
  const proposed = new Map<string, Proposal[]>();
  for (const row of left) {
    const ps = proposals(row.title);
    proposed.set(row.id, ps);
    for (const p of ps) {
      const slot = `${p.form}\u0000${p.key}`;
      const g = byForm.get(slot) ?? { form: p.form, key: p.key, rows: [], stages: new Set<string>() };
      byForm.set(slot, g);
      g.rows.push(row);
      if (p.stage) g.stages.add(p.stage);
    }
  }
  // `名…升级至v0.2.0` is an update note of a project already known from a `名更新：…` note.
  const projects = [...byForm.values()].filter((g) => g.form === 'update');
  for (const row of left) {
    if (!UPGRADE.test(row.title)) continue;
    const key = seriesKey(row.title);
    const project = projects.find((g) => key.startsWith(g.key) && !g.rows.includes(row));
    if (project) {
      project.rows.push(row);
      // Every row of `left` has its proposals.
      proposed.get(row.id)?.push({ form: 'update', name: project.key, key: project.key });
    }
  }

  // Every use of the tags proposed here, in the whole catalog (also titles that a numbered series took).
  const tagUses = new Map<string, CatalogTitle[]>();
  for (const g of byForm.values()) if (g.form === 'tag' && g.rows.length >= 2) tagUses.set(g.key, []);
  if (tagUses.size > 0) {
    for (const r of catalog) {
      for (const p of proposals(r.title)) if (p.form === 'tag') tagUses.get(p.key)?.push(r);
    }
  }
  const enough = (g: { form: Form; key: string; rows: CatalogTitle[]; stages: Set<string> }): boolean => {
    switch (g.form) {
      case 'quoted':
      case 'version':
      case 'update':
        return g.rows.length >= 2;
      case 'tag':
        // A tag of two rows or more has its uses (above); its own rows are among them.
        return g.rows.length >= 2 && withinSpan(tagUses.get(g.key) ?? g.rows);
      case 'stage':
        return g.stages.size >= 2;
      case 'probe':
        return g.rows.length >= 2 && (g.stages.has('再探') || g.stages.has('三探'));
      case 'lead':
        return g.rows.length >= MIN_LEAD_COLUMN;
    }
  };

  const out = new Map<string, string[]>();
  for (const row of left) {
    const p = proposed.get(row.id)?.find((q) => {
      const g = byForm.get(`${q.form}\u0000${q.key}`);
      return g !== undefined && enough(g);
    });
    if (!p) continue;
    const list = out.get(p.key);
    if (list) list.push(row.id);
    else out.set(p.key, [row.id]);
  }
  for (const [key, ids] of out) if (ids.length < 2) out.delete(key);
  return out;
}

/** The names of unnumbered series a title may belong to (for display: `Cool Papers` rather than its key). */
export function unnumberedNames(title: string): { name: string; key: string }[] {
  return proposals(title).map(({ name, key }) => ({ name, key }));
}
