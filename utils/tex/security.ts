/**
 * Comments on the blog are written by anyone, so TeX is hostile input. The compatibility pass removes every
 * user-written command that could reach the DOM (links, ids, classes, raw styles); the only such commands KaTeX
 * then sees are the ones the pipeline generates, and `trustGenerated` admits exactly those shapes.
 */

/** Longer formulas are refused before parsing (the longest real one is about 5,500 characters). */
export const MAX_TEX_LENGTH = 20_000;
/** KaTeX's macro expansion budget per formula (stops `\def\a{\a\a}` bombs). */
export const MAX_EXPAND = 1000;
/** Cap, in ems, on user-specified sizes (`\rule`, `\kern`, `\hspace`, …). */
export const MAX_SIZE = 50;

const ALLOWED_PROPERTIES = new Set([
  'color', 'background-color', 'background',
  'border', 'border-top', 'border-right', 'border-bottom', 'border-left',
  'border-color', 'border-style', 'border-width', 'border-radius',
  'padding', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'margin', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left',
  'display', 'width', 'height', 'min-width', 'min-height', 'vertical-align',
  'opacity', 'transform', 'font-weight', 'font-style', 'font-size', 'text-decoration',
]);

const DISPLAY_VALUES = new Set(['inline', 'inline-block']);
/**
 * Largest magnitude allowed per unit, so a style can decorate math but not cover the page. No `%`: inside a
 * macro argument KaTeX would read it as a comment.
 */
const MAX_BY_UNIT: Record<string, number> = { px: 600, pt: 450, em: 40, ex: 80, cm: 16, mm: 160, in: 6, deg: 360, '': 1000 };
/** Unitless numbers in a transform are scale factors. */
const MAX_SCALE = 5;
const SAFE_VALUE = /^[A-Za-z0-9#.,()\s+-]*$/;
const COLOR_FUNCTION = /\b(?:rgba?|hsla?)\(\s*[\d.]+(?:\s*,\s*[\d.]+){2,3}\s*\)/gi;
const FUNCTION_CALL = /([A-Za-z-]+)\(/g;
const TRANSFORM_FUNCTIONS = new Set(['rotate', 'scale', 'scalex', 'scaley', 'skewx', 'skewy']);
const NUMBER_WITH_UNIT = /(-?\d*\.?\d+)([A-Za-z%]*)/g;

function safeValue(property: string, value: string): boolean {
  if (!value || !SAFE_VALUE.test(value)) return false;
  if (property === 'display') return DISPLAY_VALUES.has(value.toLowerCase());
  // Colour functions are checked whole; hex colours carry digits that are not lengths.
  const rest = value.replace(COLOR_FUNCTION, 'c').replace(/#[0-9A-Fa-f]{3,8}\b/g, 'c');
  for (const m of rest.matchAll(FUNCTION_CALL)) {
    if (property !== 'transform' || !TRANSFORM_FUNCTIONS.has(m[1].toLowerCase())) return false;
  }
  for (const m of rest.matchAll(NUMBER_WITH_UNIT)) {
    const unit = m[2].toLowerCase();
    const max = property === 'transform' && unit === '' ? MAX_SCALE : MAX_BY_UNIT[unit];
    if (max === undefined) return false;
    const n = Number(m[1]);
    if (Math.abs(n) > max) return false;
    if (n < 0 && property.startsWith('margin')) return false;
  }
  return true;
}

/**
 * The declarations of `css` that are safe to show, normalised as `prop: value; …`; '' when none is.
 * Positioning, url(), expressions, custom properties and oversized lengths are dropped.
 */
export function sanitizeCss(css: string): string {
  const kept: string[] = [];
  for (const declaration of css.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim().replace(/\s+/g, ' ');
    if (ALLOWED_PROPERTIES.has(property) && safeValue(property, value)) kept.push(`${property}: ${value}`);
  }
  return kept.join('; ');
}

/** Anchor ids and links the numbering pass generates. */
export const ANCHOR_PREFIX = 'mjx-eqn-';
const GENERATED_HREF = /^#mjx-eqn-[A-Za-z0-9%._~*'()!-]*$/;

type TrustContext =
  | { command: '\\href' | '\\url' | '\\includegraphics'; url: string }
  | { command: '\\htmlId'; id: string }
  | { command: '\\htmlStyle'; style: string }
  | { command: '\\htmlClass'; class: string }
  | { command: '\\htmlData'; attributes: Record<string, string> };

/** KaTeX `trust`: only in-page equation links, equation anchor ids, and styles that are already sanitized. */
export function trustGenerated(context: TrustContext): boolean {
  switch (context.command) {
    case '\\href':
      return GENERATED_HREF.test(context.url);
    case '\\htmlId':
      return context.id.startsWith(ANCHOR_PREFIX) && !/[\s"'<>]/.test(context.id);
    case '\\htmlStyle':
      return context.style !== '' && sanitizeCss(context.style) === context.style;
    default:
      return false;
  }
}
