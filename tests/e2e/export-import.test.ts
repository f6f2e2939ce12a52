/**
 * Reading lists leave the browser and come back: the options page of the built extension downloads a JSON backup
 * (and a CSV), and importing that backup (replace, after confirmation) restores the reading states, which a
 * listing page open in another tab shows at once.
 */

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { type ExtensionSession, launchExtension } from './browser';
import { entriesOf, loadManifest } from './fixtures';

const listing = must(
  loadManifest().find((p) => p.kind === 'listing'),
  'a listing page',
);
const [first, second] = entriesOf(listing);
if (!first || !second) throw new Error(`${listing.url} lists fewer than two entries`);
let session: ExtensionSession;

beforeAll(async () => {
  session = await launchExtension();
});
afterAll(async () => {
  await session?.close();
});

async function toggle(page: Page, id: string, to: string): Promise<void> {
  await page.click(`[data-kx-entry="${id}"] button.kx-toggle`);
  await page.waitForSelector(`[data-kx-entry="${id}"][data-kx-state="${to}"]`);
}

async function exportAs(options: Page, format: string): Promise<{ name: string; text: string }> {
  const section = options.locator('section[aria-labelledby="kx-export-title"]');
  await section.locator('select:has(option[value="all"])').selectOption('all');
  await section.locator(`select:has(option[value="${format}"])`).selectOption(format);
  const [download] = await Promise.all([
    options.waitForEvent('download'),
    section.locator('button.kx-primary').click(),
  ]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

it('exports a JSON backup and a CSV, and re-importing the backup restores the reading states', async () => {
  const blog = await session.open(listing.url);
  await blog.waitForSelector(`[data-kx-entry="${first.id}"][data-kx-state]`);
  await toggle(blog, first.id, 'read');
  await toggle(blog, second.id, 'read');

  const options = await session.context.newPage();
  await options.goto(`chrome-extension://${session.extensionId}/options.html`);
  const backup = await exportAs(options, 'json');
  expect(backup.name).toMatch(/^kexue-reading-\d{4}-\d{2}-\d{2}\.json$/);
  const parsed = JSON.parse(backup.text);
  const readIds = parsed.data.reading
    .filter((r: { state: string }) => r.state === 'read')
    .map((r: { id: string }) => r.id);
  expect(readIds.sort()).toEqual([first.id, second.id].sort());
  expect(parsed.data.articles.map((a: { id: string }) => a.id)).toEqual(
    expect.arrayContaining(entriesOf(listing).map((e) => e.id)),
  );

  const csv = await exportAs(options, 'csv');
  expect(csv.name).toMatch(/\.csv$/);
  expect(csv.text.charCodeAt(0)).toBe(0xfeff);
  expect(csv.text).toContain(`${first.id},`);

  // After the export the reader changes their mind about both articles...
  await toggle(blog, first.id, 'unread');
  await toggle(blog, second.id, 'unread');

  // ...and restores the backup.
  const section = options.locator('section[aria-labelledby="kx-import-title"]');
  await section
    .locator('input[type="file"]')
    .setInputFiles({ name: backup.name, mimeType: 'application/json', buffer: Buffer.from(backup.text) });
  await section.locator('input[type="radio"][value="replace"]').check();
  await section.locator('div[role="alert"] input[type="checkbox"]').check();
  await section.locator('.kx-import-preview button.kx-primary').click();
  await section.locator('p[role="status"]').waitFor();

  await blog.waitForSelector(`[data-kx-entry="${first.id}"][data-kx-state="read"]`, { timeout: 10_000 });
  await blog.waitForSelector(`[data-kx-entry="${second.id}"][data-kx-state="read"]`, { timeout: 10_000 });

  // The same file again changes nothing.
  await section
    .locator('input[type="file"]')
    .setInputFiles({ name: backup.name, mimeType: 'application/json', buffer: Buffer.from(backup.text) });
  await section.locator('.kx-import-preview p[role="status"]').waitFor();
  expect(session.errors).toEqual([]);
});

it('a broken backup is refused with a message naming the problem, and nothing changes', async () => {
  const options = await session.context.newPage();
  await options.goto(`chrome-extension://${session.extensionId}/options.html`);
  const section = options.locator('section[aria-labelledby="kx-import-title"]');
  await section.locator('input[type="file"]').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"kexue-reader-backup","version":1,"data":{"reading":[{"id":"x"}]'),
  });
  await expect.poll(() => section.textContent(), { timeout: 10_000 }).toMatch(/JSON|truncated|invalid/i);
  expect(await section.locator('.kx-import-preview').count()).toBe(0);
  const blog = await session.open(listing.url);
  await blog.waitForSelector(`[data-kx-entry="${first.id}"][data-kx-state="read"]`);
});
