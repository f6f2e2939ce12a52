/**
 * TeX that MathJax 2.7.9 (the blog's renderer) accepts or draws differently from KaTeX, one class per block. Each
 * names the place in MathJax's TeX input jax (node_modules/mathjax/unpacked/jax/input/TeX/jax.js) it follows.
 */
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { rewriteFormula } from '@/utils/tex/compat';
import { prepareTexPage } from '@/utils/tex/pipeline';
import type { FormulaInput } from '@/utils/tex/types';

type Rendered = ReturnType<ReturnType<typeof prepareTexPage>['render']>;

/** One rendering per formula: as many as given, so a destructuring needs no check. */
function renderPage<const T extends readonly FormulaInput[]>(formulas: T): { [K in keyof T]: Rendered } {
  const page = prepareTexPage([...formulas]);
  return formulas.map((_, i) => page.render(i)) as { [K in keyof T]: Rendered };
}

function render(tex: string, display = true): Rendered {
  return renderPage([{ tex, display }])[0];
}

/** The HTML part of KaTeX's output (the MathML part repeats the source). */
function htmlPart(html: string): string {
  return html.slice(html.indexOf('class="katex-html"'));
}

/** The MathML part (its element names say where scripts went). */
function mathmlPart(html: string): string {
  return html.slice(0, html.indexOf('class="katex-html"'));
}

describe('\\mathop{…} takes limits in display style (MathJax: TeXAtom OP with movablelimits)', () => {
  it('puts the scripts of \\mathop under it in display math', () => {
    expect(mathmlPart(render('\\mathop{\\text{argmin}}_{W} f(W)').html)).toContain('<munder>');
  });

  it('keeps them beside it inline, and obeys \\limits and \\nolimits', () => {
    expect(mathmlPart(render('\\mathop{\\text{argmin}}_{W} f(W)', false).html)).not.toContain('<munder>');
    expect(mathmlPart(render('\\mathop{\\text{argmin}}\\limits_{W} f', false).html)).toContain('<munder>');
    expect(mathmlPart(render('\\mathop{\\text{argmin}}\\nolimits_{W} f').html)).not.toContain('<munder>');
  });
});

describe('a command with arguments as a bare script (MathJax: the script is the next item the parser builds)', () => {
  it.each([
    ['x_\\boldsymbol{B}', 'x_{\\boldsymbol{B}}'],
    ['\\min_\\mathbf{x} f', '\\min_{\\mathbf{x}} f'],
    ['x_\\hat a + y^\\sqrt[3]{2}', 'x_{\\hat a} + y^{\\sqrt[3]{2}}'],
    ['x^\\left(a\\right) b', 'x^{\\left(a\\right)} b'],
    ['x_\\begin{matrix}a\\\\b\\end{matrix}', 'x_{\\begin{matrix}a\\\\b\\end{matrix}}'],
    ['x_\\operatorname*{ab} + y_\\color{red}{a}', 'x_{\\operatorname*{ab}} + y_{\\textcolor{red}{a}}'],
    ['x_\\textcolor{red}{\\boldsymbol{B}}^\\overset{a}{b}', 'x_{\\textcolor{red}{\\boldsymbol{B}}}^{\\overset{a}{b}}'],
  ])('%s renders as %s', (bare, braced) => {
    const r = render(bare);
    expect(r.error).toBeNull();
    expect(r.html).toBe(render(braced).html);
  });

  it('takes a page macro with its arguments when it expands to such a command', () => {
    const [, bare] = renderPage([
      {
        tex: '\\newcommand{\\vx}{\\boldsymbol{x}}\\newcommand{\\norm}[1]{\\left\\Vert #1\\right\\Vert}',
        display: false,
      },
      { tex: 'f_\\vx + g_\\norm{a}', display: true },
    ]);
    const [, braced] = renderPage([
      {
        tex: '\\newcommand{\\vx}{\\boldsymbol{x}}\\newcommand{\\norm}[1]{\\left\\Vert #1\\right\\Vert}',
        display: false,
      },
      { tex: 'f_{\\vx} + g_{\\norm{a}}', display: true },
    ]);
    expect(bare.error).toBeNull();
    expect(bare.html).toBe(braced.html);
  });

  it('leaves a page macro whose expansion is several items alone (MathJax scripts only the first)', () => {
    expect(rewriteFormula('x_\\ab', false, { has: (n) => n === 'ab', scriptArity: () => undefined })).toBe('x_\\ab');
  });
});

