// @vitest-environment happy-dom
/**
 * The scanner against MathJax 2.7.9's real tex2jax: same formulas, same order, same display mode, on every saved
 * page and on random HTML made of delimiters, braces, escapes, <br>s, comments and inline elements.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanMath } from '@/utils/tex/scan';
import { loadPages, openPage } from './helpers';
import { runTex2jax, squashSpace } from './tex2jax';

const ours = (root: Element, processEscapes: boolean) =>
  scanMath(root, { processEscapes }).map((m) => ({ tex: squashSpace(m.tex), display: m.display }));
const theirs = (doc: Document, root: Element, processEscapes: boolean) =>
  runTex2jax(doc, root, processEscapes).map((m) => ({ tex: squashSpace(m.tex), display: m.display }));

describe('scanMath = tex2jax 2.7.9 on the saved pages', () => {
  it.each(loadPages().map((p) => [p.file, p] as const))(
    '%s',
    (_, page) => {
      const a = openPage(page);
      const b = openPage(page);
      try {
        const found = ours(a.document.body, false);
        expect(found).toEqual(theirs(b.document, b.document.body, false));
      } finally {
        void a.window.happyDOM.close();
        void b.window.happyDOM.close();
      }
    },
    60_000,
  );
});

const TOKENS = [
  '$',
  '$',
  '$',
  '$$',
  '\\(',
  '\\)',
  '\\[',
  '\\]',
  '\\begin{align}',
  '\\end{align}',
  '\\begin{x*}',
  '\\end{x*}',
  '{',
  '}',
  '\\',
  '\\$',
  '\\\\',
  '\\\\$',
  'a',
  'b',
  ' ',
  '\n',
  '<br>',
  '<br>\n',
  '<wbr>',
  '<!--c-->',
  '\\eqref{e}',
  '\\ref{r}',
  '<em>',
  '</em>',
  '<code>',
  '</code>',
  '<pre>',
  '</pre>',
  '<p>',
  '</p>',
  '&amp;',
  '&lt;',
  '</span>',
  '<span class="tex2jax_ignore">',
  '<span class="tex2jax_process">',
];

describe('scanMath = tex2jax 2.7.9 on random HTML', () => {
  for (const processEscapes of [false, true]) {
    it(`processEscapes ${processEscapes}`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), (tokens) => {
          const html = tokens.join('');
          const a = document.createElement('div');
          a.innerHTML = html;
          const b = a.cloneNode(true) as HTMLElement;
          expect(ours(a, processEscapes)).toEqual(theirs(document, b, processEscapes));
        }),
        { numRuns: 2000 },
      );
    }, 120_000);
  }
});
