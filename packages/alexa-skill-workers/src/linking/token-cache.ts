import { isRecord } from '../lib/json.ts';
import type { RequestContext, WaitUntil } from '../core/context.ts';
import type { Logger } from '../core/log.ts';
import { LruMap } from '../lib/lru.ts';
import { errorName, UsageError } from '../core/errors.ts';
import { ConfigError } from '../core/options.ts';
import { cacheGetJson, cachePut, KV_MIN_TTL_SECONDS, KV_WRITE_TIMEOUT_MS, kvWriteNow } from '../lib/kv.ts';
import { purgeKey, tokenKeys, userTokenPrefix, type TokenKeys } from '../lib/kv-keys.ts';
import { Purges } from './purges.ts';

/** A validated token's result: who the user is in Ride Hailer, and until when it may be reused. */
export interface CachedAccount<P = unknown> {
  readonly subject: string | undefined;
  /** The skill's view of the user (see {@link ProfileSource}); kept in KV, so JSON. */
  readonly profile: P;
  /** ms since epoch; never beyond the token's own expiry nor the configured maximum. */
  readonly expiresAt: number;
}

const hashes = Symbol('token hashes');
const madeAt = Symbol('purge epoch');

/**
 * The isolate-memory key of each {@link TokenRef}: {@link memoryKey} of its owner and token. Kept
 * beside the ref, not on it, so a ref that is logged or inspected shows no token.
 */
const memoryKeys = new WeakMap<TokenRef, string>();

/**
 * An account's key in isolate memory: the Alexa user ID, the person ID (person-level tokens only)
 * and the token themselves, each but the last prefixed with its length so no two owners and tokens
 * share a key, and all of one user's keys share {@link memoryUserPrefix}. Isolate memory is listed
 * by no one, so a warm request looks its account up without hashing anything; KV, which the
 * dashboard and `wrangler kv key list` show, only ever sees the hashes (`lib/kv-keys`).
 */
function memoryKey(owner: TokenOwner, token: string): string {
  const person = owner.personId === undefined ? '' : `${owner.personId.length}:${owner.personId}`;
  return `${memoryUserPrefix(owner.userId)}${person}t${token}`;
}

function memoryUserPrefix(userId: string): string {
  return `u${userId.length}:${userId}p`;
}

/**
 * How long a refused token is remembered by default, in memory and in KV: one hour, the whole life
 * of a Login with Amazon access token ("Access tokens are only valid for sixty minutes": Amazon,
 * "Login with Amazon Access Tokens", https://developer.amazon.com/docs/login-with-amazon/access-token.html).
 * Once refused, a token's remaining life is unknown; an hour later an LWA token has certainly
 * expired, and Alexa presents its refreshed successor (another token, another hash) instead.
 */
export const REFUSED_TTL_SECONDS = 3600;

/**
 * Whose token it is: the Alexa account (`context.System.user.userId`) and, for a token a
 * recognized speaker linked to their own profile (`context.System.person.accessToken`), that
 * person's `personId`. Amazon, "Use Personalization With or Without Account Linking":
 * https://developer.amazon.com/en-US/docs/alexa/custom-skills/personalization-and-account-linking.html
 */
export interface TokenOwner {
  readonly userId: string;
  /** Set only for a person-level token; an account-level (shared) token has none. */
  readonly personId?: string;
}

/** A bare string is the Alexa user ID of an account-level token. */
export function tokenOwner(owner: TokenOwner | string): TokenOwner {
  return typeof owner === 'string' ? { userId: owner } : owner;
}

/**
 * One (Alexa user, token) pair as the cache knows it, made by {@link TokenCache.ref}: both are
 * hashed once, and callers pass the ref back for every operation of the request. It holds no
 * token (its isolate-memory key is kept in a WeakMap beside it), and callers never see a KV key.
 */
export interface TokenRef {
  /** Identifies the pair (made of its hashes only), e.g. to share one validation between requests. */
  readonly id: string;
  readonly [hashes]: TokenKeys;
  /** The purge epoch when the ref was made: a purge of the user after it forbids every write through it. */
  readonly [madeAt]: number;
}

export interface TokenCacheOptions {
  readonly kv: KVNamespace;
  readonly log: Logger;
  /** Entries kept in isolate memory (accounts; refused tokens; purge records). Default 1000. */
  readonly maxEntries?: number;
  /**
   * How long a refused token is remembered, in memory and in KV (in memory only below KV's 60 s
   * minimum TTL). Default {@link REFUSED_TTL_SECONDS}; raise it for a provider whose tokens live longer.
   */
  readonly refusedTtlSeconds?: number;
}

