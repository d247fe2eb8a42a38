/**
 * Workers KV as the cost model sees it: billed operations per key prefix, visibility (a write is
 * seen at once in the location that made it and `propagationSeconds` later elsewhere; the previous
 * value stays visible elsewhere meanwhile), expiry, writes per second to each key, and stored bytes.
 * Cloudflare, "How KV works": https://developers.cloudflare.com/kv/concepts/how-kv-works/
 */

/** The key prefixes of packages/alexa-skill-workers/src/lib/kv-keys.ts, as indices. */
export const PREFIXES = ['cert', 'tok', 'rej', 'purge', 'jwks', 'attr', 'done'] as const;
export type Prefix = (typeof PREFIXES)[number];
export const CERT = 0;
export const TOK = 1;
/** `rej:<sha256(token)>`: a refused token (token-cache.ts `rememberInvalid`). */
export const REJ = 2;
/** `purge:<sha256(userId)>`: a SkillDisabled purge's tombstone (purges.ts). */
export const PURGE = 3;
export const JWKS = 4;
export const ATTR = 5;
export const DONE = 6;

/** One stored value: written at `t` in `loc`, gone at `exp`; `v` is what the model needs of the value. */
export interface Record {
  readonly t: number;
  readonly loc: number;
  readonly exp: number;
  readonly v: number;
  readonly prev: Record | undefined;
}

export interface Operations {
  reads: number;
  writes: number;
  deletes: number;
  lists: number;
}

const KEY_SPACE = 2 ** 40;

/** The namespace: one map per prefix (attr: entries only counted, see {@link Kv.attributes}). */
export class Kv {
  readonly ops: Operations[] = PREFIXES.map(() => ({ reads: 0, writes: 0, deletes: 0, lists: 0 }));
  /** The most writes any single key of each prefix took within one second. */
  readonly maxWritesPerSecond: number[] = PREFIXES.map(() => 0);
  /** Writes beyond the first to one key within one second (KV allows one per second per key). */
  readonly writesOverLimit: number[] = PREFIXES.map(() => 0);
  /** Users with an attr: entry. */
  attributes = 0;
  readonly #maps: Map<number, Record>[] = PREFIXES.map(() => new Map<number, Record>());
  readonly #propagation: number;
  /** Expiry times of entries written under unique keys (done:), oldest first: only their count matters. */
  #unique: number[][] = PREFIXES.map(() => []);
  #second = -1;
  readonly #thisSecond = new Map<number, number>();

  constructor(propagationSeconds: number) {
    this.#propagation = propagationSeconds;
  }

  /** The counters (not the entries), to put back with {@link restore}. */
  snapshot(): { ops: Operations[]; maxWritesPerSecond: number[]; writesOverLimit: number[] } {
    return { ops: this.ops.map((o) => ({ ...o })), maxWritesPerSecond: [...this.maxWritesPerSecond], writesOverLimit: [...this.writesOverLimit] };
  }

  restore(saved: ReturnType<Kv['snapshot']>): void {
    saved.ops.forEach((o, i) => Object.assign(this.ops[i]!, o));
    saved.maxWritesPerSecond.forEach((v, i) => (this.maxWritesPerSecond[i] = v));
    saved.writesOverLimit.forEach((v, i) => (this.writesOverLimit[i] = v));
  }

  /** A billed read: the value visible at `loc` at `t`, if any. */
  read(prefix: number, key: number, loc: number, t: number): Record | undefined {
    this.ops[prefix]!.reads++;
    for (let r = this.#maps[prefix]!.get(key); r !== undefined; r = r.prev) {
      if (r.exp > t && (r.loc === loc || t >= r.t + this.#propagation)) return r;
    }
    return undefined;
  }

  /** A billed read whose value the model does not need (attr:). */
  count(prefix: number, op: keyof Operations): void {
    this.ops[prefix]![op]++;
  }

  /** A billed write, kept `ttlSeconds`. */
  write(prefix: number, key: number, loc: number, t: number, ttlSeconds: number, v: number): void {
    this.ops[prefix]!.writes++;
    const map = this.#maps[prefix]!;
    const old = map.get(key);
    const prev = old !== undefined && old.exp > t ? { t: old.t, loc: old.loc, exp: old.exp, v: old.v, prev: undefined } : undefined;
    map.set(key, { t, loc, exp: t + ttlSeconds, v, prev });
    this.noteWrite(prefix, key, t);
  }

  /**
   * A billed write under a key never written or read again (a `done:` record of a request that is
   * not replayed): counted, and kept only as a number until it expires.
   */
  writeUnique(prefix: number, t: number, ttlSeconds: number): void {
    this.ops[prefix]!.writes++;
    this.maxWritesPerSecond[prefix] = Math.max(this.maxWritesPerSecond[prefix]!, 1);
    this.#unique[prefix]!.push(t + ttlSeconds);
  }

  /** Counts a write towards the per-key limit (writes arrive in time order). */
  noteWrite(prefix: number, key: number, t: number): void {
    const second = Math.floor(t);
    if (second !== this.#second) {
      this.#second = second;
      this.#thisSecond.clear();
    }
    const id = prefix * KEY_SPACE + key;
    const n = (this.#thisSecond.get(id) ?? 0) + 1;
    this.#thisSecond.set(id, n);
    if (n > this.maxWritesPerSecond[prefix]!) this.maxWritesPerSecond[prefix] = n;
    if (n > 1) this.writesOverLimit[prefix]!++;
  }

  /** A billed delete; true when a live entry was there. */
  delete(prefix: number, key: number, t: number): boolean {
    this.ops[prefix]!.deletes++;
    const r = this.#maps[prefix]!.get(key);
    this.#maps[prefix]!.delete(key);
    return r !== undefined && r.exp > t;
  }

  /** The live entry under `key`, unbilled (what a list would return). */
  peek(prefix: number, key: number, t: number): Record | undefined {
    const r = this.#maps[prefix]!.get(key);
    return r !== undefined && r.exp > t ? r : undefined;
  }

  /** Drops expired entries; returns the live entries per prefix. */
  sweep(t: number): number[] {
    return this.#maps.map((map, i) => {
      for (const [key, r] of map) if (r.exp <= t) map.delete(key);
      const unique = this.#unique[i]!;
      let gone = 0;
      while (gone < unique.length && unique[gone]! <= t) gone++;
      if (gone > 0) this.#unique[i] = unique.slice(gone);
      return map.size + this.#unique[i]!.length;
    });
  }
}
