/** Saved pages for the DOM-side TeX tests (tests/fixtures/kexue, or the directory in KEXUE_FIXTURES). */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { FIXTURES_DIR, type ManifestPage } from '@/tests/manifest';

export { FIXTURES_DIR, loadManifest as loadPages } from '@/tests/manifest';

export interface TexRow {
  id: string;
  display: boolean;
  tex: string;
  delim?: string;
}

export function readJsonl(path: string): TexRow[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as TexRow);
}

export function rowsById(rows: TexRow[]): Map<string, TexRow[]> {
  const byId = new Map<string, TexRow[]>();
  for (const row of rows) {
    const list = byId.get(row.id) ?? [];
    list.push(row);
    byId.set(row.id, list);
  }
  return byId;
}

/** A saved page parsed by happy-dom at its real URL, scripts and styles not loaded. Close the window after use. */
export function openPage(page: ManifestPage): { window: Window; document: Document } {
  const window = new Window({
    url: page.url,
    settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true },
  });
  window.document.write(readFileSync(resolve(FIXTURES_DIR, page.file), 'utf8'));
  return { window, document: window.document as unknown as Document };
}

/** First occurrence of each (display, tex), in order. */
export function dedupe<T extends { display: boolean; tex: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = (item.display ? 'D' : 'I') + item.tex;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
