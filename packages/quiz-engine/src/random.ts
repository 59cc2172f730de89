/** Seeded randomness and stable hashing: the engine never calls Math.random. */

/** A pseudo-random number generator returning floats in [0, 1). */
export type Rng = () => number;

/**
 * 32-bit FNV-1a hash of a string, for stable ids and key-independent orderings.
 *
 * @example
 * hashString("q1") === hashString("q1"); // true
 */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Mulberry32, a small, fast, well-distributed 32-bit generator.
 *
 * @example
 * const rng = createRng(42);
 * rng(); // same float every run
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates on a copy. */
export function shuffleWith<T>(items: readonly T[], rng: Rng): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Orders items by a hash of `salt` and their text: stable, and blind to which item is the key. */
export function sortByHash<T>(items: readonly T[], salt: string, textOf: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, rank: hashString(`${salt}\u0000${textOf(item)}`) }))
    .sort((a, b) => a.rank - b.rank)
    .map((entry) => entry.item);
}