/**
 * Validated tokens with their profiles: an in-isolate LRU in front of Workers KV. Every read
 * checks the stored expiry against the clock. KV failures and slow reads count as misses;
 * KV write failures are logged and ignored. Refused tokens are remembered too, in memory and KV.
 * A purge of a user ({@link forgetUser}) wins against work already in flight: nothing stored
 * through a {@link TokenRef} made before it survives it (see `forgetUser` for what KV allows).
 *
 * Keys (docs/caching.md, "What is cached, and where"; KV keys built in `lib/kv-keys`): an account
 * is kept in KV under `tok:<sha256(userId)>:<sha256(token)>` (a recognized speaker's own token
 * under `tok:<sha256(userId)>:<sha256(personId)>:<sha256(token)>`), and in isolate memory under
 * the user ID, person ID and token themselves ({@link memoryKey}), so that a warm request
 * ({@link fromMemoryOf}) hashes nothing; a refused token under `sha256(token)` in memory and
 * `rej:<sha256(token)>` in KV; a purge under `purge:<sha256(userId)>` in KV. No KV key contains a
 * token or an ID.
 */
export class TokenCache<P = unknown> {
  readonly #opts: TokenCacheOptions;
  readonly #memory: LruMap<string, CachedAccount<P>>;
  readonly #invalid: LruMap<string, number>;
  readonly #purges: Purges;
  readonly #refusedTtlSeconds: number;

