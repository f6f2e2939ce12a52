/** The numerals of the blog's part numbers: Chinese (一 … 九十九) and Roman (I … XXXIX, English titles). */
const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Chinese numeral 一 … 九十九 (also 〇/零/两), or null when the string is not one. */
export function parseChineseNumeral(s: string): number | null {
  const m = /^([一二两三四五六七八九])?(十)?([零〇一二两三四五六七八九])?$/.exec(s);
  if (!m || s === '') return null;
  const [, tens, ten, units] = m;
  // The pattern lets only CN_DIGITS' characters through.
  const t = tens === undefined ? undefined : CN_DIGITS[tens];
  const u = units === undefined ? undefined : CN_DIGITS[units];
  if (!ten) return t !== undefined && u === undefined ? t : u !== undefined && t === undefined ? u : null;
  if (units === '零' || units === '〇') return t !== undefined ? t * 10 : null;
  return (t ?? 1) * 10 + (u ?? 0);
}

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10 };

/** Roman numeral I … XXXIX (as used by the English titles), or null. */
export function parseRomanNumeral(s: string): number | null {
  const u = s.toUpperCase();
  if (!/^X{0,3}(IX|IV|V?I{0,3})$/.test(u) || u === '') return null;
  // The pattern lets only I, V and X through: each has a value.
  const values = [...u].map((c) => ROMAN[c] ?? 0);
  return values.reduce((total, v, i) => total + ((values[i + 1] ?? 0) > v ? -v : v), 0);
}
