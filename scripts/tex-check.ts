/**
 * `npm run tex:check -- FILE.jsonl`: runs the page-level TeX pipeline over a corpus of formulas.
 * Input: one JSON object per line, {"id": "<article id>", "display": true|false, "tex": "..."} (extra fields
 * ignored), grouped by article in page order; each article is one page (one macro table, one numbering).
 * Output: one JSON line per formula in input order, {"i","id","ok","error","tags","refs"}, then `N passed, M failed`.
 * Exits 0 even when formulas fail; 2 on an unreadable file or a malformed line.
 */
import { readFileSync } from 'node:fs';
import { prepareTexPage } from '@/utils/tex/pipeline';
import type { FormulaInput } from '@/utils/tex/types';

interface Line extends FormulaInput {
  i: number;
  id: string;
}

function fail(message: string): never {
  process.stderr.write(`tex:check: ${message}\n`);
  process.exit(2);
}

function parseLines(text: string, file: string): Line[] {
  const lines: Line[] = [];
  const raw = text.split('\n');
  for (const [n, line] of raw.entries()) {
    const source = line.trim();
    if (source === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (e) {
      fail(`${file}:${n + 1}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    const o = value as Record<string, unknown>;
    if (typeof o !== 'object' || o === null || Array.isArray(o)) fail(`${file}:${n + 1}: expected a JSON object`);
    if (typeof o.id !== 'string' && typeof o.id !== 'number') fail(`${file}:${n + 1}: "id" must be a string`);
    if (typeof o.display !== 'boolean') fail(`${file}:${n + 1}: "display" must be true or false`);
    if (typeof o.tex !== 'string') fail(`${file}:${n + 1}: "tex" must be a string`);
    lines.push({ i: lines.length, id: String(o.id), display: o.display, tex: o.tex });
  }
  return lines;
}

function main(): void {
  const file = process.argv[2];
  if (!file) fail('usage: npm run tex:check -- FILE.jsonl');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const lines = parseLines(text, file);

  const pages = new Map<string, Line[]>();
  for (const line of lines) {
    const page = pages.get(line.id);
    if (page) page.push(line);
    else pages.set(line.id, [line]);
  }
  const results = new Array<string>(lines.length);
  let passed = 0;
  for (const page of pages.values()) {
    const prepared = prepareTexPage(page);
    page.forEach((line, k) => {
      const r = prepared.render(k);
      if (r.ok) passed++;
      results[line.i] = JSON.stringify({
        i: line.i,
        id: line.id,
        ok: r.ok,
        error: r.error,
        tags: r.tags,
        refs: r.refs,
      });
    });
  }
  process.stdout.write(results.join('\n') + (results.length ? '\n' : ''));
  process.stdout.write(`${passed} passed, ${lines.length - passed} failed\n`);
}

main();
