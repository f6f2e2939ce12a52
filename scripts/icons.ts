/**
 * `npm run icons`: draws assets/icon/icon.svg at the sizes the manifests need (16, 32, 48, 96, 128) into
 * public/icon/N.png, where WXT picks them up for both builds. Rendered by headless Chromium (playwright-core), the same
 * engine the e2e tests use, with a transparent background.
 */

import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from '@/tests/e2e/browser';

export const ICON_SIZES = [16, 32, 48, 96, 128] as const;
const svg = readFileSync(resolve('assets/icon/icon.svg'), 'utf8');
const outDir = resolve(process.argv[2] ?? 'public/icon');
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  for (const size of ICON_SIZES) {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`);
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`);
    await page.screenshot({ path: resolve(outDir, `${size}.png`), omitBackground: true });
    console.log(`${outDir}/${size}.png`);
  }
} finally {
  await browser.close();
}
