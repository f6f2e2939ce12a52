/**
 * A regex match's group that the pattern always fills when it matches (the group is not optional and not in one
 * branch of an alternation). TypeScript cannot know that, so this says it once and fails loudly if it is ever wrong.
 */
export function group(match: RegExpMatchArray, index: number): string {
  const value = match[index];
  if (value === undefined) throw new Error(`regex group ${index} did not take part in the match of ${match[0]}`);
  return value;
}
