import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { rewriteMath } from '@/utils/tex/compat';
import { prepareTexPage } from '@/utils/tex/pipeline';

function render(tex: string, display = false) {
  return prepareTexPage([{ tex, display }]).render(0);
}

/** The visible text of KaTeX's HTML (the MathML part repeats the source). */
function visibleText(html: string): string {
  const htmlPart = html.slice(html.indexOf('>', html.indexOf('class="katex-html"')) + 1);
  return htmlPart.replace(/<[^>]*>/g, '').replace(/[\u200b\s]/g, '');
}

describe('rewriteMath (MathJax 2 → KaTeX)', () => {
  it.each([
    ['two-argument \\color colours only its argument', '\\color{red}{x} y', '\\textcolor{red}{x} y'],
    [
      '\\color without a second argument stays a switch',
      '{\\color{red}} a\\color{blue}',
      '{\\color{red}} a\\color{blue}',
    ],
    ['\\color before & or \\\\ stays a switch', 'a\\color{red}&b\\color{red}\\\\', 'a\\color{red}&b\\color{red}\\\\'],
    [
      '\\style keeps its safe CSS',
      '\\style{display: inline-block; transform: rotate(45deg)}{|}',
      '\\htmlStyle{display: inline-block; transform: rotate(45deg)}{|}',
    ],
    ['\\class and \\cssId keep only their content', '\\class{big}{x}+\\cssId{here}{y}', '{x}+{y}'],
    [
      '\\bbox with a CSS option',
      '\\bbox[border: 1px dashed red; padding: 5px]{x}',
      '\\htmlStyle{border: 1px dashed red; padding: 5px}{x}',
    ],
    [
      '\\bbox with colour and padding',
      '\\bbox[yellow,5px]{x}',
      '\\htmlStyle{background-color: yellow; padding: 5px}{x}',
    ],
    ['\\require is dropped', '\\require{cancel}\\cancel{x}', '\\cancel{x}'],
    ['\\mbox becomes \\text', '\\mbox{if } x', '\\text{if } x'],
    ['\\uproot and \\leftroot are dropped', '\\sqrt[\\uproot{10}\\leftroot{2}p]{q}', '\\sqrt[p]{q}'],
    ['\\setCounter shows in red', '\\setCounter{11}', '\\textcolor{red}{\\text{\\textbackslash{}setCounter}}{11}'],
    ['_ and ^ in \\text are literal', '\\text{stop_gradient^2}', '\\text{stop\\_gradient\\textasciicircum{}2}'],
    ['math inside \\text is kept', '\\text{for $x_1\\color{red}{y}$ in}', '\\text{for $x_1\\textcolor{red}{y}$ in}'],
    ['labels inside \\text are kept verbatim', '\\text{see \\eqref{eq:a_b}}', '\\text{see \\eqref{eq:a_b}}'],
    ['a spacing command as a bare script gets braces', '\\min^{\\,^\\,} x_\\;', '\\min^{\\,^{\\,}} x_{\\;}'],
    ['comments are left alone', 'a % \\color{red}{x}\nb', 'a % \\color{red}{x}\nb'],
  ])('%s', (_, input, output) => {
    expect(rewriteMath(input)).toBe(output);
  });
});

describe('MathJax 2 constructs render with KaTeX', () => {
  it.each([
    ['\\color{red}{1.2e4} + 2.7e4'],
    [
      '\\style{display: inline-block; width: 24ex; padding: 10ex 0; border: 1px solid #6C8EBF; ' +
        'background-color: #DAE8FC}{W_0\\in\\mathbb{R}^{n\\times m}}',
    ],
    ['\\require{HTML} \\style{display: inline-block; opacity:0.5;}{\\color{red}{\\vdots}}'],
    ['\\bbox[border: 1px dashed red; padding: 5px]{\\begin{aligned}a&=b\\\\c&=d\\end{aligned}}'],
    ['\\sqrt[\\uproot{10}p]{\\sum_{i=1}^n |\\varphi_i|^p}'],
    ['\\mbox{if } x \\lt y \\gt z'],
    ['\\text{训练/Prefill} 中文 \\text{学好主任务，但不让辅任务变差}'],
    ['\\text{stop_gradient}(\\boldsymbol{x})'],
    ['\\min\\limits_{\\alpha\\in\\mathbb{P}^n}^{\\,^\\,}\\Vert x\\Vert'],
    ['\\begin{CD}A @>>> B\\end{CD}'],
    ['\\xlongequal{a} \\boxed{b} \\operatorname*{argmin}_x'],
    ['\\url{http://example.com/a_b?c=1&d=%20}'],
  ])('%s', (tex) => {
    const r = render(tex, true);
    expect(r.error).toBeNull();
    expect(r.unknownCommands).toEqual([]);
  });

  it.each([
    '\\unicode{x263A}',
    '\\unicode[Arial]{9786}',
    '\\Rule{1em}{1em}{0em}',
    '\\Space{1em}{1em}{0em}',
    '\\buildrel a \\over b',
    '\\cancelto{0}{x}',
    '\\enclose{circle}{x}',
    '\\enclose{updiagonalstrike}[mathcolor=red]{x}',
    '\\iddots',
    '\\idotsint',
    '\\shoveleft{x}',
    '\\displaylines{a\\\\b}',
    '\\skew{2}{\\hat}{x}',
    '\\eqalign{a&=b\\cr c&=d}',
    '\\cases{a&b\\cr c&d}',
    '\\matrix{a&b\\cr c&d}',
    '\\pmatrix{a&b\\cr c&d}',
    '\\sideset{_1}{^2}\\sum_{i}',
    '\\left\\arrowvert x\\right\\Arrowvert',
    '\\mmlToken{mi}{x}',
    '\\root 3 \\of x',
    '\\strut',
    '\\mathtip{a}{b}',
    '\\texttip{a}{b}',
    '\\nonscript\\mskip 1mu',
  ])('MathJax built-in %s', (tex) => {
    const r = render(tex, true);
    expect(r.error).toBeNull();
    expect(r.unknownCommands).toEqual([]);
  });

  it('drops what a MathJax-only macro discards', () => {
    expect(visibleText(render('\\mathtip{a}{tooltip}').html)).toBe('a');
    expect(visibleText(render('\\mmlToken{mi}{x}').html)).toBe('x');
  });

  it('shows \\setCounter (not a MathJax 2 command) in red and its argument, as MathJax does', () => {
    const r = render('\\setCounter{11}');
    expect(r.ok).toBe(true);
    expect(visibleText(r.html)).toBe('\\setCounter11');
    expect(r.html).toContain('color:red');
  });

  it('prints _ in \\text as an underscore', () => {
    expect(visibleText(render('\\text{stop_gradient}').html)).toBe('stop_gradient');
  });

  it('colours only the argument of two-argument \\color', () => {
    const html = render('\\color{red}{x} y').html;
    const red = html.slice(html.indexOf('class="katex-html"')).split('color:red;');
    expect(red).toHaveLength(2);
    expect(visibleText(html)).toBe('xy');
    expect(must(red[1], 'red[1]').indexOf('>y<')).toBeGreaterThan(must(red[1], 'red[1]').indexOf('>x<'));
  });

  it("shows an unknown command as red text, as MathJax's noUndefined does", () => {
    const r = render('a + \\nosuchmacro{b}');
    expect(r.ok).toBe(true);
    expect(r.unknownCommands).toEqual(['\\nosuchmacro']);
    expect(visibleText(r.html)).toContain('\\nosuchmacro');
  });
});
