/** Comments cannot change the article's math: their macro definitions stay outside the article body. */
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { readPage } from '@/utils/site/extract';
import { applyDomHooks } from '@/utils/site/hooks';
import { formulaInputs } from '@/utils/tex/dom/regions';
import { prepareTexPage } from '@/utils/tex/pipeline';
import { scanMath } from '@/utils/tex/scan';
import { loadPages, openPage } from './helpers';

const HOSTILE =
  String.raw`最新评论：$\def\frac#1#2{\text{HACKED}}$ 以及 ` +
  String.raw`$\newcommand{\mathbb}[1]{\text{HACKED}}\renewcommand{\sqrt}[1]{\text{HACKED}}$`;

/** Each article formula's html and the page's numbers, with `sidebar` put before everything else in the body. */
function renderArticle(file: string, sidebar: string | null) {
  const page = must(
    loadPages().find((p) => p.file === file),
    `the page ${file}`,
  );
  const { window, document } = openPage(page);
  try {
    const reading = readPage(document, page.url);
    if (reading.kind !== 'article') throw new Error(`${file} is not read as an article`);
    applyDomHooks(document, reading);
    if (sidebar !== null) {
      const aside = document.createElement('div');
      aside.className = 'sidebar-recent-comments';
      aside.textContent = sidebar;
      document.body.prepend(aside);
    }
    const math = scanMath(document.body);
    const prepared = prepareTexPage(formulaInputs(math));
    const body = reading.article.content;
    const article = math.flatMap((m, i) => (body.contains(m.start.node) ? [prepared.render(i)] : []));
    const others = math.flatMap((m, i) => (body.contains(m.start.node) ? [] : [prepared.render(i)]));
    return { article, others, labels: [...prepared.labels] };
  } finally {
    window.close();
  }
}

const articlePages = loadPages()
  .filter((p) => p.kind === 'article' && (p.article?.formulas.total ?? 0) > 20)
  .slice(0, 2);

describe('macro definitions outside the article body', () => {
  it.each(articlePages.map((p) => [p.file]))('%s: a comment redefining \\frac changes none of the article', (file) => {
    const clean = renderArticle(file, null);
    const attacked = renderArticle(file, HOSTILE);
    expect(attacked.article.length).toBeGreaterThan(20);
    expect(attacked.article.some((r) => r.html.includes('HACKED'))).toBe(false);
    expect(attacked.article).toEqual(clean.article);
    expect(attacked.labels).toEqual(clean.labels);
    // Outside the body the definitions still apply in document order, as MathJax has them.
    expect(attacked.others.length).toBe(clean.others.length + 2);
  });

  it('apply to later formulas outside the body, and the article keeps its own', () => {
    const page = prepareTexPage([
      { tex: String.raw`\def\frac#1#2{\text{HACKED}}`, display: false, outsideArticle: true },
      { tex: String.raw`\newcommand{\R}{\mathbb{R}}\frac{a}{b}\in\R`, display: false },
      { tex: String.raw`\frac{a}{b}\R`, display: false, outsideArticle: true },
    ]);
    expect(page.render(1).html).not.toContain('HACKED');
    expect(page.render(1).html).toContain('mfrac');
    expect(page.render(2).html).toContain('HACKED');
    expect(page.render(2).html).toContain('mathbb');
  });
});
