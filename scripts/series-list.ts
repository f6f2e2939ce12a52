/**
 * The series found over the bundled archive (all 1,295 titles of tests/fixtures/kexue, with their dates), as the
 * Markdown tables of the README's Series section: `npx tsx scripts/series-list.ts`.
 */
import { readFileSync } from 'node:fs';
import { records } from '@/tests/unit/utils/series/records';
import { regroupArticles, seriesName } from '@/utils/series/catalog';

interface Entry {
  id: string;
  title: string;
  date: string;
}

const manifest = JSON.parse(
  readFileSync(new URL('../tests/fixtures/kexue/manifest.json', import.meta.url), 'utf8'),
) as {
  pages: { kind: string; entries?: Entry[] }[];
};
const archive = manifest.pages.find((p) => p.kind === 'archive')?.entries;
if (!archive) throw new Error('the fixtures manifest lists no archive page with entries');
const articles = regroupArticles(records(archive), []);
const bySeries = new Map<string, typeof articles>();
for (const a of articles) {
  if (!a.series) continue;
  const list = bySeries.get(a.series) ?? [];
  bySeries.set(a.series, list);
  list.push(a);
}

const series = [...bySeries]
  .map(([key, list]) => {
    const dates = list.map((a) => a.date).sort();
    return {
      key,
      name: seriesName(key, articles, []),
      count: list.length,
      numbered: list.some((a) => a.part !== null),
      // Every series has members, each with a date (maybe '').
      first: dates[0] ?? '',
      last: dates.at(-1) ?? '',
    };
  })
  .sort((a, b) => a.first.localeCompare(b.first) || a.key.localeCompare(b.key));

const table = (list: typeof series) =>
  [
    '| Series | Key | Articles | First | Last |',
    '| --- | --- | --- | --- | --- |',
    ...list.map((s) => `| ${s.name.replace(/\|/g, '\\|')} | \`${s.key}\` | ${s.count} | ${s.first} | ${s.last} |`),
  ].join('\n');
const numbered = series.filter((s) => s.numbered);
const unnumbered = series.filter((s) => !s.numbered);
const members = series.reduce((n, s) => n + s.count, 0);
const kinds = `${numbered.length} numbered, ${unnumbered.length} unnumbered`;
console.log(`${series.length} series (${kinds}), ${members} of ${archive.length} articles.\n`);
console.log(`<details><summary>Numbered (${numbered.length})</summary>\n\n${table(numbered)}\n\n</details>\n`);
const unnumberedSummary = `Unnumbered, columns included (${unnumbered.length})`;
console.log(`<details><summary>${unnumberedSummary}</summary>\n\n${table(unnumbered)}\n\n</details>`);
