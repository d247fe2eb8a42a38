/** An isolate of the cost simulation and its bounded caches, evicting as src/kit/lib/lru.ts does. */
import type { Model } from './simulate.ts';

/** A bounded map with the kit's eviction (src/kit/lib/lru.ts): a hit moves to the end, the oldest goes first. */
export class Lru {
  readonly map = new Map<number, number>();
  readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  get(key: number): number | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: number, value: number): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
}

/** One isolate: its age, its caches (CERTS, ACCOUNTS, REJECTED, REPLAYS), its JWKS. */
export class Isolate {
  readonly created: number;
  lastUsed: number;
  readonly caches: [Lru, Lru, Lru, Lru];
  /** jose's `uat` of the key set in memory; undefined until the key set is set up (first JWT validation). */
  jwksUat: number | undefined;
  constructor(m: Model, t: number) {
    this.created = t;
    this.lastUsed = t;
    this.caches = [new Lru(m.certMemoryEntries), new Lru(m.tokenMemoryEntries), new Lru(m.rejectedMemoryEntries), new Lru(m.replayMemoryEntries)];
  }
}
export const CERTS = 0;
export const ACCOUNTS = 1;
export const REJECTED = 2;
export const REPLAYS = 3;
