import { describe, expect, it } from 'vitest';
import { must } from '@/tests/must';
import { prepareTexPage } from '@/utils/tex/pipeline';
import type { FormulaInput } from '@/utils/tex/types';

const D = (tex: string): FormulaInput => ({ tex, display: true });
const I = (tex: string): FormulaInput => ({ tex, display: false });

function renderAll(...formulas: FormulaInput[]) {
  const page = prepareTexPage(formulas);
  const rendered = formulas.map((_, i) => page.render(i));
  return { page, rendered, tags: rendered.map((r) => r.tags), refs: rendered.map((r) => r.refs) };
}

const idsIn = (html: string) => [...html.matchAll(/ id="([^"]*)"/g)].map((m) => m[1]);
const hrefsIn = (html: string) => [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]);

describe('AMS numbering (MathJax 2.7.9, autoNumber "AMS")', () => {
  it('numbers equation, not $$…$$, \\[…\\] or equation*', () => {
    const { tags, rendered } = renderAll(
      D('\\begin{equation}a\\end{equation}'),
      D('b'),
      D('\\begin{equation*}c\\end{equation*}'),
      D('\\begin{equation}d\\end{equation}'),
    );
    expect(tags).toEqual([['(1)'], [], [], ['(2)']]);
    expect(rendered.every((r) => r.ok)).toBe(true);
    expect(idsIn(must(rendered[0], 'rendered[0]').html)).toEqual(['mjx-eqn-1']);
    expect(idsIn(must(rendered[3], 'rendered[3]').html)).toEqual(['mjx-eqn-2']);
    expect(must(rendered[1], 'rendered[1]').html).not.toContain('class="tag"');
  });

  it('numbers each row of align, gather, alignat and eqnarray; not the starred forms', () => {
    const { tags, rendered } = renderAll(
      D('\\begin{align}a&=b\\\\c&=d\\end{align}'),
      D('\\begin{gather}e\\\\f\\\\g\\end{gather}'),
      D('\\begin{alignat}{2}h&=i&j&=k\\\\l&=m&n&=o\\end{alignat}'),
      D('\\begin{eqnarray}p&=&q\\\\r&=&s\\end{eqnarray}'),
      D('\\begin{align*}t&=u\\\\v&=w\\end{align*}'),
      D('\\begin{gather*}x\\\\y\\end{gather*}'),
      D('\\begin{eqnarray*}p&=&q\\end{eqnarray*}'),
    );
    expect(tags).toEqual([['(1)', '(2)'], ['(3)', '(4)', '(5)'], ['(6)', '(7)'], ['(8)', '(9)'], [], [], []]);
    expect(rendered.map((r) => r.error)).toEqual(rendered.map(() => null));
    expect(idsIn(must(rendered[1], 'rendered[1]').html)).toEqual(['mjx-eqn-3', 'mjx-eqn-4', 'mjx-eqn-5']);
  });

  it('numbers multline once, on its last row', () => {
    const { tags, rendered } = renderAll(
      D('\\begin{multline}a\\\\b\\\\c\\end{multline}'),
      D('\\begin{multline*}a\\\\b\\end{multline*}'),
    );
    expect(tags).toEqual([['(1)'], []]);
    expect(must(rendered[0], 'rendered[0]').ok).toBe(true);
  });

  it('does not number an empty last row after a trailing \\\\', () => {
    const { tags } = renderAll(
      D('\\begin{align}a&=b\\\\c&=d\\\\\n\\end{align}'),
      D('\\begin{equation}x\\end{equation}'),
    );
    expect(tags).toEqual([['(1)', '(2)'], ['(3)']]);
  });

  it("reads alignat's column count as an argument, not as a row", () => {
    const { tags, rendered } = renderAll(
      D('\\begin{alignat}{2}a&=b&c&=d\\\\\n\\end{alignat}'),
      D('\\begin{alignat*}{1}e&=f\\end{alignat*}'),
    );
    expect(tags).toEqual([['(1)'], []]);
    expect(rendered.every((r) => r.ok)).toBe(true);
  });

  it('skips rows with \\notag or \\nonumber', () => {
    const { tags } = renderAll(
      D('\\begin{align}a\\notag\\\\b\\nonumber\\\\c\\end{align}'),
      D('\\begin{gather}x\\\\y\\notag\\end{gather}'),
    );
    expect(tags).toEqual([['(1)'], ['(2)']]);
  });

  it('uses \\tag{…} and \\tag*{…} instead of a number, without consuming one', () => {
    const { tags, rendered } = renderAll(
      D('\\begin{equation}a\\tag{A}\\end{equation}'),
      D('\\begin{equation}b\\end{equation}'),
      D('c\\tag*{[*]}'),
      D('\\begin{align}d\\tag{3.1}\\\\e\\end{align}'),
    );
    expect(tags).toEqual([['(A)'], ['(1)'], ['[*]'], ['(3.1)', '(2)']]);
    expect(idsIn(must(rendered[0], 'rendered[0]').html)).toEqual(['mjx-eqn-A']);
    expect(must(rendered[2], 'rendered[2]').ok).toBe(true);
  });

  it('gives \\tag in display math without an environment its tag (the blog writes $$…\\tag{1}$$)', () => {
    const { tags } = renderAll(D('f(x)=1\\tag{1}'), D('g\\tag{2}'));
    expect(tags).toEqual([['(1)'], ['(2)']]);
  });

  it('makes anchor ids unique the way MathJax does (_1, _2 …)', () => {
    const { rendered } = renderAll(D('a\\tag{1}'), D('\\begin{equation}b\\end{equation}'), D('c\\tag{1}'));
    expect(rendered.map((r) => idsIn(r.html))).toEqual([['mjx-eqn-1'], ['mjx-eqn-1_1'], ['mjx-eqn-1_2']]);
    expect(rendered.map((r) => r.anchorIds)).toEqual([['mjx-eqn-1'], ['mjx-eqn-1_1'], ['mjx-eqn-1_2']]);
  });

  it('numbers equation inside an aligned/split block once, at the end', () => {
    const { tags, rendered } = renderAll(
      D('\\begin{equation}\\begin{aligned}a&=b\\\\c&=d\\end{aligned}\\end{equation}'),
      D('\\begin{equation}\\begin{split}a&=b\\\\&=c\\end{split}\\end{equation}'),
    );
    expect(tags).toEqual([['(1)'], ['(2)']]);
    expect(rendered.every((r) => r.ok)).toBe(true);
  });

  it('numbers an environment even in inline math, and shows the number there', () => {
    const { tags, rendered } = renderAll(I('\\begin{align}a&=b\\end{align}'), I('x\\tag{7}'));
    expect(tags).toEqual([['(1)'], ['(7)']]);
    expect(rendered.every((r) => r.ok)).toBe(true);
    expect(idsIn(must(rendered[1], 'rendered[1]').html)).toEqual(['mjx-eqn-7']);
  });
});

