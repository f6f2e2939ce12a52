import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { extractDefinitions } from '@/utils/tex/macros';
import { prepareTexPage } from '@/utils/tex/pipeline';
import type { FormulaInput } from '@/utils/tex/types';

const I = (tex: string): FormulaInput => ({ tex, display: false });

/** The visible text of KaTeX's HTML (the MathML annotation repeats the source, so only the HTML part). */
function visibleText(html: string): string {
  const htmlPart = html.slice(html.indexOf('>', html.indexOf('class="katex-html"')) + 1);
  return htmlPart.replace(/<[^>]*>/g, '').replace(/[\u200b\s]/g, '');
}

function renderPage(...tex: string[]) {
  const page = prepareTexPage(tex.map(I));
  return tex.map((_, i) => page.render(i));
}

describe('extractDefinitions', () => {
  it('reads \\newcommand with a parameter count and an optional default', () => {
    const { rest, definitions } = extractDefinitions('\\newcommand{\\x}[2][d]{#1+#2} x');
    expect(rest).toBe(' x');
    expect(definitions).toEqual([{ name: 'x', params: 2, optionalDefault: 'd', body: '#1+#2' }]);
  });

  it("accepts MathJax's lenient \\newcommand{name} without a backslash, and \\newcommand\\name", () => {
    expect(extractDefinitions('\\newcommand{msign}{\\mathop{\\text{msign}}}').definitions[0]).toMatchObject({
      name: 'msign',
      params: 0,
    });
    expect(extractDefinitions('\\newcommand\\foo{1}').definitions[0]).toMatchObject({ name: 'foo', body: '1' });
  });

  it('reads \\renewcommand, \\def, \\gdef, \\global\\def and \\DeclareMathOperator', () => {
    const { rest, definitions } = extractDefinitions(
      '\\renewcommand{\\a}{A}\\def\\b#1#2{#2#1}\\gdef\\c{C}\\global\\def\\d{D}' +
        '\\DeclareMathOperator*{\\argmax}{arg\\,max}z',
    );
    expect(rest).toBe('z');
    expect(definitions.map((d) => [d.name, d.params, d.body])).toEqual([
      ['a', 0, 'A'],
      ['b', 2, '#2#1'],
      ['c', 0, 'C'],
      ['d', 0, 'D'],
      ['argmax', 0, '\\operatorname*{arg\\,max}'],
    ]);
  });

  it('leaves malformed definitions for KaTeX to report', () => {
    expect(extractDefinitions('\\newcommand{\\x}').rest).toBe('\\newcommand{\\x}');
    expect(extractDefinitions('\\def\\x#1.{y}').rest).toBe('\\def\\x#1.{y}');
  });

  it('ignores definitions of the commands the pipeline generates', () => {
    const { rest, definitions } = extractDefinitions('\\def\\htmlId#1#2{#2}\\newcommand{\\href}{x}y');
    expect(rest).toBe('y');
    expect(definitions).toEqual([]);
  });
});

describe('page-wide macro table', () => {
  it('defines macros for all later formulas of the page, in document order', () => {
    const rs = renderPage('\\tr A', '\\newcommand{tr}{\\mathop{\\text{tr}}}', '\\tr A');
    const first = must(rs[0], 'the first formula');
    const def = must(rs[1], 'the definition');
    const use = must(rs[2], 'the use');
    expect(first.unknownCommands).toEqual(['\\tr']);
    expect(def.ok).toBe(true);
    expect(visibleText(def.html)).toBe('');
    expect(use.ok).toBe(true);
    expect(use.unknownCommands).toEqual([]);
    expect(visibleText(use.html)).toBe('trA');
  });

  it('applies the definition inside the formula that makes it', () => {
    const r = must(renderPage('\\newcommand{\\sg}[1]{\\color{skyblue}{#1}} \\sg{u}^{\\top}W\\sg{v}')[0], 'the formula');
    expect(r.ok).toBe(true);
    expect(visibleText(r.html)).toBe('u⊤Wv');
    // Two-argument \color in the body colours only the argument.
    expect(r.html.match(/color:skyblue/g)).toHaveLength(2);
  });

  it('supports optional arguments with defaults', () => {
    const r = must(renderPage('\\newcommand{\\x}[2][d]{#1+#2}', '\\x{a}\\;\\x[b]{c}')[1], 'the second formula');
    expect(r.ok).toBe(true);
    expect(visibleText(r.html)).toBe('d+ab+c');
  });

  it('honours the declared parameter count even when the body skips a parameter', () => {
    const r = must(renderPage('\\newcommand{\\second}[2]{#2}', '\\second{a}{b}c')[1], 'the second formula');
    expect(visibleText(r.html)).toBe('bc');
  });

  it('lets \\renewcommand and \\def replace a macro for later formulas only', () => {
    const rs = renderPage('\\newcommand{\\v}{1}', '\\v', '\\renewcommand{\\v}{2}', '\\v', '\\def\\v{3}\\v');
    expect(rs.map((r) => visibleText(r.html))).toEqual(['', '1', '', '2', '3']);
  });

  it('keeps a \\let (left to KaTeX) inside its formula', () => {
    const rs = renderPage('\\newcommand{\\v}{1}', '\\let\\v=2 \\v', '\\v');
    expect(visibleText(must(rs[2], 'the third formula').html)).toBe('1');
  });

  it('renders \\DeclareMathOperator operators', () => {
    const r = must(renderPage('\\DeclareMathOperator{\\erfc}{erfc}', '\\erfc(z)')[1], 'the second formula');
    expect(r.ok).toBe(true);
    expect(visibleText(r.html)).toBe('erfc(z)');
  });

  it('resolves \\eqref and \\ref written inside a macro body, and hides \\label there', () => {
    const page = prepareTexPage([
      I('\\newcommand{\\eq}[1]{\\eqref{#1}}\\newcommand{\\rf}[1]{\\ref{#1}}\\newcommand{\\lab}[1]{\\label{#1}}'),
      { tex: '\\begin{equation}a\\label{eq:a}\\end{equation}', display: true },
      I('\\eq{eq:a},\\rf{eq:a},\\eq{nope},x\\lab{hidden}'),
    ]);
    const r = page.render(2);
    expect(r.ok).toBe(true);
    expect(r.unknownCommands).toEqual([]);
    expect(visibleText(r.html)).toBe('(1),1,(???),x');
    expect([...r.html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1])).toEqual([
      '#mjx-eqn-eq%3Aa',
      '#mjx-eqn-eq%3Aa',
    ]);
  });
});
