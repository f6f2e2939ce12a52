import { describe, expect, it } from 'vitest';
import { prepareTexPage } from '@/utils/tex/pipeline';
import { MAX_TEX_LENGTH, sanitizeCss, trustGenerated } from '@/utils/tex/security';
import type { RenderedFormula } from '@/utils/tex/types';

function render(tex: string, display = false): RenderedFormula {
  return prepareTexPage([{ tex, display }]).render(0);
}

/** Attributes in KaTeX's output that could act on the page: links, ids, classes, inline styles, data, images. */
function dangerousBits(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<a [^>]*>|<img[^>]*>| id="[^"]*"| data-[a-z-]+="[^"]*"/g)) found.push(m[0]);
  for (const m of html.matchAll(/ style="([^"]*)"/g)) {
    if (/position:\s*(?:fixed|absolute|sticky)|url\(|expression|javascript|z-index|translate/i.test(m[1] ?? ''))
      found.push(m[0]);
  }
  for (const m of html.matchAll(/ class="([^"]*)"/g)) {
    if (/\b(?:evil|hijack)\b/.test(m[1] ?? '')) found.push(m[0]);
  }
  return found;
}

describe('hostile TeX is neutralized', () => {
  it.each([
    ['javascript: link', '\\href{javascript:alert(1)}{click}'],
    ['data: link', '\\href{data:text/html,<script>alert(1)</script>}{x}'],
    ['link to another page', '\\href{https://evil.example/}{x}'],
    ['\\url', '\\url{javascript:alert(1)}'],
    [
      'fixed overlay via \\htmlStyle',
      '\\htmlStyle{position:fixed;top:0;left:0;width:100%;height:100%;z-index:99999}{x}',
    ],
    ['fixed overlay via \\style', '\\style{position: fixed; inset: 0}{x}'],
    ['background image', '\\style{background: url(https://evil.example/track.png)}{x}'],
    ['CSS expression', '\\style{width: expression(alert(1))}{x}'],
    ['translate over the page', '\\style{display: inline-block; transform: translate(-500px, -300px)}{x}'],
    ['\\bbox style option', '\\bbox[style: position:fixed, position: absolute]{x}'],
    ['\\htmlId', '\\htmlId{comments}{x}'],
    ['\\htmlId faking an equation anchor', '\\htmlId{mjx-eqn-1}{x}'],
    ['\\cssId', '\\cssId{comments}{x}'],
    ['\\htmlClass', '\\htmlClass{evil hijack}{x}'],
    ['\\class', '\\class{evil}{x}'],
    ['\\htmlData', '\\htmlData{foo=bar}{x}'],
    ['\\includegraphics', '\\includegraphics[width=10em]{https://evil.example/x.png}'],
    ['link hidden in a macro', '\\newcommand{\\lnk}[1]{\\href{javascript:alert(#1)}{#1}}\\lnk{1}'],
    ['link through \\def with arguments', '\\def\\a#1{\\href{#1}{x}}\\a{javascript:alert(1)}'],
    ['style hidden in a macro', '\\newcommand{\\s}{\\htmlStyle{position:fixed}}\\s{x}'],
    ['\\htmlId inside \\text', '\\text{\\htmlId{mjx-eqn-1}{x}}'],
    ['\\href inside \\text', '\\text{\\href{#mjx-eqn-1}{x}}'],
    ['\\cssId inside nested text commands', '\\textbf{a \\text{\\cssId{mjx-eqn-2}{x}}}'],
    ['\\htmlData inside \\mbox', '\\mbox{\\htmlData{foo=bar}{x}}'],
    ['\\includegraphics inside \\text', '\\text{\\includegraphics{https://evil.example/x.png}}'],
    ['redefining the anchor command', '\\def\\htmlId#1#2{\\href{javascript:alert(1)}{#2}}\\htmlId{mjx-eqn-1}{x}'],
  ])('%s', (_, tex) => {
    for (const display of [false, true]) {
      const r = render(tex, display);
      expect(r.ok === true || typeof r.error === 'string').toBe(true);
      expect(dangerousBits(r.html)).toEqual([]);
    }
  });

  it('keeps the safe part of a \\style', () => {
    const r = render('\\style{color: red; position: fixed; padding: 5px}{x}');
    expect(r.ok).toBe(true);
    expect(r.html).toContain('style="color: red; padding: 5px"');
  });

  it('stops macro bombs', () => {
    for (const tex of [
      '\\def\\a{\\a\\a}\\a',
      '\\newcommand{\\b}{\\b x}\\b',
      `\\def\\c#1{#1#1}${'\\c{'.repeat(40)}x${'}'.repeat(40)}`,
      `\\newcommand{\\d}[2][o]{#2#2#1}${'\\d{'.repeat(40)}x${'}'.repeat(40)}`,
    ]) {
      const r = render(tex);
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(/Too many expansions|too large to render/);
    }
  });

  it('stops a bomb spread over several formulas of the page', () => {
    const page = prepareTexPage([
      { tex: '\\def\\a{xx}\\def\\b{\\a\\a\\a\\a}\\def\\c{\\b\\b\\b\\b}\\def\\d{\\c\\c\\c\\c}', display: false },
      { tex: '\\def\\e{\\d\\d\\d\\d}\\def\\f{\\e\\e\\e\\e}', display: false },
      { tex: '\\f\\f\\f\\f', display: false },
    ]);
    const r = page.render(2);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/Too many expansions|too large to render/);
  });

  it('refuses huge formulas before parsing them', () => {
    const r = render('x+'.repeat(MAX_TEX_LENGTH));
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/too long/);
  });

  it('survives deep nesting', () => {
    for (const tex of [
      `${'{'.repeat(9000)}x${'}'.repeat(9000)}`,
      `${'\\frac{'.repeat(3000)}1${'}{2}'.repeat(3000)}`,
      '{'.repeat(5000),
    ]) {
      const r = render(tex);
      expect(r.ok === true || typeof r.error === 'string').toBe(true);
    }
  });

  it('caps user-specified sizes', () => {
    const r = render('\\rule{10000em}{10000em}\\hspace{5000em}');
    expect(r.ok).toBe(true);
    // The annotation repeats the source; the layout must not carry the sizes.
    expect(r.html.replace(/<annotation.*<\/annotation>/s, '')).not.toMatch(/[1-9]\d{3,}(?:\.\d+)?em/);
  });
});

