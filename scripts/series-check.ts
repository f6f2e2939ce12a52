/**
 * Series checker: `npm run series:check -- FILE.tsv`.
 *
 * Reads a TSV whose header has at least `id` and `title` (an optional `date` column, `YYYY-MM-DD`, is used as the
 * grouper's evidence of time; other columns are ignored), groups the titles with the extension's own code
 * (groupTitles) and prints one JSON line per row, in input order:
 *   {"id":"…","series":"<series key>"|null,"part":<number>|null,"subpart":"上"|"中"|"下"|null}
 * then `N passed, M failed`. A row fails when its title looks like a series title (looksLikeSeriesTitle: it carries
 * a part or sub-part marker) but the parser could not read a series from it. Exits 0; exits 2 with a message on
 * stderr when the file cannot be read or lacks the id/title columns.
 */
import { readFileSync } from 'node:fs';
import { groupTitles, type TitleRow } from '@/utils/series/group';
import { looksLikeSeriesTitle, parseSeriesTitle } from '@/utils/series/parse';

export interface CheckedRow {
  id: string;
  title: string;
  /** Only when the file has a `date` column. */
  date?: string;
}

/** Parses the TSV text; throws an Error with a readable message when the header lacks id or title. */
export function readTitleTsv(text: string): CheckedRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim().toLowerCase());
  const idCol = header.indexOf('id');
  const titleCol = header.indexOf('title');
  const dateCol = header.indexOf('date');
  const missing = [idCol < 0 && 'id', titleCol < 0 && 'title'].filter(Boolean);
  if (missing.length) {
    throw new Error(
      `header must have the columns id and title; missing: ${missing.join(', ')} ` +
        `(header: ${JSON.stringify(lines[0] ?? '')})`,
    );
  }
  return lines
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cells = line.split('\t');
      const row: CheckedRow = { id: (cells[idCol] ?? '').trim(), title: (cells[titleCol] ?? '').trim() };
      if (dateCol >= 0) row.date = (cells[dateCol] ?? '').trim();
      return row;
    });
}

/** The checker's output lines for the rows (JSON lines, then the summary line). */
export function checkTitles(rows: readonly CheckedRow[]): string[] {
  const groups = groupTitles(rows.map((r): TitleRow => ({ id: r.id, title: r.title, date: r.date })));
  let failed = 0;
  const lines = rows.map((r) => {
    if (looksLikeSeriesTitle(r.title) && !parseSeriesTitle(r.title)) failed++;
    const g = groups.get(r.id);
    return JSON.stringify({ id: r.id, series: g?.series ?? null, part: g?.part ?? null, subpart: g?.subpart ?? null });
  });
  lines.push(`${rows.length - failed} passed, ${failed} failed`);
  return lines;
}

function main(argv: string[]): number {
  const file = argv.find((a) => a !== '--');
  if (!file) {
    process.stderr.write('usage: npm run series:check -- FILE.tsv\n');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`series:check: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  let rows: CheckedRow[];
  try {
    rows = readTitleTsv(text);
  } catch (e) {
    process.stderr.write(`series:check: ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  process.stdout.write(`${checkTitles(rows).join('\n')}\n`);
  return 0;
}

if (process.argv[1] && /series-check\.[cm]?[jt]s$/.test(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