  /** @throws {ConfigError} `CONFIG_INVALID` naming `refusedTtlSeconds` when it is not a positive integer. */
  constructor(options: TokenCacheOptions) {
    this.#opts = options;
    this.#refusedTtlSeconds = options.refusedTtlSeconds ?? REFUSED_TTL_SECONDS;
    if (!Number.isInteger(this.#refusedTtlSeconds) || this.#refusedTtlSeconds < 1) {
      throw new ConfigError('refusedTtlSeconds', 'must be a positive whole number of seconds');
    }
    const maxEntries = options.maxEntries ?? 1000;
    this.#memory = new LruMap(maxEntries);
    this.#invalid = new LruMap(maxEntries);
    this.#purges = new Purges({ kv: options.kv, log: options.log, maxEntries });
  }

  /** Entries in memory (valid and rejected), for tests and benchmarks. */
  get size(): { accounts: number; rejected: number } {
    return { accounts: this.#memory.size, rejected: this.#invalid.size };
  }

  /**
   * Hashes a token's owner (a user ID, or a {@link TokenOwner} with the recognized speaker's
   * `personId`) and the token, once per request; the ref is what the other methods take.
   */
  async ref(owner: TokenOwner | string, token: string): Promise<TokenRef> {
    const who = tokenOwner(owner);
    const keys = await tokenKeys(who.userId, token, who.personId);
    const ref: TokenRef = { id: keys.entry, [hashes]: keys, [madeAt]: this.#purges.epoch };
    memoryKeys.set(ref, memoryKey(who, token));
    return ref;
  }

  /**
   * The account kept in isolate memory for this owner and token, found without hashing or any
   * I/O (a warm request's whole lookup); expired entries are dropped and miss.
   */
  fromMemoryOf(owner: TokenOwner | string, token: string, now: Date): CachedAccount<P> | undefined {
    const key = memoryKey(tokenOwner(owner), token);
    const hit = this.#memory.get(key);
    if (hit && hit.expiresAt > now.getTime()) return hit;
    if (hit) this.#memory.delete(key);
    return undefined;
  }

  /**
   * The account stored in KV for `ref`, kept in memory once read. `parseProfile` re-checks the
   * stored profile (a malformed one is a miss); `AccountService` passes its `ProfileSource.parse`.
   * Default: any JSON object.
   */
  async fromKv(ref: TokenRef, now: Date, parseProfile: (stored: unknown) => P | undefined = anyObject): Promise<CachedAccount<P> | undefined> {
    const key = ref[hashes].entry;
    const stored = await cacheGetJson(this.#opts.kv, key, this.#opts.log, 'token_kv');
    if (!isRecord(stored) || typeof stored.expiresAt !== 'number' || stored.expiresAt <= now.getTime()) return undefined;
    const profile = parseProfile(stored.profile);
    if (profile === undefined) return undefined;
    const subject = typeof stored.subject === 'string' ? stored.subject : undefined;
    const account: CachedAccount<P> = { subject, profile, expiresAt: stored.expiresAt };
    // A read that began before a purge of the user may return what the purge deleted.
    if (!this.#purgedSince(ref)) this.#memory.set(memoryKeyOf(ref), account);
    return account;
  }

  /**
   * Keeps `account` in memory, and in KV when it lives at least KV's minimum TTL; `now` is when the
   * validation that produced it started. Skipped (`token_store_skipped`, reason `purged`) when the
   * user was purged in this isolate since `ref` was made. After the KV write, the user's purge
   * tombstone is read: a purge elsewhere after `now` undoes the write (`token_store_undone`).
   */
  store(ref: TokenRef, account: CachedAccount<P>, now: Date, waitUntil?: WaitUntil): void {
    if (this.#purgedSince(ref)) {
      this.#opts.log.info('token_store_skipped', { reason: 'purged' });
      return;
    }
    this.#memory.set(memoryKeyOf(ref), account);
    const ttl = Math.floor((account.expiresAt - now.getTime()) / 1000);
    if (ttl < KV_MIN_TTL_SECONDS) return;
    const write = this.#storeInKv(ref, JSON.stringify(account), ttl, now);
    if (waitUntil) waitUntil(write);
  }

  async #storeInKv(ref: TokenRef, value: string, ttl: number, validatedAt: Date): Promise<void> {
    const { kv, log } = this.#opts;
    const key = ref[hashes].entry;
    await kvWriteNow(kv, key, value, { expirationTtl: ttl, log, event: 'token_kv', timeoutMs: KV_WRITE_TIMEOUT_MS });
    // Written, then checked: a purge writes its tombstone before it lists the user's keys, so one
    // this read misses lists them after this write and deletes the entry itself (in one location).
    if (!(await this.#purges.purgedAfter(ref[hashes].purge, ref[madeAt], validatedAt))) return;
    this.#memory.delete(memoryKeyOf(ref));
    await this.#delete(key);
    log.info('token_store_undone', { reason: 'purged' });
  }

  /**
   * Remembers that the token was refused, for {@link REFUSED_TTL_SECONDS} (or `refusedTtlSeconds`):
   * in memory, and in KV (`rej:<sha256(token)>`, written in the background) so other isolates do
   * not ask the provider about it again either.
   */
  rememberInvalid(ref: TokenRef, now: Date, waitUntil?: WaitUntil): void {
    const ttl = this.#refusedTtlSeconds;
    const until = now.getTime() + ttl * 1000;
    this.#invalid.set(ref[hashes].tokenHash, until);
    if (ttl < KV_MIN_TTL_SECONDS) return;
    cachePut(this.#opts.kv, ref[hashes].refused, JSON.stringify({ until }), {
      expirationTtl: ttl, log: this.#opts.log, event: 'refused_kv', waitUntil,
    });
  }

  /** Whether this isolate remembers the token as refused (no I/O). */
  isKnownInvalid(ref: TokenRef, now: Date): boolean {
    const until = this.#invalid.get(ref[hashes].tokenHash);
    return until !== undefined && until > now.getTime();
  }

  /**
   * Whether the token is remembered as refused, in memory or in KV (then kept in memory too). A KV
   * read that fails or is slow is logged (`refused_kv_read_failed`) and answers no: only a
   * refusal actually read is one.
   */
  async wasRefused(ref: TokenRef, now: Date): Promise<boolean> {
    if (this.isKnownInvalid(ref, now)) return true;
    const stored = await cacheGetJson(this.#opts.kv, ref[hashes].refused, this.#opts.log, 'refused_kv');
    if (!isRecord(stored) || typeof stored.until !== 'number' || stored.until <= now.getTime()) return false;
    const longest = now.getTime() + this.#refusedTtlSeconds * 1000;
    this.#invalid.set(ref[hashes].tokenHash, Math.min(stored.until, longest));
    return true;
  }

  /** Drops one token everywhere (e.g. the API refused it). */
  async forget(ref: TokenRef): Promise<void> {
    this.#memory.delete(memoryKeyOf(ref));
    await this.#delete(ref[hashes].entry);
  }

  /**
   * Drops every entry of one user, every recognized speaker's included (they share the user's
   * prefix), in memory and in KV (by prefix), and makes the purge win against work in flight:
   * in this isolate no write through a ref made before it happens; in KV a tombstone
   * (`purge:<sha256(userId)>`, `PURGE_TOMBSTONE_TTL_SECONDS`) is written before the listing,
   * and a write that started before the purge reads it afterwards and undoes itself. KV is
   * eventually consistent (about a minute across locations): an entry written in another location
   * around the purge may miss both the listing and the tombstone and survive until its TTL, and
   * other isolates' memory keeps what it holds until its expiry. Returns how many KV entries went.
   */
  async forgetUser(userId: string, ctx: RequestContext): Promise<number> {
    const { kv } = this.#opts;
    const [userPrefix, purge] = await Promise.all([userTokenPrefix(userId), purgeKey(userId)]);
    const recorded = this.#purges.record(purge, ctx.now);
    const memoryPrefix = memoryUserPrefix(userId);
    this.#memory.deleteWhere((key) => key.startsWith(memoryPrefix));
    await recorded;
    let removed = 0;
    let cursor: string | undefined;
    do {
      const page: KVNamespaceListResult<unknown> = await kv.list({ prefix: userPrefix, cursor });
      await Promise.all(page.keys.map((k) => kv.delete(k.name)));
      removed += page.keys.length;
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    return removed;
  }

  #purgedSince(ref: TokenRef): boolean {
    return this.#purges.purgedSince(ref[hashes].purge, ref[madeAt]);
  }

  #delete(key: TokenKeys['entry']): Promise<void> {
    return this.#opts.kv
      .delete(key)
      .catch((error: unknown) => this.#opts.log.warn('token_kv_delete_failed', { reason: errorName(error) }));
  }
}

/** The isolate-memory key of a ref that {@link TokenCache.ref} made (the only way to make one). */
function memoryKeyOf(ref: TokenRef): string {
  const key = memoryKeys.get(ref);
  if (key === undefined) throw new UsageError('a TokenRef is made by TokenCache.ref');
  return key;
}

function anyObject<P>(value: unknown): P | undefined {
  return isRecord(value) ? (value as P) : undefined;
}
