import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { exportFileName, renderExport, toBibtex, toCsv, toMarkdown } from '@/utils/export/formats';
import { parseBackup } from '@/utils/export/import';
import { selectRows } from '@/utils/export/rows';
import { listSnapshot } from './fixtures';

const now = new Date(2026, 10, 22, 9, 0);

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (quoted && c === '"' && next === '"') {
      field += '"';
      i += 2;
      continue;
    }
    if (quoted && c === '"') quoted = false;
    else if (quoted) field += c;
    else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && next === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else if (c === '"' || c === '\n' || c === '\r') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else field += c;
    i++;
  }
  if (quoted || field !== '' || record.length > 0) throw new Error('last record not terminated by CRLF');
  return records;
}

describe('scopes', () => {
  it('select what each scope names; articles known only by a reading record are kept', () => {
    const ids = (scope: Parameters<typeof selectRows>[1]) => selectRows(listSnapshot, scope).map((r) => r.id);
    expect(ids('all')).toEqual(['42', '777', '3534', '3552', '3567', '10100', '10122']);
    expect(ids('read')).toEqual(['777', '3534', '10122']);
    expect(ids('reading')).toEqual(['3552']);
    expect(ids('unread')).toEqual(['42', '3567', '10100']);
    expect(ids('followed')).toEqual(['10122']);
    expect(ids({ series: '熵' })).toEqual(['3534', '3552', '3567']);
    expect(ids({ series: 'Transformer升级之路' })).toEqual(['10100']);
  });
});

/** The expected Markdown line of the article whose title needs escaping (too long for one source line). */
const MOE_LINE =
  '- [x] [A Tour of MoE: 7. {Braces} & 50% "quotes", \\<tags\\> $x\\_1$ \\#1 \\~ ^]' +
  '(https://kexue.fm/archives/10122) · 2024-05-01';

describe('Markdown', () => {
  it('groups by series in part order, checks read articles, links and dates', () => {
    expect(
      toMarkdown(listSnapshot, { now, labels: { title: '科学空间阅读列表', noSeries: '其他文章' } }),
    ).toMatchInlineSnapshot(`
      "# 科学空间阅读列表

      _2026-11-22_

      ## 熵

      - [x] [“熵”不起：从熵、最大熵原理到最大熵模型（一）](https://kexue.fm/archives/3534) · 2015-12-01
      - [ ] [“熵”不起：从熵、最大熵原理到最大熵模型（二）](https://kexue.fm/archives/3552) · 2015-12-20 · 46%
      - [ ] [“熵”不起：从熵、最大熵原理到最大熵模型（三）](https://kexue.fm/archives/3567) · 2015-12-31

      ## Transformer升级之路

      - [ ] [Transformer升级之路：1、Sinusoidal位置编码追根溯源](https://kexue.fm/archives/10100) · 2021-03-08

      ## A Tour of MoE

      ${MOE_LINE}

      ## 其他文章

      - [ ] [=HYPERLINK("http://evil")](https://kexue.fm/archives/42)
      - [x] [archives/777](https://kexue.fm/archives/777)
      "
    `);
  });
});

describe('CSV', () => {
  it('is RFC 4180 with a BOM and CRLF, and parses back to the rows', () => {
    const csv = toCsv(listSnapshot);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header = [], ...records] = parseCsv(csv.slice(1));
    expect(header).toEqual(['id', 'title', 'url', 'date', 'series', 'part', 'state', 'progress', 'readAt']);
    const byId = new Map(records.map((r) => [r[0], Object.fromEntries(header.map((h, i) => [h, r[i]]))]));
    expect(records.every((r) => r.length === header.length)).toBe(true);
    expect(byId.get('10122')).toEqual({
      id: '10122',
      title: 'A Tour of MoE: 7. {Braces} & 50% "quotes", <tags> $x_1$ #1 ~ ^',
      url: 'https://kexue.fm/archives/10122',
      date: '2024-05-01',
      series: 'A Tour of MoE',
      part: '7',
      state: 'read',
      progress: '1',
      readAt: '2026-02-05T00:00:00.000Z',
    });
    expect(byId.get('3552')).toMatchObject({
      state: 'reading',
      progress: '0.456',
      readAt: '',
      series: '熵',
      part: '2',
    });
    expect(byId.get('10100')).toMatchObject({ series: 'Transformer升级之路', part: '1' });
    // A title a spreadsheet would run as a formula is defused.
    expect(byId.get('42')?.title).toBe('\'=HYPERLINK("http://evil")');
  });

  it('follows the scope', () => {
    const records = parseCsv(toCsv(listSnapshot, { scope: 'followed' }).slice(1));
    expect(records.map((r) => r[0])).toEqual(['id', '10122']);
  });
});

