/**
 * Rocket.Chat-shaped ids and the seeded PRNG behind the simulator's deterministic workspace. Kept apart
 * from seed.ts so that the state can mint ids for what the API creates without importing the seed.
 */

/** Rocket.Chat's `Random.id()` alphabet: 17 characters without look-alikes. */
const ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

/** mulberry32: a tiny seeded PRNG, so every run serves the same workspace. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 17; i += 1) id += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)];
  return id;
}