describe('labels and references', () => {
  it('resolves \\eqref to "(n)" and \\ref to "n", with links to the label anchor', () => {
    const { refs, rendered, page } = renderAll(
      D('\\begin{equation}a\\label{eq:a}\\end{equation}'),
      I('\\eqref{eq:a}'),
      I('\\ref{eq:a}'),
    );
    expect(refs).toEqual([[], ['(1)'], ['1']]);
    expect(idsIn(must(rendered[0], 'rendered[0]').html)).toEqual(['mjx-eqn-eq:a']);
    expect(hrefsIn(must(rendered[1], 'rendered[1]').html)).toEqual(['#mjx-eqn-eq%3Aa']);
    expect(hrefsIn(must(rendered[2], 'rendered[2]').html)).toEqual(['#mjx-eqn-eq%3Aa']);
    expect(page.labels.get('eq:a')).toEqual({ tag: '(1)', anchorId: 'mjx-eqn-eq:a' });
  });

  it('resolves forward references (MathJax reprocesses them after the page)', () => {
    const { refs } = renderAll(
      I('see \\eqref{later}'),
      D('\\begin{equation}x\\end{equation}'),
      D('\\begin{equation}y\\label{later}\\end{equation}'),
    );
    expect(refs[0]).toEqual(['(2)']);
  });

  it('labels rows of align individually', () => {
    const { refs, page } = renderAll(
      D('\\begin{align}a\\label{r1}\\\\b\\notag\\\\c\\label{r3}\\end{align}'),
      I('\\eqref{r1},\\eqref{r3}'),
    );
    expect(refs[1]).toEqual(['(1)', '(2)']);
    expect(page.labels.get('r3')?.anchorId).toBe('mjx-eqn-r3');
  });

  it('refers to a \\tag by its text', () => {
    const { refs } = renderAll(D('a\\tag{*}\\label{star}'), I('\\eqref{star} \\ref{star}'));
    expect(refs[1]).toEqual(['(*)', '*']);
  });

  it('shows (???) for an unknown label and for a label on an unnumbered formula, as MathJax does', () => {
    const { refs, rendered, page } = renderAll(
      D('\\begin{equation*}a\\label{nonum}\\end{equation*}'),
      I('\\eqref{nope} \\ref{nope} \\eqref{nonum}'),
    );
    expect(refs[1]).toEqual(['(???)', '???', '(???)']);
    expect(must(rendered[1], 'rendered[1]').ok).toBe(true);
    expect(hrefsIn(must(rendered[1], 'rendered[1]').html)).toEqual([]);
    expect(page.labels.has('nonum')).toBe(false);
  });

  it('loses a label written inside aligned (MathJax clears it at the row end)', () => {
    const { refs } = renderAll(
      D('\\begin{equation}\\begin{aligned}a\\label{inner}\\end{aligned}\\end{equation}'),
      I('\\eqref{inner}'),
    );
    expect(refs[1]).toEqual(['(???)']);
  });

  it('loses a label written inside alignedat or gathered too', () => {
    const { refs } = renderAll(
      D('\\begin{equation}\\begin{alignedat}{1}a\\label{p}\\end{alignedat}\\end{equation}'),
      D('\\begin{equation}\\begin{gathered}b\\label{q}\\end{gathered}\\end{equation}'),
      D('\\begin{equation}\\begin{aligned}c\\end{aligned}\\label{r}\\end{equation}'),
      I('\\eqref{p}\\eqref{q}\\eqref{r}'),
    );
    expect(refs[3]).toEqual(['(???)', '(???)', '(3)']);
  });

  it('turns whitespace in labels into _ in anchor ids and encodes the link', () => {
    const { rendered } = renderAll(D('\\begin{equation}a\\label{my eq}\\end{equation}'), I('\\eqref{my eq}'));
    expect(idsIn(must(rendered[0], 'rendered[0]').html)).toEqual(['mjx-eqn-my_eq']);
    expect(hrefsIn(must(rendered[1], 'rendered[1]').html)).toEqual(['#mjx-eqn-my_eq']);
  });

  it('keeps the first of two identical labels (MathJax rejects the second formula)', () => {
    const { refs, rendered } = renderAll(
      D('\\begin{equation}a\\label{dup}\\end{equation}'),
      D('\\begin{equation}b\\label{dup}\\end{equation}'),
      I('\\eqref{dup}'),
    );
    expect(refs[2]).toEqual(['(1)']);
    expect(rendered[1]).toMatchObject({ ok: false, error: "MathJax error: Label 'dup' multiply defined" });
  });

  it('resolves references inside \\text{…}', () => {
    const { refs, rendered } = renderAll(
      D('\\begin{equation}a\\label{t}\\end{equation}'),
      D('x\\quad\\text{由式\\eqref{t}得}'),
    );
    expect(refs[1]).toEqual(['(1)']);
    expect(must(rendered[1], 'rendered[1]').ok).toBe(true);
    expect(hrefsIn(must(rendered[1], 'rendered[1]').html)).toEqual(['#mjx-eqn-t']);
  });
});

