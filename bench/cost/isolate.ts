/**
 * An isolate of the cost simulation and its bounded caches, evicting as the kit's
 * packages/alexa-skill-workers/src/lib/lru.ts does, and its certificate download bound, refilling
 * as lib/token-bucket.ts does.
 */
import type { Model } from './simulate.ts';

/** A bounded map with the kit's eviction (lib/lru.ts): a hit moves to the end, the oldest goes first. */
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

/**
 * The kit's token bucket (lib/token-bucket.ts), in seconds: at most `burst` takes at once, then
 * one more every `refillSeconds`.
 */
export class Bucket {
  readonly burst: number;
  readonly refillSeconds: number;
  #credit: number;
  #at: number | undefined;
  constructor(burst: number, refillSeconds: number) {
    this.burst = burst;
    this.refillSeconds = refillSeconds;
    this.#credit = burst * refillSeconds;
  }
  /** Takes one at `t` (seconds); false, taking nothing, when none is left. */
  take(t: number): boolean {
    if (this.#at !== undefined && t > this.#at) this.#credit = Math.min(this.burst * this.refillSeconds, this.#credit + (t - this.#at));
    this.#at = Math.max(this.#at ?? t, t);
    if (this.#credit < this.refillSeconds) return false;
    this.#credit -= this.refillSeconds;
    return true;
  }
}

/**
 * One isolate: its age, its caches (CERTS, ACCOUNTS, REJECTED, REPLAYS, PURGES), its JWKS, and
 * the certificate store's bound on downloads of URLs it has not verified.
 */
export class Isolate {
  readonly created: number;
  lastUsed: number;
  readonly caches: [Lru, Lru, Lru, Lru, Lru];
  /** jose's `uat` of the key set in memory; undefined until the key set is set up (first JWT validation). */
  jwksUat: number | undefined;
  /** cert-store.ts `#verified`: the certificate URL's chain validated in this isolate. */
  certVerified = false;
  readonly certDownloads: Bucket;
  constructor(m: Model, t: number) {
    this.created = t;
    this.lastUsed = t;
    this.caches = [
      new Lru(m.certMemoryEntries),
      new Lru(m.tokenMemoryEntries),
      new Lru(m.rejectedMemoryEntries),
      new Lru(m.replayMemoryEntries),
      new Lru(m.purgeMemoryEntries),
    ];
    this.certDownloads = new Bucket(m.certUnverifiedDownloadBurst, m.certUnverifiedRefillSeconds);
  }
}
export const CERTS = 0;
export const ACCOUNTS = 1;
export const REJECTED = 2;
export const REPLAYS = 3;
export const PURGES = 4;
