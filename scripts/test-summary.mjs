// Prints one plain "N passed, M failed" line for the JSON reports written into the directory given (CI): the type
// check's and the lint's (one line each in static.jsonl), vitest's (unit, Chromium e2e, Firefox e2e) and the zip
// checks' (scripts/check-zips.ts). Each failed test is named above it with the first line of its message, so the last
// lines of a CI log say what broke; so is a test file that failed outside its tests (a hook such as beforeAll or
// afterAll, an import), which counts as one failure even when no test failed.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const firstLine = (text) => (text ?? '').split('\n')[0];

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
  const suite = name.replace('.json', '');
  if (!existsSync(file)) {
    console.log(`(no ${name}: that suite did not run)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    const path = relative(process.cwd(), file.name ?? '');
    for (const test of failedTests) {
      const what = `${path} > ${test.fullName ?? test.title}`;
      console.log(`FAILED ${suite}: ${what}\n       ${firstLine(test.failureMessages?.[0])}`);
    }
    if (file.status === 'failed' && failedTests.length === 0) {
      console.log(`FAILED ${suite}: ${path}\n       ${firstLine(file.message) || 'failed outside its tests'}`);
      failed += 1;
    }
  }
  // The zip checks report counts only: their own output above says which check failed.
  if (!report.testResults && report.numFailedTests > 0) {
    console.log(`FAILED ${suite}: ${report.numFailedTests} check(s), named in the output of npm run zip:check`);
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}
console.log(`${passed} passed, ${failed} failed`);
