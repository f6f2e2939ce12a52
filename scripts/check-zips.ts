/**
 * `npm run zip:check` (after `npm run zip`): what the stores would receive.
 * - the Firefox zip passes Mozilla's own linter (addons-linter) with 0 errors (warnings are printed);
 * - the Chrome zip's manifest asks only for what the extension uses, every file it names is in the zip, the icons
 *   are there at their sizes, and the zip stays small;
 * - the sources zip Mozilla asks for is there and holds what a reviewer needs to rebuild.
 * Prints one line per check, then `N passed, M failed`; exits 1 on a failure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BLOG_HOSTS } from '@/utils/site/hosts';

const outDir = resolve(process.env.KX_OUT_DIR ?? '.output');
const version = JSON.parse(
  execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").version)']).toString(),
);
const zip = (suffix: string) => join(outDir, `kexue-reader-${version}-${suffix}.zip`);
/** A sanity budget, far under the stores' limits: the build is ~0.5 MB, mostly KaTeX's fonts. */
const MAX_ZIP_BYTES = 2_000_000;
const ICON_SIZES = ['16', '32', '48', '96', '128'];

let passed = 0;
let failed = 0;
function check(name: string, ok: boolean, detail = ''): void {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

/** Prints the count and, in CI (KX_REPORT_DIR), writes it where scripts/test-summary.mjs adds it up. */
function finish(): never {
  console.log(`${passed} passed, ${failed} failed`);
  if (process.env.KX_REPORT_DIR) {
    mkdirSync(process.env.KX_REPORT_DIR, { recursive: true });
    writeFileSync(
      join(process.env.KX_REPORT_DIR, 'zip-check.json'),
      JSON.stringify({ numPassedTests: passed, numFailedTests: failed }),
    );
  }
  process.exit(failed ? 1 : 0);
}

const list = (file: string) => execFileSync('unzip', ['-Z1', file]).toString().split('\n').filter(Boolean);
const read = (file: string, entry: string) => execFileSync('unzip', ['-p', file, entry]);
/** PNG width and height from the IHDR chunk. */
const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

for (const suffix of ['chrome', 'firefox', 'sources']) {
  check(`${suffix} zip exists`, existsSync(zip(suffix)), zip(suffix));
}
if (failed) {
  console.log(
    `No zips to check in ${outDir}: run \`npm run zip\` first. ${readdirSync(outDir)
      .filter((f) => f.endsWith('.zip'))
      .join(', ')}`,
  );
  finish();
}

// Firefox: Mozilla's linter, as AMO runs it on upload.
{
  const bin = resolve('node_modules/.bin/addons-linter');
  let output = '';
  try {
    output = execFileSync(bin, ['--output', 'json', zip('firefox')], { maxBuffer: 64 << 20 }).toString();
  } catch (error) {
    output = (error as { stdout?: Buffer }).stdout?.toString() ?? ''; // it exits non-zero when it finds errors
  }
  const report = JSON.parse(output) as {
    summary: { errors: number; warnings: number };
    errors: { code: string; message: string; file?: string }[];
    warnings: { code: string; message: string; file?: string }[];
  };
  for (const warning of report.warnings)
    console.log(`     addons-linter warning ${warning.code} ${warning.file ?? ''}: ${warning.message}`);
  check(
    'firefox zip: addons-linter finds 0 errors',
    report.summary.errors === 0,
    report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`).join('; '),
  );
  check('firefox zip: size', statSync(zip('firefox')).size <= MAX_ZIP_BYTES, `${statSync(zip('firefox')).size} bytes`);
}

// Chrome: the manifest and the files it names.
{
  const file = zip('chrome');
  const entries = new Set(list(file));
  const manifest = JSON.parse(read(file, 'manifest.json').toString());
  const hosts = BLOG_HOSTS.flatMap((host) => [`http://${host}/*`, `https://${host}/*`]);
  check('chrome manifest: MV3', manifest.manifest_version === 3);
  check("chrome manifest: version is package.json's", manifest.version === version, manifest.version);
  // Each permission and what it is for is in store/listing.*.md; a new one must be added there too.
  const allowed = ['storage', 'declarativeNetRequest', 'contextMenus'];
  check(
    'chrome manifest: only the permissions the listing explains',
    manifest.permissions.every((p: string) => allowed.includes(p)),
    manifest.permissions.join(', '),
  );
  check(
    'chrome manifest: hosts are the blog only',
    JSON.stringify([...manifest.host_permissions].sort()) === JSON.stringify([...hosts].sort()),
    manifest.host_permissions.join(', '),
  );
  check(
    'chrome manifest: no remote code (CSP untouched)',
    !manifest.content_security_policy || !/https?:/.test(JSON.stringify(manifest.content_security_policy)),
  );

  const named = new Set<string>();
  for (const size of ICON_SIZES.filter((s) => s !== '96')) {
    const icon = manifest.icons?.[size];
    check(`chrome manifest: ${size} px icon`, typeof icon === 'string' && entries.has(icon), icon);
    if (icon && entries.has(icon)) {
      const [w, h] = pngSize(read(file, icon));
      check(`chrome zip: ${icon} is ${size}×${size}`, w === Number(size) && h === Number(size), `${w}×${h}`);
    }
  }
  for (const icon of Object.values(manifest.icons ?? {})) named.add(icon as string);
  if (manifest.background?.service_worker) named.add(manifest.background.service_worker);
  if (manifest.action?.default_popup) named.add(manifest.action.default_popup);
  if (manifest.options_ui?.page) named.add(manifest.options_ui.page);
  if (manifest.options_page) named.add(manifest.options_page);
  for (const script of manifest.content_scripts ?? [])
    for (const f of [...(script.js ?? []), ...(script.css ?? [])]) named.add(f);
  for (const rule of manifest.declarative_net_request?.rule_resources ?? []) named.add(rule.path);
  if (manifest.default_locale) named.add(`_locales/${manifest.default_locale}/messages.json`);
  const missing = [...named].map((f) => f.replace(/^\//, '')).filter((f) => !entries.has(f));
  check(`chrome zip: every file the manifest names is there (${named.size})`, missing.length === 0, missing.join(', '));
  for (const resource of manifest.web_accessible_resources ?? []) {
    for (const pattern of resource.resources) {
      const prefix = pattern.replace(/\*.*$/, '');
      check(
        `chrome zip: web-accessible ${pattern} matches files`,
        [...entries].some((e) => e.startsWith(prefix) && !e.endsWith('/')),
      );
    }
  }
  check('chrome zip: size', statSync(file).size <= MAX_ZIP_BYTES, `${statSync(file).size} bytes`);
}

// Sources for Mozilla's reviewers: enough to rebuild the same zip.
{
  const entries = new Set(list(zip('sources')));
  const needed = [
    'package.json',
    'package-lock.json',
    'wxt.config.ts',
    'README.md',
    'assets/icon/icon.svg',
    'public/icon/16.png',
    'entrypoints/background.ts',
  ];
  const missing = needed.filter((f) => !entries.has(f));
  check('sources zip: what a reviewer needs to rebuild', missing.length === 0, missing.join(', '));
}

finish();
