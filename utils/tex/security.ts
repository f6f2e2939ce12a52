/**
 * Comments on the blog are written by anyone, so TeX is hostile input. The compatibility pass removes every
 * user-written command that could reach the DOM (links, ids, classes, raw styles); the only such commands KaTeX
 * then sees are the ones the pipeline generates, and `trustGenerated` admits exactly those shapes.
 */
import { group } from '@/utils/regex';

/** Longer formulas are refused before parsing (the longest real one is about 5,500 characters). */
export const MAX_TEX_LENGTH = 20_000;
/** KaTeX's macro expansion budget per formula (stops `\def\a{\a\a}` bombs). */
export const MAX_EXPAND = 1000;
/** Cap, in ems, on user-specified sizes (`\rule`, `\kern`, `\hspace`, …). */
export const MAX_SIZE = 50;

const ALLOWED_PROPERTIES = new Set([
  'color',
  'background-color',
  'background',
  'border',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'border-color',
  'border-style',
  'border-width',
  'border-radius',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'margin',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'display',
  'width',
  'height',
  'min-width',
  'min-height',
  'vertical-align',
  'opacity',
  'transform',
  'font-weight',
  'font-style',
  'font-size',
  'text-decoration',
]);

const DISPLAY_VALUES = new Set(['inline', 'inline-block']);
/**
 * Largest magnitude allowed per unit, so a style can decorate math but not cover the page. No `%`: inside a
 * macro argument KaTeX would read it as a comment.
 */
const MAX_BY_UNIT: Record<string, number> = {
  px: 600,
  pt: 450,
  em: 40,
  ex: 80,
  cm: 16,
  mm: 160,
  in: 6,
  deg: 360,
  '': 1000,
};
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
    if (property !== 'transform' || !TRANSFORM_FUNCTIONS.has(group(m, 1).toLowerCase())) return false;
  }
  for (const m of rest.matchAll(NUMBER_WITH_UNIT)) {
    const unit = group(m, 2).toLowerCase();
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
    const value = declaration
      .slice(colon + 1)
      .trim()
      .replace(/\s+/g, ' ');
    if (ALLOWED_PROPERTIES.has(property) && safeValue(property, value)) kept.push(`${property}: ${value}`);
  }
  return kept.join('; ');
}

/**
 * How much larger user styles may make any part of a formula, all nesting included: each `\style` is checked alone
 * by sanitizeCss, but nested ones multiply (four `scale(5)` would be 625×), whether written out or made by a macro.
 */
export const MAX_ENLARGEMENT = 5;

const PX_PER_UNIT: Record<string, number> = {
  px: 1,
  pt: 4 / 3,
  pc: 16,
  in: 96,
  cm: 96 / 2.54,
  mm: 96 / 25.4,
  em: 16,
  ex: 8,
};
const SCALE_CALL = /scale[xy]?\(([^)]*)\)/gi;
const FONT_SIZE = /(?:^|[;"])\s*font-size:\s*(-?\d*\.?\d+)([a-z]*)/i;

/** The factor by which a span's sanitized style attributes enlarge what it encloses (1 when they do not). */
function enlargementOf(css: string): number {
  let factor = 1;
  for (const m of css.matchAll(SCALE_CALL)) {
    for (const n of group(m, 1).split(',')) factor *= Math.max(1, Math.abs(Number(n) || 0));
  }
  const size = FONT_SIZE.exec(css);
  // Absolute sizes are measured against the 16px default; relative ones multiply whatever encloses them.
  if (size) factor *= Math.max(1, (Math.abs(Number(size[1])) * (PX_PER_UNIT[group(size, 2).toLowerCase()] ?? 16)) / 16);
  return factor;
}

/**
 * The largest enlargement, along any chain of nested user styles, in KaTeX's HTML. KaTeX renders `\htmlStyle` as
 * `<span class="enclosing…" style="…">` (after its own `style="color:…"` in a coloured context); every span is
 * balanced, so counting spans follows the nesting.
 */
export function styleEnlargement(html: string): number {
  if (!html.includes('<span class="enclosing')) return 1;
  const stack: number[] = [1];
  let max = 1;
  for (const m of html.matchAll(/<span\b([^>]*)>|<\/span>/g)) {
    if (m[0] === '</span>') {
      if (stack.length > 1) stack.pop();
      continue;
    }
    // An opening tag (closing ones were handled above); the stack keeps its first entry.
    const attributes = m[1] ?? '';
    const factor = (stack.at(-1) ?? 1) * (attributes.startsWith(' class="enclosing') ? enlargementOf(attributes) : 1);
    stack.push(factor);
    max = Math.max(max, factor);
  }
  return max;
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
