import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkTitles, readTitleTsv } from '@/scripts/series-check';
import { loadSample } from './corpus';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const sampleFile = join(repo, 'tests/fixtures/corpus/titles-sample.tsv');

function runChecker(file: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/series-check.ts', file], {
    cwd: repo,
    encoding: 'utf8',
  });
}

// The command runs in a child Node with tsx: seconds on a busy machine, more than Vitest's 5 s.
describe('series checker (npm run series:check -- FILE.tsv)', { timeout: 60_000 }, () => {
  it('prints one JSON line per row in input order, then the summary, and matches the sample labels', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/series-check.ts', sampleFile], {
      cwd: repo,
      encoding: 'utf8',
    });
    const lines = out.trimEnd().split('\n');
    const sample = loadSample();
    expect(lines.length).toBe(sample.length + 1);
    expect(lines.at(-1)).toBe(`${sample.length} passed, 0 failed`);
    const results = lines.slice(0, -1).map((l) => JSON.parse(l));
    expect(results.map((r) => r.id)).toEqual(sample.map((r) => r.id));
    for (const r of results) expect(Object.keys(r)).toEqual(['id', 'series', 'part', 'subpart']);
    // Same key ⇔ same label, and parts/sub-parts equal to the labels.
    sample.forEach((row, i) => {
      const got = results[i];
      expect(got.series === null, row.title).toBe(row.series === '');
      expect([got.part, got.subpart], row.title).toEqual([row.part, row.subpart]);
      sample.forEach((other, j) => {
        if (j > i && row.series && other.series)
          expect(results[j].series === got.series).toBe(other.series === row.series);
      });
    });
  });

  it('ignores other columns and accepts any column order, CRLF and a BOM', () => {
    const rows = readTitleTsv(
      '\uFEFFtitle\textra\tid\r\n变分自编码器（一）：原来是这么一回事\tx\t5253\r\n变分自编码器（二）：从贝叶斯观点出发\ty\t5343\r\n',
    );
    expect(rows).toEqual([
      { id: '5253', title: '变分自编码器（一）：原来是这么一回事' },
      { id: '5343', title: '变分自编码器（二）：从贝叶斯观点出发' },
    ]);
    const lines = checkTitles(rows);
    const [first, second] = lines.slice(0, 2).map((line) => JSON.parse(line));
    expect(first).toMatchObject({ id: '5253', part: 1, subpart: null });
    expect(second.series).toBe(first.series);
  });

  it('counts as failed a title that looks like a series title but cannot be parsed', () => {
    // `（三）` marks a part, but the name before it is missing.
    const lines = checkTitles([
      { id: '1', title: '（三）' },
      { id: '2', title: '一道自然数的数学题' },
    ]);
    expect(lines.at(-1)).toBe('1 passed, 1 failed');
  });

  it('exits nonzero with a clear message on a missing file or missing columns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'series-check-'));
    const missing = runChecker(join(dir, 'nope.tsv'));
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/cannot read .*nope\.tsv/);

    const bad = join(dir, 'bad.tsv');
    writeFileSync(bad, 'id\tname\n1\tfoo\n');
    const noTitle = runChecker(bad);
    expect(noTitle.status).not.toBe(0);
    expect(noTitle.stderr).toMatch(/missing: title/);
    expect(noTitle.stdout).toBe('');
  });
});
