/**
 * The Firefox build leaves no trace of its per-install moz-extension:// id in the page (a fingerprint any script
 * could read) and exposes none of its files to sites, yet the math is drawn in KaTeX's own fonts: the content
 * script reads them itself and registers them with the FontFace API (utils/tex/dom/fonts.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_UUID, type FirefoxSession, launchFirefox } from './browser';

/** The heaviest saved article, and a listing page with math in its excerpts. */
const PAGES = ['https://kexue.fm/archives/10122', 'https://kexue.fm/category/Mathematics/8/'];
let session: FirefoxSession;

beforeAll(async () => {
  session = await launchFirefox();
});
afterAll(async () => {
  await session?.close();
});

describe.each(PAGES)('%s with our renderer', (url) => {
  it('no moz-extension URL in its stylesheets or its DOM; formulas in KaTeX_Main, loaded from no URL', async () => {
    const page = await session.open(url);
    await page.waitFor('html[data-kx-math-state="done"]', 30_000);
    await page.waitUntil(() => !document.getElementById('kx-fonts-pending'), null, 15_000);
    const seen = await page.evaluate(() => {
      // What a page script can read of every sheet: its address, and its rules unless it is another origin's.
      const rules = [...document.styleSheets].flatMap((sheet) => {
        try {
          return [String(sheet.href), ...[...sheet.cssRules].map((rule) => rule.cssText)];
        } catch {
          return [String(sheet.href)];
        }
      });
      const formula = document.querySelector('[data-kx-math] .katex');
      // A face of the page's fonts that came from a stylesheet would show in its rules; ours come from bytes.
      const faces = [...document.fonts].map((face) => `${face.family.replace(/"/g, '')} ${face.status}`);
      const width = (family: string) => {
        const probe = document.createElement('span');
        probe.style.cssText = `font: 40px ${family}; position: absolute; white-space: pre`;
        probe.textContent = 'mmmm xyz';
        document.body.append(probe);
        const { width } = probe.getBoundingClientRect();
        probe.remove();
        return width;
      };
      return {
        rules: rules.join('\n'),
        html: document.documentElement.outerHTML,
        fontFaceRules: rules.filter((rule) => rule.startsWith('@font-face')).length,
        faces,
        formulas: document.querySelectorAll('[data-kx-math]').length,
        formulaFont: formula ? getComputedStyle(formula).fontFamily : null,
        mainWidth: width('KaTeX_Main, monospace'),
        monospaceWidth: width('monospace'),
      };
    });
    expect(seen.formulas).toBeGreaterThan(0);
    expect(seen.rules).not.toMatch(/moz-extension:|url\((["']?)fonts\//);
    expect(seen.html).not.toContain('moz-extension:');
    expect(seen.html).not.toContain(EXTENSION_UUID);
    expect(seen.fontFaceRules).toBe(0);
    expect(seen.faces).toHaveLength(20);
    expect(seen.faces).toContain('KaTeX_Main loaded');
    expect(seen.faces.every((face) => face.endsWith(' loaded'))).toBe(true);
    expect(seen.formulaFont).toMatch(/^KaTeX_Main,/);
    // Text set in KaTeX_Main is drawn with its glyphs, not the fallback's.
    expect(seen.mainWidth).not.toBeCloseTo(seen.monospaceWidth, 0);
    await page.close();
  });
});

it('no page saw an error, and no font request failed', () => {
  expect(session.errors).toEqual([]);
});
