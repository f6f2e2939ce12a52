/**
 * KaTeX's woff2 fonts, carried inside the content script (base64, ~350 KB) instead of read from the extension's files
 * on every page: a `fetch` of an extension file is answered through the browser's process, after the page's own
 * parsing tasks, and on a busy machine the fonts came 300–900 ms after DOMContentLoaded, with the formulas hidden
 * until then (measured, README Speed). Decoded here, a font is ready a task later.
 */
const INLINED = import.meta.glob<string>('/node_modules/katex/dist/fonts/*.woff2', {
  query: '?inline',
  import: 'default',
  eager: true,
});

const byFile = new Map(Object.entries(INLINED).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url]));

/** The bytes of one of KaTeX's fonts (a file name such as `KaTeX_Main-Regular.woff2`), decoded from base64. */
export function inlinedFont(file: string): ArrayBuffer {
  const url = byFile.get(file);
  if (url === undefined) throw new Error(`${file}: not a font of KaTeX's`);
  const binary = atob(url.slice(url.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}
