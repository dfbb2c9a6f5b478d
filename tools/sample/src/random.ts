import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded random source: the same seed gives the same sequence on every machine and Node version. */
export interface Random {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /**
   * Skewed towards the start of the list (rank-frequency like word use): index = floor(n * u^power). The power
   * is a whole number and computed by multiplication, which IEEE 754 rounds the same everywhere (`**` with a
   * fractional power need not), so generated files are identical on every Node version.
   */
  pickSkewed<T>(items: readonly T[], power: 1 | 2 | 3): T;
}

/** FNV-1a, so that a seed can be any string (`--seed trendstream`) and still fit the generator's 32-bit seed. */
export function seedFromString(seed: string): number {
  let hash = 0x811c9dc5;
  for (const char of seed) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

export function createRandom(seed: string): Random {
  const rng = xoroshiro128plus(seedFromString(seed));
  const float = (): number => uniformFloat64(rng);
  const pickAt = <T>(items: readonly T[], index: number): T => {
    const item = items[Math.min(index, items.length - 1)];
    if (item === undefined) throw new RangeError('cannot pick from an empty list');
    return item;
  };
  return {
    float,
    int: (min, max) => uniformInt(rng, min, max),
    chance: (probability) => float() < probability,
    pick: (items) => pickAt(items, Math.floor(float() * items.length)),
    pickSkewed: (items, power) => {
      const u = float();
      let skewed = u;
      for (let i = 1; i < power; i += 1) skewed *= u;
      return pickAt(items, Math.floor(items.length * skewed));
    },
  };
}