describe('% inside an argument (MathJax reads arguments by braces, then parses them by themselves)', () => {
  it('keeps % in a \\text argument as text', () => {
    const r = render('\\text{50% off} + \\textbf{a%b}');
    expect(r.error).toBeNull();
    expect(htmlPart(r.html)).toContain('%');
  });

  it('ends a comment inside an argument with the argument', () => {
    const r = render('\\frac{a%b}{c} + \\text{for $x%y$ in}');
    expect(r.error).toBeNull();
    expect(r.html).toBe(render('\\frac{a}{c} + \\text{for $x$ in}').html);
  });

  it('still runs a comment outside any group to the end of its line', () => {
    expect(htmlPart(render('a % } b\n+ c').html)).toBe(htmlPart(render('a\n+ c').html));
  });

  it('runs a comment in a plain group (not an argument) to the end of its line, as the parser reads it', () => {
    const table = '{\\begin{array}{c|c} a & b \\\\ % c & d }\n\\hline c & d \\end{array}}';
    const r = render(table);
    expect(r.error).toBeNull();
    expect(htmlPart(r.html)).toBe(
      htmlPart(render('{\\begin{array}{c|c} a & b \\\\\n\\hline c & d \\end{array}}').html),
    );
    expect(htmlPart(render('x_{a % }\n b}').html)).toBe(htmlPart(render('x_{a\n b}').html));
  });
});

describe('a braced nested array (MathJax: a plain group; tex2jax counts its braces to find the outer \\end)', () => {
  it.each([
    '\\begin{array}{c} \\text{title} \\\\ {\\begin{array}{c|c} \\hline & \\text{a} \\\\ \\hline x & 1 \\\\ \\hline' +
      ' \\end{array}} \\end{array}',
    '\\left\\{ {\\begin{array}{ll} a & b \\\\ \\hline c & d \\end{array}} \\right.',
    '\\begin{equation} x = {\\begin{array}{c|c} a & b \\\\ \\hline c & d \\end{array}} \\\\ y = 2 \\end{equation}',
  ])('%s renders with its rules', (tex) => {
    const r = render(tex);
    expect(r.error).toBeNull();
    expect(htmlPart(r.html)).toContain('hline');
  });
});

