/**
 * `npm run tex:visual -- DIR`: the visual comparison of the e2e test (tests/e2e/visual.ts) as a report, over any
 * directory of saved pages with a manifest.json in the format of tests/fixtures/kexue/.
 * Every page is loaded in Chromium with the site's MathJax 2.7.9 (our renderer off) and with ours, at 1280 and 400 px.
 * Output (stdout): one JSON line per formula and width,
 *   {"page","i","display","w","h","tagOverlap","overflow","width","outside"}
 * (w, h: ratios ours/MathJax of the formula's ink box, null when one side has none; i: 0-based, document order;
 * outside: why it is outside tolerance, [] when within), then
 *   visual: N formulas, K outside tolerance (display D, inline I); median w X, median h Y
 * (N counts formula × width). Pages that cannot be measured (missing file, timeout) are named on stderr and skipped.
 * Exit 0 whatever the formulas do; 2 when DIR has no usable manifest or no Chromium/build is found.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ExtensionSession, launchExtension } from '@/tests/e2e/browser';
import { loadManifest, type ManifestPage } from '@/tests/e2e/fixtures';
import { compareRenderers, summaryLine } from '@/tests/e2e/visual';

function fail(message: string): never {
  process.stderr.write(`tex:visual: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const arg = process.argv[2];
  if (!arg) fail('usage: npm run tex:visual -- DIR (a directory of saved pages with a manifest.json)');
  const dir = resolve(arg);
  let pages: ManifestPage[];
  try {
    pages = loadManifest(dir);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  const usable = pages.filter((page) => {
    let why = '';
    if (typeof page?.url !== 'string' || typeof page?.file !== 'string') why = 'no "url" or "file"';
    else if (!/^https?:\/\//.test(page.url)) why = `url ${page.url} is not http(s)`;
    else if (!existsSync(resolve(dir, page.file))) why = `missing file ${page.file}`;
    if (why) process.stderr.write(`tex:visual: skipped ${page?.url ?? JSON.stringify(page)}: ${why}\n`);
    return !why;
  });

  let session: ExtensionSession;
  try {
    session = await launchExtension({ fixturesDir: dir });
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  try {
    const comparisons = await compareRenderers(session, usable, (line) =>
      process.stderr.write(`tex:visual: ${line}\n`),
    );
    for (const c of comparisons) {
      process.stdout.write(
        `${JSON.stringify({
          page: c.page,
          i: c.i,
          display: c.display,
          w: c.w,
          h: c.h,
          tagOverlap: c.tagOverlap,
          overflow: c.overflow,
          width: c.width,
          outside: c.outside,
        })}\n`,
      );
    }
    process.stdout.write(`${summaryLine(comparisons)}\n`);
  } finally {
    await session.close();
  }
}

await main();