describe('BibTeX', () => {
  /** Entries and their fields, with balanced braces (so an unescaped brace in a title breaks the parse). */
  function parseBibtex(text: string) {
    const entries: { key: string; fields: Record<string, string> }[] = [];
    const entry = /@online\{([^,\s]+),\n((?: {8}\w+=\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\},\n)*)\}\n/gy;
    let end = 0;
    for (let match = entry.exec(text); match; match = entry.exec(text)) {
      const [, key = '', body = ''] = match;
      const fields: Record<string, string> = {};
      for (const [, name = '', value = ''] of body.matchAll(/ {8}(\w+)=\{(.*)\},\n/g)) fields[name] = value;
      entries.push({ key, fields });
      end = entry.lastIndex;
      if (text[end] === '\n') entry.lastIndex = ++end;
    }
    expect(end).toBe(text.length);
    return entries;
  }

  it("writes the blog's citation form, escaping TeX specials so braces balance", () => {
    const entries = parseBibtex(toBibtex(listSnapshot));
    expect(entries.map((e) => e.key)).toEqual([
      'kexuefm-42',
      'kexuefm-777',
      'kexuefm-3534',
      'kexuefm-3552',
      'kexuefm-3567',
      'kexuefm-10100',
      'kexuefm-10122',
    ]);
    expect(entries[2]?.fields).toEqual({
      title: '“熵”不起：从熵、最大熵原理到最大熵模型（一）',
      author: '苏剑林',
      year: '2015',
      month: 'Dec',
      url: '\\url{https://kexue.fm/archives/3534}',
    });
    expect(entries[6]?.fields.title).toBe(
      'A Tour of MoE: 7. \\{Braces\\} \\& 50\\% "quotes", <tags> \\$x\\_1\\$ \\#1 \\~{} \\^{}',
    );
    expect(must(entries[0], 'the first entry').fields).not.toHaveProperty('year');
  });

  it('matches the entry shown on the blog byte for byte', () => {
    const one = { ...listSnapshot, reading: [] };
    const [entry] = toBibtex(one, { scope: { series: '熵' } }).split('\n\n');
    expect(entry).toBe(
      [
        '@online{kexuefm-3534,',
        '        title={“熵”不起：从熵、最大熵原理到最大熵模型（一）},',
        '        author={苏剑林},',
        '        year={2015},',
        '        month={Dec},',
        '        url={\\url{https://kexue.fm/archives/3534}},',
        '}',
      ].join('\n'),
    );
  });
});

describe('file names', () => {
  it('name the format and the local date', () => {
    expect(exportFileName('markdown', now)).toBe('kexue-reading-2026-11-22.md');
    expect(exportFileName('csv', now)).toBe('kexue-reading-2026-11-22.csv');
    expect(exportFileName('json', now)).toBe('kexue-reading-2026-11-22.json');
    expect(exportFileName('bibtex', now)).toBe('kexue-reading-2026-11-22.bib');
    expect(exportFileName('bookmarks', now)).toBe('kexue-reading-2026-11-22.html');
  });

  it('come with the text and type of a download; a backup ignores the scope', () => {
    const md = renderExport('markdown', listSnapshot, { now, scope: 'read' });
    expect(md).toMatchObject({ fileName: 'kexue-reading-2026-11-22.md', mimeType: 'text/markdown;charset=utf-8' });
    expect(md.text).toBe(toMarkdown(listSnapshot, { now, scope: 'read' }));
    const json = renderExport('json', listSnapshot, { now, scope: 'read' });
    expect(json.mimeType).toBe('application/json');
    expect(parseBackup(json.text).data).toEqual(listSnapshot);
  });
});
