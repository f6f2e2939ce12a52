import { launchExtension } from '../tests/e2e/browser';
import { loadManifest } from '../tests/e2e/fixtures';
const s = await launchExtension();
const archive = await s.open('https://kexue.fm/content.html');
await archive.waitForSelector('[data-kx-entry][data-kx-state]');
await archive.waitForTimeout(3000);
const page = await s.context.newPage();
for (const p of loadManifest().filter((p) => p.kind === 'article')) {
  await page.goto(p.url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('html[data-kx-state]');
  await page.waitForTimeout(400);
  const info = await page.evaluate(() => ({
    series: !document.querySelector('.kx-strip-series')!.hasAttribute('hidden'),
    part: document.querySelector('.kx-strip-part')?.textContent,
    next: document.querySelector('.kx-end-series')?.textContent,
  }));
  if (info.series) console.log(p.url, info.part, '|', info.next);
}
console.log(console.log(s.errors));
await s.close();