describe('styles cannot multiply past a formula box', () => {
  const nest = (open: string, n: number) => `${open.repeat(n)}x${'}'.repeat(n)}`;
  it.each([
    ['4 nested scale(5)', nest('\\style{display: inline-block; transform: scale(5)}{', 4)],
    ['3 nested font-size: 40em', nest('\\style{font-size: 40em}{', 3)],
    ['scale inside font-size', '\\style{font-size: 4em}{\\style{display: inline-block; transform: scale(5)}{x}}'],
    ['nesting made by a macro', '\\def\\s#1{\\style{font-size: 3em}{#1}}\\s{\\s{\\s{x}}}'],
    ['nesting through \\bbox', nest('\\bbox[font-size: 3em]{', 3)],
  ])('%s is shown as source', (_, tex) => {
    const r = render(tex);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/enlarge/);
  });

  it('keeps a single decoration and styles side by side', () => {
    expect(render('\\style{display: inline-block; transform: scale(2)}{x}').ok).toBe(true);
    expect(render('\\style{font-size: 3em}{x}+\\style{font-size: 3em}{y}').ok).toBe(true);
    expect(render('\\style{font-size: 2em}{\\style{display: inline-block; transform: rotate(45deg)}{x}}').ok).toBe(
      true,
    );
  });
});

describe('\\unicode', () => {
  it('does not swallow the letters after it', () => {
    const r = render('\\unicode{x41}b');
    expect(r.ok).toBe(true);
    const mathml = /<math[\s\S]*?<annotation/.exec(r.html)?.[0];
    expect(mathml).toContain('>A<');
    expect(mathml).toContain('>b<');
    expect(mathml).not.toContain('Л');
  });
});

describe('sanitizeCss', () => {
  it('keeps the styles the blog uses', () => {
    for (const css of [
      'display: inline-block; width: 24ex; padding: 10ex 0; border: 1px solid #6C8EBF; background-color: #DAE8FC',
      'display: inline-block; transform: rotate(45deg)',
      'display: inline-block; opacity: 0.5',
      'border: 1px dashed red; padding: 5px',
      'color: rgb(243,165,25)',
    ]) {
      expect(sanitizeCss(css)).toBe(css);
    }
  });

  it('drops positioning, urls, functions, negative margins and oversized lengths', () => {
    expect(sanitizeCss('position: fixed; top: 0; z-index: 9')).toBe('');
    expect(sanitizeCss('background: url(x); color: red')).toBe('color: red');
    expect(sanitizeCss('width: calc(100vw); height: var(--x)')).toBe('');
    expect(sanitizeCss('margin-left: -300px; margin-right: 2px')).toBe('margin-right: 2px');
    expect(sanitizeCss('width: 5000px; padding: 100em')).toBe('');
    expect(sanitizeCss('transform: scale(100)')).toBe('');
    expect(sanitizeCss('display: block; display: contents')).toBe('');
    expect(sanitizeCss('color: red !important')).toBe('');
  });
});

describe('trustGenerated', () => {
  it('admits only what the pipeline generates', () => {
    expect(trustGenerated({ command: '\\href', url: '#mjx-eqn-eq%3Aatt' })).toBe(true);
    expect(trustGenerated({ command: '\\href', url: 'javascript:alert(1)' })).toBe(false);
    expect(trustGenerated({ command: '\\href', url: '#comments' })).toBe(false);
    expect(trustGenerated({ command: '\\href', url: '#mjx-eqn-1"onclick' })).toBe(false);
    expect(trustGenerated({ command: '\\url', url: '#mjx-eqn-1' })).toBe(false);
    expect(trustGenerated({ command: '\\htmlId', id: 'mjx-eqn-eq:att' })).toBe(true);
    expect(trustGenerated({ command: '\\htmlId', id: 'comments' })).toBe(false);
    expect(trustGenerated({ command: '\\htmlStyle', style: 'color: red' })).toBe(true);
    expect(trustGenerated({ command: '\\htmlStyle', style: 'position:fixed' })).toBe(false);
    expect(trustGenerated({ command: '\\htmlClass', class: 'x' })).toBe(false);
    expect(trustGenerated({ command: '\\htmlData', attributes: { a: 'b' } })).toBe(false);
    expect(trustGenerated({ command: '\\includegraphics', url: 'x.png' })).toBe(false);
  });
});
