// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { type MathMatch, scanMath, scanTex } from '@/utils/tex/scan';

function scan(html: string, processEscapes = false): MathMatch[] {
  document.body.innerHTML = html;
  return scanMath(document.body, { processEscapes });
}

const texts = (ms: MathMatch[]) => ms.map((m) => [m.delim, m.tex]);

describe('scanMath: delimiters', () => {
  it('finds the four delimiter pairs with the right display mode', () => {
    const ms = scan('<p>a $x$ b \\(y\\) c $$z$$ d \\[w\\] e</p>');
    expect(ms.map((m) => [m.delim, m.tex, m.display])).toEqual([
      ['$', 'x', false],
      ['\\(', 'y', false],
      ['$$', 'z', true],
      ['\\[', 'w', true],
    ]);
  });

  it('gives the source range as text points', () => {
    const m = must(scan('<p>ab$x$cd</p>')[0], 'the match');
    const text = must(document.querySelector('p'), 'the paragraph').firstChild as Text;
    expect(m.start).toEqual({ node: text, offset: 2 });
    expect(m.end).toEqual({ node: text, offset: 5 });
    expect(m.open).toBe('$');
  });

  it('treats a top-level \\begin{env}…\\end{env} as display math, keeping the environment', () => {
    const ms = scan('<p>text \\begin{align}a&amp;=b\\\\c&amp;=d\\end{align} more</p>');
    expect(texts(ms)).toEqual([['env', '\\begin{align}a&=b\\\\c&=d\\end{align}']]);
    expect(ms[0]?.display).toBe(true);
  });

  it('closes an environment at its own \\end, not a nested one', () => {
    const ms = scan('<p>\\begin{equation}\\begin{aligned}x\\end{aligned}\\end{equation}</p>');
    expect(texts(ms)).toEqual([['env', '\\begin{equation}\\begin{aligned}x\\end{aligned}\\end{equation}']]);
  });

  it('does not look for environments inside $…$', () => {
    expect(texts(scan('<p>$\\begin{matrix}a\\end{matrix}$</p>'))).toEqual([['$', '\\begin{matrix}a\\end{matrix}']]);
  });

  it('typesets bare \\eqref and \\ref in running text as inline math (processRefs)', () => {
    const ms = scan('<p>由\\eqref{eq:att}和\\ref{b}可知</p>');
    expect(ms.map((m) => [m.delim, m.tex, m.display])).toEqual([
      ['ref', '\\eqref{eq:att}', false],
      ['ref', '\\ref{b}', false],
    ]);
  });
});

describe('scanMath: runs of text', () => {
  it('joins math across <br> with a newline (the source newline after <br> is kept once)', () => {
    const ms = scan('<p>before<br>\n$$a<br>\nb$$<br>\nafter</p>');
    expect(texts(ms)).toEqual([['$$', 'a\nb']]);
  });

  it('joins across a <br> that has no newline after it', () => {
    expect(texts(scan('<p>\\begin{equation}a<br>b\\end{equation}</p>'))).toEqual([
      ['env', '\\begin{equation}a\nb\\end{equation}'],
    ]);
  });

  it('never lets math span another element', () => {
    expect(scan('<p>a $x <em>y</em> z$ w</p>')).toEqual([]);
  });

  it('rescans after an opening delimiter that never closes in its run', () => {
    expect(texts(scan('<p>\\(oops $x$ <em>e</em></p>'))).toEqual([['$', 'x']]);
  });

  it('finds math that ends a text node right before an element, and math inside that element', () => {
    expect(texts(scan('<p>$a$<strong>$b$</strong>$c$</p>'))).toEqual([
      ['$', 'a'],
      ['$', 'b'],
      ['$', 'c'],
    ]);
  });

  it('leaves an unbalanced $ as text', () => {
    expect(scan('<p>the price is 5$ today</p><p>and $x$ here</p>').map((m) => m.tex)).toEqual(['x']);
  });

  it('pairs dollars left to right, as MathJax does, even when one is a stray', () => {
    expect(scan('<p>costs 5$ and $x$</p>').map((m) => m.tex)).toEqual([' and ']);
  });

  it('requires balanced braces before a closing delimiter', () => {
    expect(scan('<p>$' + '{a$}$ b</p>').map((m) => m.tex)).toEqual(['{a$}']);
  });

  it('with braces that never balance, closes at the first delimiter and rescans after it', () => {
    expect(scan('<p>${a$ b $c$</p>').map((m) => m.tex)).toEqual(['{a', 'c']);
  });

  it('skips escaped characters inside math', () => {
    expect(scan('<p>$a\\$b$</p>').map((m) => m.tex)).toEqual(['a\\$b']);
  });

  it('prefers $$ over $ at the same place', () => {
    expect(texts(scan('<p>$$x$$ and $y$</p>'))).toEqual([
      ['$$', 'x'],
      ['$', 'y'],
    ]);
  });
});

describe('scanMath: what is skipped', () => {
  it('leaves pre, code, script, style, textarea and noscript alone', () => {
    const html =
      '<pre>$a$</pre><code>$b$</code><script>var s="$c$"</script><style>/* $d$ */</style>' +
      '<textarea>$e$</textarea><noscript>$f$</noscript><p>$g$</p>';
    expect(scan(html).map((m) => m.tex)).toEqual(['g']);
  });

  it('skips our own output and UI', () => {
    const html =
      '<p><span data-kx-math="inline">$x$</span> $y$ <span data-kx-escape>$</span></p><div data-kx-ui="x">$z$</div>';
    expect(scan(html).map((m) => m.tex)).toEqual(['y']);
  });

  it('honours tex2jax_ignore / tex2jax_process and skips MathJax output', () => {
    const html =
      '<div class="tex2jax_ignore">$a$<span class="tex2jax_process">$b$</span></div>' +
      '<span class="MathJax_Preview">$c$</span><span class="MathJax">$d$</span><p>$e$</p>';
    expect(scan(html).map((m) => m.tex)).toEqual(['b', 'e']);
  });

  it('does not scan the root when it is itself a skipped tag', () => {
    document.body.innerHTML = '<pre id="r">$a$</pre>';
    expect(scanMath(must(document.getElementById('r'), 'the root'))).toEqual([]);
  });
});

describe('scanMath: \\$', () => {
  it('by default (the blog: processEscapes off) \\$ opens math like any $', () => {
    expect(scan('<p>costs \\$5 and $x$</p>').map((m) => m.tex)).toEqual(['5 and ']);
    expect(scan('<p>costs \\$5 and $x$</p>', true).map((m) => m.tex)).toEqual(['x']);
  });

  it('with processEscapes, \\$ is a literal dollar and is reported for display', () => {
    document.body.innerHTML = '<p>costs \\$5 and $x$ and \\\\$y$</p>';
    const { math, escapes } = scanTex(document.body, { processEscapes: true });
    expect(math.map((m) => m.tex)).toEqual(['x']);
    expect(escapes.map((e) => [e.start.offset, e.end.offset, e.text])).toEqual([
      [6, 8, '$'],
      // An even number of backslashes: they show halved, and tex2jax skips the dollar after them.
      [22, 24, '\\'],
    ]);
  });
});
