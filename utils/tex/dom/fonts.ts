/**
 * KaTeX's fonts without a URL of the extension in the page. KaTeX's stylesheet names its fonts by URL in
 * `@font-face` rules; put in a `<style>`, those URLs would carry the extension's address into the page, where any
 * script can read it (in Firefox a per-install `moz-extension://` id, a fingerprint), and the fonts would have to be
 * web-accessible to every site. Instead the content script registers each font's bytes (carried inside it,
 * font-bytes.ts) with the FontFace API: no URL of ours in the page's stylesheets, and no web-accessible font.
 */

/** One `@font-face` of KaTeX's stylesheet: its family, the woff2 file and the descriptors it declares. */
export interface KatexFontFace {
  family: string;
  file: string;
  descriptors: FontFaceDescriptors;
}

const FONT_FACE_RULE = /@font-face\s*\{([^}]*)\}/g;

function declaration(body: string, property: string): string | undefined {
  return new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*([^;]+)`).exec(body)?.[1]?.trim();
}

/** The `@font-face` rules of a KaTeX stylesheet, each with its woff2 file (which every supported browser reads). */
export function katexFontFaces(css: string): KatexFontFace[] {
  const faces: KatexFontFace[] = [];
  for (const [, body = ''] of css.matchAll(FONT_FACE_RULE)) {
    const family = declaration(body, 'font-family')?.replace(/^["']|["']$/g, '');
    const file = /url\(["']?fonts\/([\w-]+\.woff2)["']?\)/.exec(body)?.[1];
    if (!family || !file) throw new Error(`A KaTeX @font-face this code does not understand: ${body.slice(0, 120)}`);
    faces.push({
      family,
      file,
      descriptors: {
        style: declaration(body, 'font-style') ?? 'normal',
        weight: declaration(body, 'font-weight') ?? '400',
        display: (declaration(body, 'font-display') as FontDisplay | undefined) ?? 'block',
      },
    });
  }
  return faces;
}

/** The stylesheet without its `@font-face` rules (and so without any font URL). */
export function withoutFontFaces(css: string): string {
  return css.replace(FONT_FACE_RULE, '');
}

/**
 * Makes every face from its bytes as soon as they are read (`readFont` gets a file name), then adds all of them to the
 * document's fonts together, in one task. Why together: each `document.fonts.add` makes the browser recompute the
 * style and layout of all the page's text (in Chromium), so 20 faces added one by one as they arrived cost 20 such
 * passes over a page that is still loading (measured: listing pages 1.5–2 times slower to their last formula).
 * Making a face from bytes decodes it on this thread (~1 ms each), so that is spread over the reads' own tasks.
 * Resolves once the faces are in; a font that cannot be read or parsed is reported in the rejection, the others stay.
 */
export async function addFontFaces(
  doc: Document,
  faces: readonly KatexFontFace[],
  readFont: (file: string) => Promise<ArrayBuffer>,
): Promise<void> {
  const FontFaceOfPage = (doc.defaultView as (Window & typeof globalThis) | null)?.FontFace ?? FontFace;
  const results = await Promise.allSettled(
    faces.map(async ({ family, file, descriptors }) => {
      const face = new FontFaceOfPage(family, await readFont(file), descriptors);
      await face.loaded;
      return face;
    }),
  );
  for (const result of results) if (result.status === 'fulfilled') doc.fonts.add(result.value);
  const failed = results.flatMap((result, i) => (result.status === 'rejected' ? [faces[i]?.file] : []));
  if (failed.length > 0) throw new Error(`KaTeX fonts not loaded: ${failed.join(', ')}`);
}
