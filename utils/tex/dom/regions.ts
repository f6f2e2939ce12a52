/**
 * Which formulas belong to what the author wrote. Comments (and the sidebars quoting them, which come before the
 * article in the mobile layout) are written by anyone: the prepass keeps their macro definitions away from the
 * article's formulas (see FormulaInput.outsideArticle).
 */
import { ARTICLE_ATTR, ENTRY_ATTR } from '@/utils/site/hooks';
import type { MathMatch } from '@/utils/tex/scan';
import type { FormulaInput } from '@/utils/tex/types';

/** The article body on an article page, the entries (title and excerpt) on a listing or the archive. */
const AUTHORED = `[${ARTICLE_ATTR}], [${ENTRY_ATTR}]`;

/** The prepass input for scanned formulas, in document order. */
export function formulaInputs(math: readonly Pick<MathMatch, 'tex' | 'display' | 'start'>[]): FormulaInput[] {
  return math.map(({ tex, display, start }) => ({
    tex,
    display,
    outsideArticle: !start.node.parentElement?.closest(AUTHORED),
  }));
}
