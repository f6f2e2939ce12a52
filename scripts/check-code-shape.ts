/**
 * `npm run lint`, after Biome: the code-shape rules of scripts/code-shape.ts over the whole tree (or over the files
 * and folders given). Prints each finding as `file:line why` and exits 1 on any.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { checkShape, isChecked, type SourceFile } from './code-shape';

/** Not our code, or not code at all (builds, dependencies, test reports). */
const skipped = new Set(['node_modules', '.git', '.output', '.wxt', '.test-reports']);
const root = process.cwd();

function* walk(path: string): Generator<string> {
  if (!statSync(path).isDirectory()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (skipped.has(entry.name)) continue;
    yield* walk(join(path, entry.name));
  }
}

const starts = process.argv.slice(2);
const files: SourceFile[] = [];
for (const start of starts.length > 0 ? starts : [root]) {
  for (const file of walk(start)) {
    const path = relative(root, file).split(sep).join('/');
    if (isChecked(path)) files.push({ path, text: readFileSync(file, 'utf8') });
  }
}

const findings = checkShape(files);
for (const { path, line, why } of findings) console.log(`${path}:${line} ${why}`);
console.log(`code shape: ${files.length} files, ${findings.length} finding${findings.length === 1 ? '' : 's'}`);
process.exit(findings.length > 0 ? 1 : 0);
