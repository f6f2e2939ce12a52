/**
 * KaTeX's fonts without a URL of the extension in the page. KaTeX's stylesheet names its fonts by URL in
 * `@font-face` rules; put in a `<style>`, those URLs would carry the extension's address into the page, where any
 * script can read it (in Firefox a per-install `moz-extension://` id, a fingerprint), and the fonts would have to be
 * web-accessible to every site. Instead the content script reads each font's bytes itself and registers them with
 * the FontFace API: no URL of ours in the page's stylesheets, and in Firefox no web-accessible font at all.
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
 * Adds every face to the document's fonts as soon as its bytes are read (`readFont` gets a file name), each one on
 * its own so that a font needed early does not wait for the others. Resolves once all are loaded; a font that cannot
 * be read or parsed is reported in the rejection, the others stay.
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
      doc.fonts.add(face);
      await face.loaded;
    }),
  );
  const failed = results.flatMap((result, i) => (result.status === 'rejected' ? [faces[i]?.file] : []));
  if (failed.length > 0) throw new Error(`KaTeX fonts not loaded: ${failed.join(', ')}`);
}
