// Each code-shape rule (scripts/code-shape.ts) fails on a file made to break it, and holds at its limit.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkShape, type SourceFile } from '@/scripts/code-shape';

const lines = (n: number, line = 'x;') => `${Array.from({ length: n }, () => line).join('\n')}\n`;
/** A function of `total` lines, its signature and closing brace included. */
const fn = (name: string, total: number, above = '') =>
  `${above}export function ${name}() {\n${lines(total - 2, '  call();')}}\n`;
const check = (...files: SourceFile[]) => checkShape(files).map((f) => `${f.path}:${f.line} ${f.why}`);

describe('code shape: lines', () => {
  it('flags a line over 120 characters in .ts, .tsx, .css and .mjs, with its line number', () => {
    const long = `// ${'a'.repeat(118)}`;
    for (const path of ['utils/a.ts', 'components/A.tsx', 'components/a.css', 'scripts/a.mjs', 'tests/unit/a.ts']) {
      expect(check({ path, text: `ok\n${long}\n` })).toEqual([`${path}:2 line of 121 characters (max 120)`]);
    }
  });

  it('allows 120 characters, counts a CJK character once, and reads no saved page or other file kind', () => {
    expect(check({ path: 'utils/a.ts', text: `// ${'a'.repeat(117)}\n` })).toEqual([]);
    expect(check({ path: 'utils/a.ts', text: `// ${'科'.repeat(117)}\n` })).toEqual([]);
    const long = 'a'.repeat(200);
    expect(check({ path: 'tests/fixtures/kexue/a.ts', text: long }, { path: 'README.md', text: long })).toEqual([]);
  });
});

describe('code shape: files', () => {
  it('flags a production file over 400 lines', () => {
    for (const folder of ['utils', 'features', 'components', 'background', 'entrypoints', 'scripts']) {
      expect(check({ path: `${folder}/a.ts`, text: lines(401) })).toEqual([
        `${folder}/a.ts:1 file of 401 lines (max 400)`,
      ]);
    }
    expect(check({ path: 'components/styles.css', text: lines(401, 'a {}') })).toHaveLength(1);
  });

  it('allows 400 lines, and a long test or configuration file', () => {
    expect(check({ path: 'utils/a.ts', text: lines(400) })).toEqual([]);
    expect(check({ path: 'tests/unit/a.test.ts', text: lines(900) })).toEqual([]);
    expect(check({ path: 'wxt.config.ts', text: lines(900) })).toEqual([]);
  });
});

describe('code shape: functions', () => {
  it('flags a production function over 80 lines, named, at its first line', () => {
    expect(check({ path: 'features/a.ts', text: `// one\n${fn('render', 81)}` })).toEqual([
      'features/a.ts:2 function render of 81 lines (max 80 without a "Long because …" comment)',
    ]);
  });

  it('flags arrow functions, methods, callbacks and nested functions, in .tsx and .mjs too', () => {
    const body = lines(80, '    call();');
    const text = [
      `export const arrow = () => {\n${body}};`,
      `class A {\n  method() {\n${body}  }\n}`,
      `run(function () {\n${body}});`,
      `export function outer() {\n  const inner = () => {\n${body}  };\n}`,
    ].join('\n');
    expect(check({ path: 'components/A.tsx', text })).toEqual([
      expect.stringMatching(/^components\/A\.tsx:1 function arrow of 82 lines/),
      expect.stringMatching(/^components\/A\.tsx:84 function method of 82 lines/),
      expect.stringMatching(/^components\/A\.tsx:167 callback of run of 82 lines/),
      expect.stringMatching(/^components\/A\.tsx:249 function outer of 84 lines/),
      expect.stringMatching(/^components\/A\.tsx:250 function inner of 82 lines/),
    ]);
    expect(check({ path: 'scripts/a.mjs', text: fn('main', 81) })).toHaveLength(1);
  });

  it('allows 80 lines, and a longer function whose comment right above says "Long because …"', () => {
    expect(check({ path: 'utils/a.ts', text: fn('f', 80) })).toEqual([]);
    const why = '/** Renders. Long because it is one state machine over the tokens. */\n';
    expect(check({ path: 'utils/a.ts', text: fn('f', 120, why) })).toEqual([]);
    const reason = '// Long because each step needs the state of the one before.\n';
    const arrow = `${reason}export const f = () => {\n${lines(90)}};\n`;
    expect(check({ path: 'utils/a.ts', text: arrow })).toEqual([]);
  });

  it('does not take a reason that is only two words, or that sits above another statement', () => {
    expect(check({ path: 'utils/a.ts', text: fn('f', 81, '// Long because.\n') })).toHaveLength(1);
    const elsewhere = `// Long because it does many things.\nconst a = 1;\n${fn('f', 81)}`;
    expect(check({ path: 'utils/a.ts', text: elsewhere })).toHaveLength(1);
  });

  it('leaves test files alone', () => {
    expect(check({ path: 'tests/unit/a.test.ts', text: fn('f', 200) })).toEqual([]);
  });
});

describe('scripts/check-code-shape.ts', () => {
  const script = resolve('scripts/check-code-shape.ts');
  const tsx = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;
  const run = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'kx-shape-'));
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      return spawnSync(process.execPath, ['--import', tsx, script], { cwd: root, encoding: 'utf8' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

  // A node process with tsx: slow to start when the machine is busy.
  it('prints each finding as file:line and why, and exits 1', { timeout: 60_000 }, () => {
    const result = run({
      'utils/long.ts': lines(401),
      'scripts/wide.mjs': `${'a'.repeat(121)}\n`,
      'node_modules/x/index.ts': lines(900),
    });
    expect(result.stdout).toContain('utils/long.ts:1 file of 401 lines (max 400)\n');
    expect(result.stdout).toContain('scripts/wide.mjs:1 line of 121 characters (max 120)\n');
    expect(result.stdout).toContain('code shape: 2 files, 2 findings');
    expect(result.status).toBe(1);
  });

  it('exits 0 on a tree in shape', { timeout: 60_000 }, () => {
    const result = run({ 'utils/a.ts': lines(10), 'tests/fixtures/page.ts': 'a'.repeat(500) });
    expect(result.stdout).toBe('code shape: 1 files, 0 findings\n');
    expect(result.status).toBe(0);
  });
});
