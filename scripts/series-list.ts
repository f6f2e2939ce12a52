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
const archive = manifest.pages.find((p) => p.kind === 'archive')!.entries!;
const articles = regroupArticles(records(archive), []);
const bySeries = new Map<string, typeof articles>();
for (const a of articles) if (a.series) (bySeries.get(a.series) ?? bySeries.set(a.series, []).get(a.series)!).push(a);

const series = [...bySeries]
  .map(([key, list]) => {
    const dates = list.map((a) => a.date).sort();
    return {
      key,
      name: seriesName(key, articles, []),
      count: list.length,
      numbered: list.some((a) => a.part !== null),
      first: dates[0],
      last: dates.at(-1)!,
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
console.log(
  `${series.length} series (${numbered.length} numbered, ${unnumbered.length} unnumbered), ${members} of ${archive.length} articles.\n`,
);
console.log(`<details><summary>Numbered (${numbered.length})</summary>\n\n${table(numbered)}\n\n</details>\n`);
console.log(
  `<details><summary>Unnumbered, columns included (${unnumbered.length})</summary>\n\n${table(unnumbered)}\n\n</details>`,
);
