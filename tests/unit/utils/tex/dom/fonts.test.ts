/**
 * KaTeX's fonts reach the page through the FontFace API, never as a URL of the extension in a stylesheet the page
 * can read (in Firefox that URL holds the per-install moz-extension:// id).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { addFontFaces, katexFontFaces, withoutFontFaces } from '@/utils/tex/dom/fonts';

const katexCss = readFileSync('node_modules/katex/dist/katex.min.css', 'utf8');

describe("KaTeX's @font-face rules", () => {
  it('are read whole: 20 faces, each with its woff2 file (bundled by the build) and its descriptors', () => {
    const faces = katexFontFaces(katexCss);
    expect(faces).toHaveLength(20);
    expect(faces).toContainEqual({
      family: 'KaTeX_Main',
      file: 'KaTeX_Main-Regular.woff2',
      descriptors: { style: 'normal', weight: '400', display: 'block' },
    });
    expect(faces).toContainEqual({
      family: 'KaTeX_Math',
      file: 'KaTeX_Math-BoldItalic.woff2',
      descriptors: { style: 'italic', weight: '700', display: 'block' },
    });
    for (const face of faces) expect(existsSync(`node_modules/katex/dist/fonts/${face.file}`), face.file).toBe(true);
  });

  it('leave the stylesheet with no URL at all, and the rest of it intact', () => {
    const css = withoutFontFaces(katexCss);
    expect(css).not.toContain('url(');
    expect(css).not.toContain('@font-face');
    expect(css).toContain('.katex{');
    expect(css.length).toBeGreaterThan(katexCss.length / 2);
  });

  it('a rule without a woff2 file is an error that names it, not a silently missing font', () => {
    expect(() => katexFontFaces('@font-face{font-family:KaTeX_X;src:url(fonts/x.ttf)}')).toThrow(/KaTeX_X/);
  });
});

describe('addFontFaces', () => {
  /** A document whose FontFace records what it was made from and loads at once, or fails for a named file. */
  function fakeDocument() {
    const added: { family: string; bytes: number; descriptors: FontFaceDescriptors }[] = [];
    class FakeFontFace {
      loaded: Promise<unknown>;
      constructor(
        readonly family: string,
        source: ArrayBuffer,
        descriptors: FontFaceDescriptors,
      ) {
        this.loaded = source.byteLength > 0 ? Promise.resolve() : Promise.reject(new Error('bad font'));
        added.push({ family, bytes: source.byteLength, descriptors });
      }
    }
    const inDocument: string[] = [];
    const fonts = { add: (face: { family: string }) => void inDocument.push(face.family) };
    const doc = { defaultView: { FontFace: FakeFontFace }, fonts } as unknown as Document;
    return { doc, added, inDocument };
  }
  const faces = katexFontFaces(katexCss).slice(0, 3);

  it('registers every face from the bytes read for its file: no URL is handed to the page', async () => {
    const { doc, added } = fakeDocument();
    const read: string[] = [];
    await addFontFaces(doc, faces, async (file) => {
      read.push(file);
      return new ArrayBuffer(8);
    });
    expect(read).toEqual(faces.map((face) => face.file));
    expect(added.map((face) => face.family)).toEqual(faces.map((face) => face.family));
    expect(added.every((face) => face.bytes === 8)).toBe(true);
  });

  it('a font that cannot be read or parsed is named; the others are still added', async () => {
    const { doc, added } = fakeDocument();
    const failing = must(faces[1], 'a second face').file;
    const loading = addFontFaces(doc, faces, async (file) => {
      if (file === failing) throw new Error('HTTP 404');
      return new ArrayBuffer(file === must(faces[2], 'a third face').file ? 0 : 8);
    });
    await expect(loading).rejects.toThrow(`KaTeX fonts not loaded: ${failing}, ${faces[2]?.file}`);
    expect(added).toHaveLength(2);
  });

  it('adds the faces to the document together, once every font is read (one restyle, not one each)', async () => {
    const { doc, added, inDocument } = fakeDocument();
    let readLast: (bytes: ArrayBuffer) => void = () => undefined;
    const last = must(faces[2], 'a third face').file;
    const loading = addFontFaces(doc, faces, (file) =>
      file === last ? new Promise((resolve) => (readLast = resolve)) : Promise.resolve(new ArrayBuffer(8)),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(added).toHaveLength(2);
    expect(inDocument).toEqual([]);
    readLast(new ArrayBuffer(8));
    await loading;
    expect(inDocument).toEqual(faces.map((face) => face.family));
  });
});
