/**
 * Deterministic randomness for the cost simulation: a seeded stream (sfc32) for draws made in
 * time order, and a stateless hash (`unit(seed, a, b)`) for per-user traits, so a user's traits
 * never depend on the order in which users are visited. Same seed, same numbers, on any machine.
 */

/** A seeded stream of uniform numbers in [0, 1) (sfc32, 32-bit state words). */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number, stream = 0) {
    this.#a = mix32(seed ^ 0x9e3779b9);
    this.#b = mix32(seed + 0x243f6a88 + stream);
    this.#c = mix32(stream ^ 0xb7e15162);
    this.#d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The next number in [0, 1). */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** A 32-bit integer hash (murmur3's finalizer). */
export function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A uniform number in [0, 1) that depends only on its arguments (a user's fixed traits). */
export function unit(seed: number, a: number, b: number): number {
  return mix32(mix32(mix32(seed) ^ a) + Math.imul(b, 0x27d4eb2d)) / 4294967296;
}

/** The cumulative distribution of weights, for {@link pick}. */
export function cumulative(weights: readonly number[]): Float64Array {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const cdf = new Float64Array(weights.length);
  let running = 0;
  weights.forEach((w, i) => {
    running += w / total;
    cdf[i] = running;
  });
  cdf[weights.length - 1] = 1;
  return cdf;
}

/** The index whose cumulative share first exceeds `u` (binary search). */
export function pick(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Zipf weights 1/k^s for ranks 1..n. */
export function zipfWeights(n: number, s: number): number[] {
  return Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
}
