// Prints one plain "N passed, M failed" line for the JSON reports written into the directory given (CI): the type
// check's and the lint's (one line each in static.jsonl), vitest's (unit, Chromium e2e, Firefox e2e) and the zip
// checks' (scripts/check-zips.ts). Each failed test is named above it with the first line of its message, so the last
// lines of a CI log say what broke.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
const staticChecks = join(dir, 'static.jsonl');
if (existsSync(staticChecks)) {
  for (const line of readFileSync(staticChecks, 'utf8').split('\n').filter(Boolean)) {
    const { name, ok } = JSON.parse(line);
    if (ok) passed++;
    else {
      failed++;
      console.log(`FAILED ${name}: its findings are in the log above (npm run ${name})`);
    }
  }
} else console.log('(no static.jsonl: the type check and the lint did not run)');
for (const name of ['unit.json', 'e2e.json', 'e2e-firefox.json', 'zip-check.json']) {
  const file = join(dir, name);
  if (!existsSync(file)) {
    console.log(`(no ${name}: that suite did not run)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      const reason = (test.failureMessages?.[0] ?? '').split('\n')[0];
      console.log(`FAILED ${name.replace('.json', '')}: ${test.fullName ?? test.title}\n       ${reason}`);
    }
    if (file.status === 'failed' && !file.assertionResults?.length) {
      console.log(`FAILED ${name.replace('.json', '')}: ${file.name}\n       ${(file.message ?? '').split('\n')[0]}`);
    }
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numRuntimeErrors ?? 0);
}
console.log(`${passed} passed, ${failed} failed`);
