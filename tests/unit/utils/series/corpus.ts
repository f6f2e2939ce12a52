/** Loaders for the real title corpora the series tests run on. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

export interface LabelledTitle {
  id: string;
  lang: string;
  title: string;
  date: string;
  /** Hand-made label: series key ('' = no series), part, sub-part. */
  series: string;
  part: number | null;
  subpart: '上' | '中' | '下' | null;
}

/** tests/fixtures/corpus/titles-sample.tsv (464 labelled rows). */
export function loadSample(): LabelledTitle[] {
  const lines = readFileSync(`${root}corpus/titles-sample.tsv`, 'utf8').split('\n');
  const header = (lines[0] ?? '').split('\t');
  const col = (name: string) => header.indexOf(name);
  return lines
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => {
      const c = l.split('\t');
      const cell = (name: string) => (c[col(name)] ?? '').trim();
      return {
        id: cell('id'),
        lang: cell('lang'),
        title: cell('title'),
        date: cell('date'),
        series: cell('series'),
        part: cell('part') ? Number(cell('part')) : null,
        subpart: (cell('subpart') || null) as LabelledTitle['subpart'],
      };
    });
}

function decodeEntities(s: string): string {
  return s.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (entity, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? entity,
  );
}

/**
 * All archive entries of tests/fixtures/kexue/kexue.fm/content.html
 * (`<li>DD日: <a href=".../archives/ID">TITLE</a>`).
 */
export function loadArchiveTitles(): { id: string; title: string }[] {
  const html = readFileSync(`${root}kexue/kexue.fm/content.html`, 'utf8');
  const out: { id: string; title: string }[] = [];
  for (const [, id = '', title = ''] of html.matchAll(/<li>\d+日: <a href="[^"]*\/archives\/(\d+)">([^<]*)<\/a>/g)) {
    out.push({ id, title: decodeEntities(title) });
  }
  return out;
}
