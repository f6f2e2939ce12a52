/**
 * MathJax 2.7.9's own tex2jax preprocessor (node_modules/mathjax, a devDependency), run on a happy-dom document with
 * just enough of MathJax stubbed around it, as the reference for the scanner. It rewrites the DOM as MathJax does
 * (math becomes <script type="math/tex…">), so give it a copy.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { must } from '@/tests/must';

const SOURCE = readFileSync(resolve('node_modules/mathjax/unpacked/extensions/tex2jax.js'), 'utf8');

export interface ReferenceMath {
  tex: string;
  display: boolean;
}

/** The blog's tex2jax configuration (plus processEscapes when asked). */
export function runTex2jax(doc: Document, root: Element, processEscapes = false): ReferenceMath[] {
  const userConfig = {
    inlineMath: [
      ['$', '$'],
      ['\\(', '\\)'],
    ],
    processEscapes,
  };
  const MathJax = {
    Hub: {
      Browser: { isMSIE: false },
      config: { preRemoveClass: 'MathJax_Preview' },
      CombineConfig: (_name: string, defaults: Record<string, unknown>) => ({ ...defaults, ...userConfig }),
      Insert: (a: object, b: object) => Object.assign(a, b),
      Register: { PreProcessor: () => undefined },
    },
    HTML: {
      Element(type: string, attrs: Record<string, string> | null, contents?: string[]) {
        const el = doc.createElement(type);
        if (attrs?.className) el.className = attrs.className;
        for (const c of contents ?? []) el.appendChild(doc.createTextNode(c));
        return el;
      },
      TextNode: (text: string) => doc.createTextNode(text),
      addText(parent: Node, text: string) {
        const t = doc.createTextNode(text);
        parent.appendChild(t);
        return t;
      },
      setScript(script: HTMLScriptElement, text: string) {
        script.textContent = text;
      },
    },
    Ajax: { loadComplete: () => undefined },
    Extension: {} as Record<string, { PreProcess(el: Element): void }>,
  };
  new Function('MathJax', 'document', SOURCE)(MathJax, doc);
  must(MathJax.Extension.tex2jax, 'the tex2jax extension').PreProcess(root);
  return [...root.querySelectorAll('script')]
    .filter((s) => (s.getAttribute('type') ?? '').startsWith('math/tex'))
    .map((s) => ({ tex: s.textContent ?? '', display: (s.getAttribute('type') ?? '').includes('mode=display') }));
}

/** MathJax joins lines at a `<br>` with " ", we with "\n": compare TeX with whitespace runs collapsed. */
export function squashSpace(tex: string): string {
  return tex.replace(/\s+/g, ' ');
}
