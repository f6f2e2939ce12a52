/**
 * Narrows a value a test knows is there (an array element, a regex group, a queried node) without a non-null
 * assertion: a wrong assumption fails the test with a message that says what was missing.
 */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, got ${value}`);
  return value;
}