describe('formulas MathJax rejects', () => {
  it.each([
    [
      'nested equation structures',
      '\\begin{equation}\\begin{align}a\\\\b\\end{align}\\end{equation}',
      'Erroneous nesting of equation structures',
      '(1)',
    ],
    // The first align's row was numbered before the error: MathJax keeps that number used.
    [
      'two equation structures in one formula',
      '\\begin{align}a\\end{align}\\begin{gather}b\\end{gather}',
      'Erroneous nesting of equation structures',
      '(2)',
    ],
    [
      '\\tag inside aligned',
      '\\begin{equation}\\begin{aligned}a\\tag{1}\\end{aligned}\\end{equation}',
      '\\tag not allowed in aligned environment',
      '(1)',
    ],
    ['two \\tags', 'a\\tag{1}\\tag{2}', 'Multiple \\tag', '(1)'],
    ['two \\labels', '\\begin{equation}a\\label{p}\\label{q}\\end{equation}', "Multiple \\label's", '(1)'],
  ])('%s: shown as source, numbering goes on as in MathJax', (_, tex, message, next) => {
    const { rendered, tags } = renderAll(D(tex), D('\\begin{equation}x\\end{equation}'));
    expect(rendered[0]).toMatchObject({ ok: false, error: `MathJax error: ${message}`, tags: [] });
    expect(tags[1]).toEqual([next]);
  });

  it('keeps the numbers MathJax gave before the error', () => {
    const { rendered, tags, refs } = renderAll(
      D('\\begin{align}a\\label{first}\\\\b\\\\c\\tag{x}\\tag{y}\\end{align}'),
      D('\\begin{equation}x\\end{equation}'),
      I('\\eqref{first}'),
    );
    expect(must(rendered[0], 'rendered[0]').ok).toBe(false);
    expect(tags[1]).toEqual(['(3)']);
    expect(refs[2]).toEqual(['(1)']);
  });
});
