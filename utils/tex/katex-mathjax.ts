/**
 * KaTeX behaviour changed to MathJax 2.7.9's where no TeX rewriting can express it. Imported once by render.ts,
 * before the first formula is rendered.
 */
import katex from 'katex';

interface ParseNode {
  type: string;
  body?: unknown;
}

const defineFunction = (katex as unknown as { __defineFunction(spec: unknown): void }).__defineFunction;

/*
 * `\mathop{…}`: MathJax makes it a TeXAtom of class OP with movablelimits, so in display style its scripts go
 * under and over it (`\mathop{\text{argmin}}_W`), in text style beside it; `\limits`/`\nolimits` still decide.
 * KaTeX's own `\mathop` always sets them beside. Same node as KaTeX's, with `limits: true` (which KaTeX honours
 * only in display style unless `\limits` follows); KaTeX's op builders stay registered for the type.
 */
defineFunction({
  type: 'op',
  names: ['\\mathop'],
  props: { numArgs: 1, primitive: true },
  handler: ({ parser }: { parser: { mode: string } }, args: ParseNode[]) => ({
    type: 'op',
    mode: parser.mode,
    limits: true,
    parentIsSupSub: false,
    symbol: false,
    // numArgs: 1, so KaTeX always passes the one argument.
    body: args[0]?.type === 'ordgroup' ? args[0].body : args.slice(0, 1),
  }),
});
