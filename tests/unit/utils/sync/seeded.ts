/** A repeatable pseudo-random sequence in [0, 1) (a linear congruential generator), for generated test data. */
export function seededRandom(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}
