import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tex-check-'));

function texCheck(lines: string[] | null, name = 'in.jsonl') {
  const file = join(dir, name);
  if (lines) writeFileSync(file, `${lines.join('\n')}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/tex-check.ts', file], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const line = (id: string, display: boolean, tex: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, display, tex, ...extra });

describe('npm run tex:check', { timeout: 60_000 }, () => {
  it('prints one JSON line per formula in input order, then the totals', () => {
    const { status, stdout } = texCheck([
      line('1', false, 'see \\eqref{eq:b}', { delim: '$' }),
      line('1', true, '\\begin{equation}a\\label{eq:b}\\end{equation}'),
      line('2', false, '\\eqref{eq:b}'),
      line('2', true, '\\frac{1}{'),
      line('2', true, '\\begin{align}x\\\\y\\tag{A}\\end{align}'),
    ]);
    expect(status).toBe(0);
    const out = stdout.trim().split('\n');
    expect(out.slice(0, -1).map((l) => JSON.parse(l))).toEqual([
      { i: 0, id: '1', ok: true, error: null, tags: [], refs: ['(1)'] },
      { i: 1, id: '1', ok: true, error: null, tags: ['(1)'], refs: [] },
      // Each article is its own page: the label of article 1 is unknown in article 2.
      { i: 2, id: '2', ok: true, error: null, tags: [], refs: ['(???)'] },
      { i: 3, id: '2', ok: false, error: expect.stringMatching(/KaTeX parse error/), tags: [], refs: [] },
      { i: 4, id: '2', ok: true, error: null, tags: ['(1)', '(A)'], refs: [] },
    ]);
    expect(out.at(-1)).toBe('4 passed, 1 failed');
  });

  it('reports a malformed line with its number and exits nonzero', () => {
    const { status, stderr, stdout } = texCheck(
      [line('1', false, 'x'), '{"id": "1", "display": false, "tex": '],
      'bad-json.jsonl',
    );
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/bad-json\.jsonl:2: not valid JSON/);
    expect(stdout).toBe('');
  });

  it('reports a line with a missing field', () => {
    const { status, stderr } = texCheck(
      [line('1', false, 'x'), line('1', false, 'y'), '{"id": "1", "tex": "z"}'],
      'no-display.jsonl',
    );
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/no-display\.jsonl:3: "display" must be true or false/);
  });

  it('reports an unreadable file', () => {
    const { status, stderr } = texCheck(null, 'missing.jsonl');
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/cannot read .*missing\.jsonl/);
  });

  it('explains its usage when no file is given', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/tex-check.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/usage: npm run tex:check -- FILE\.jsonl/);
  });
});
