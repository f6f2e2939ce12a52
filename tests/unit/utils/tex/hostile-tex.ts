/** The hostile formulas of issue #15.1, shared by the bounds test and the hostile-TeX fuzz. */
const x100 = 'x'.repeat(100);

/** 250 characters that expand to 90,000 symbols (~10 s of KaTeX). */
export const NESTED_DEF_BOMB = `\\def\\b{${x100}}\\def\\c{${'\\b'.repeat(30)}}\\def\\d{${'\\c'.repeat(30)}}\\d`;
/** A 19,000-character macro called 20 times (minutes of KaTeX). */
export const BIG_MACRO_CALLED = `\\def\\m{${'x'.repeat(19_000)}}${'\\m'.repeat(20)}`.slice(0, 19_990);
/** Plain `\frac{a}{b}` × 1,700: 1.7 MB of HTML, seconds of layout. */
export const MANY_FRACTIONS = '\\frac{a}{b}'.repeat(1_700);