describe("\\text{…} is literal text (MathJax 2.7.9's InternalMath draws no command in it)", () => {
  it('draws & and # as characters', () => {
    for (const tex of ['\\text{Q&A}', '\\text{No. #1}', '\\begin{array}{cc} \\text{R&D} & 1 \\end{array}']) {
      const r = render(tex);
      expect(r.error, tex).toBeNull();
      expect(htmlPart(r.html), tex).toMatch(/&amp;|#/);
    }
  });

  it('shows a command KaTeX cannot draw in text by its name, and draws the others', () => {
    const r = render('\\text{a \\hline b \\alpha} + \\text{\\LaTeX}');
    expect(r.error).toBeNull();
    const text = htmlPart(r.html).replace(/<[^>]*>/g, '');
    expect(text).toMatch(/a\s\\hline\sb\s\\alpha/);
    expect(text).not.toContain('\\LaTeX');
  });
});

describe("text-mode accents in math mode (MathJax doesn't define them: noUndefined shows the name in red)", () => {
  it.each(['a \\= b', 'x\\=', "a \\' b", 'x \\.'])('%s renders, the accent in red', (tex) => {
    const r = render(tex);
    expect(r.error).toBeNull();
    expect(htmlPart(r.html)).toMatch(/color:red;?">?[\s\S]*\\/);
  });

  it('leaves a page macro of the same name alone', () => {
    const [, r] = renderPage([
      { tex: '\\newcommand{\\v}{\\boldsymbol{v}}', display: false },
      { tex: 'a + \\v', display: false },
    ]);
    expect(htmlPart(r.html)).not.toContain('color:red');
    expect(htmlPart(r.html)).toContain('boldsymbol');
  });
});

describe('\\\\ outside any array in display math (MathJax: CrLaTeX pushes a newline mspace, the line breaks)', () => {
  it('sets each line of an equation on its own row, keeping its number and label', () => {
    const [r, ref] = renderPage([
      { tex: '\\begin{equation}a = b + c \\label{eq:two} \\\\ d = e\\end{equation}', display: true },
      { tex: '\\eqref{eq:two}', display: false },
    ]);
    expect(r.error).toBeNull();
    expect(r.tags).toEqual(['(1)']);
    expect(ref.refs).toEqual(['(1)']);
    expect(rewriteFormula('\\begin{equation}a \\\\ b\\end{equation}', true)).toBe(
      '\\begin{equation}\\kxlines{a \\\\ b}\\end{equation}',
    );
    // The lines are the rows of a table inside the equation's own.
    const tables = (html: string) => htmlPart(html).match(/class="mtable"/g)?.length;
    expect(tables(r.html)).toBe(
      must(tables(render('\\begin{equation}a = b + c d = e\\end{equation}').html), 'tables') + 1,
    );
  });

  it('breaks $$…$$ too, but not inline math, arrays, groups or a trailing \\\\', () => {
    expect(rewriteFormula('a \\\\[2pt] b', true)).toBe('\\kxlines{a \\\\[2pt] b}');
    expect(rewriteFormula('a \\\\ b', false)).toBe('a \\\\ b');
    expect(rewriteFormula('\\begin{aligned}a\\\\b\\end{aligned}', true)).toBe('\\begin{aligned}a\\\\b\\end{aligned}');
    expect(rewriteFormula('\\left(\\frac{a\\\\b}{c}\\right)', true)).toBe('\\left(\\frac{a\\\\b}{c}\\right)');
    expect(rewriteFormula('\\begin{equation}a = b\\\\\n\\end{equation}', true)).toBe(
      '\\begin{equation}a = b\\\\\n\\end{equation}',
    );
  });
});

describe("\\boldsymbol{\\mathcal R} (MathJax's boldsymbol switches to the bold calligraphic font)", () => {
  it('draws \\mathcal inside \\boldsymbol with the bold weight', () => {
    const html = htmlPart(render('\\boldsymbol{\\mathcal{R}}_n \\bm{\\mathcal R x}').html);
    expect(html.match(/font-weight:\s?bold[\s\S]*?mathcal/g)).toHaveLength(2);
    expect(htmlPart(render('\\mathcal{R}').html)).not.toContain('bold');
  });
});

describe('commands MathJax 2.7.9 defines and KaTeX lacks', () => {
  it.each([
    '{\\mit x}',
    '{\\oldstyle 123}',
    '{\\Tiny x}',
    '\\overparen{ab}',
    '\\underparen{ab}',
    'a\\mspace{6mu}b',
    '\\array{a&b\\cr c&d}',
    'a\\hfill b\\hfil c\\hfilll',
    '\\iiiint_V f',
  ])('%s', (tex) => {
    const r = render(tex);
    expect(r.error).toBeNull();
    expect(r.unknownCommands).toEqual([]);
  });
});

describe(
  'a binary operator after a scripted \\mathop ' + '(MathJax: setBaseTeXclasses leaves the msubsup no operator class)',
  () => {
    const minusClass = (tex: string, display = true) =>
      /<span class="(m\w+)(?: mtight)?">−<\/span>/.exec(htmlPart(render(tex, display).html))?.[1];

    it('keeps - binary after \\mathop{\\text{…}}_x, in display and inline, nested too', () => {
      expect(minusClass('\\mathop{\\text{argmin}}_x - y')).toBe('mbin');
      expect(minusClass('\\mathop{x}\\limits_a^b - y', false)).toBe('mbin');
      expect(minusClass('\\mathop{\\text{argmin}}_{x^{\\mathop{a}_b - c}}')).toBe('mbin');
    });

    it('leaves it unary after a single operator, a \\rm name, or an unscripted \\mathop', () => {
      expect(minusClass('\\mathop{\\sum}_x - y')).toBe('mord');
      expect(minusClass('\\mathop{\\rm lim}_x - y')).toBe('mord');
      expect(minusClass('\\mathop{\\text{argmin}} - y')).toBe('mord');
    });
  },
);

describe('CJK in \\text (MathJax gives text outside its fonts a 0.8em + 0.2em box; KaTeX the metrics of M)', () => {
  /** Height + depth of the formula's strut, in em. */
  const strut = (tex: string) => Number(/class="strut" style="height:([\d.]+)em/.exec(render(tex, false).html)?.[1]);

  it("gives \\text{中文} MathJax's box, in a fraction too", () => {
    expect(strut('\\text{中文}')).toBeCloseTo(1.0, 3);
    expect(strut('\\frac{\\text{中文}}{2}')).toBeGreaterThan(strut('\\frac{\\text{ab}}{2}') + 0.2);
  });

  it('scales that box with a script, as MathJax scales the text (KaTeX keeps an em of a script at text size)', () => {
    expect(strut('v_{\\text{的}}')).toBeLessThan(1);
    expect(strut('v_{\\text{的}}')).toBeGreaterThan(strut('v_{\\text{ab}}') + 0.2);
  });

  it('leaves Latin text with its own metrics', () => {
    expect(strut('\\text{ab}')).toBeCloseTo(0.6944, 3);
  });
});

describe('scripts after an accent (MathJax: msubsup sets them on the accented box, not on the character)', () => {
  /** Height + depth of the formula's tallest strut, in em. */
  const height = (tex: string) =>
    Math.max(
      ...[...render(tex, false).html.matchAll(/class="strut" style="height:([\d.]+)em/g)].map((m) => Number(m[1])),
    );

  it.each([
    ['\\bar{\\alpha}_t^2', '{\\bar{\\alpha}}_t^2'],
    ["\\hat x'", "{\\hat{x}}'"],
    ['\\frac{\\bar{\\beta}_t}{\\beta_t}', '\\frac{{\\bar{\\beta}}_t}{\\beta_t}'],
  ])('%s is set as %s', (tex, grouped) => {
    expect(htmlPart(render(tex, false).html)).toBe(htmlPart(render(grouped, false).html));
  });

  it('raises the superscript above the accent, as MathJax does (×0.75 → ×0.89 of its height)', () => {
    expect(height('\\bar{\\beta}_t^2')).toBeGreaterThan(height('\\beta_t^2') + 0.1);
  });

  it('leaves an accent without scripts, and a page macro of the same name, alone', () => {
    expect(mathmlPart(render('\\hat{x} + y').html)).toContain('\\hat{x} + y');
    const [, r] = renderPage([
      { tex: '\\newcommand{\\bar}[1]{\\overline{#1}}', display: false },
      { tex: '\\bar{x}_1', display: false },
    ]);
    expect(mathmlPart(r.html)).not.toContain('{\\bar{x}}');
  });
});
