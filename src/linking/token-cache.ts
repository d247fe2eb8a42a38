import { sha256Hex } from '../lib/hash';
import { isRecord } from '../lib/json';
import type { Logger } from '../lib/log';
import { LruMap } from '../lib/lru';
import { errorName } from '../errors';
import { cacheGetJson, cachePut, KV_MIN_TTL_SECONDS } from '../lib/kv';
import type { RideHailerProfile } from './ride-hailer-client';

/** A validated token's result: who the user is in Ride Hailer, and until when it may be reused. */
export interface CachedAccount {
  readonly subject: string | undefined;
  readonly profile: RideHailerProfile;
  /** ms since epoch; never beyond the token's own expiry nor the configured maximum. */
  readonly expiresAt: number;
}

/** The keys for one (Alexa user, token) pair. Neither the token nor the user ID appears in them. */
export interface TokenKeys {
  /** `tok:<sha256 hex of userId>:<sha256 hex of token>`; all of a user's keys share the prefix. */
  readonly key: string;
  readonly tokenHash: string;
}

/** Derives the cache keys for a user and token (README, "What is cached, and where"). */
export async function tokenKeys(userId: string, token: string): Promise<TokenKeys> {
  const [user, tokenHash] = await Promise.all([sha256Hex(userId), sha256Hex(token)]);
  return { key: `tok:${user}:${tokenHash}`, tokenHash };
}

/** The prefix of every cached token entry of `userId`. */
export async function userTokenPrefix(userId: string): Promise<string> {
  return `tok:${await sha256Hex(userId)}:`;
}

export interface TokenCacheOptions {
  readonly kv: KVNamespace;
  readonly log: Logger;
  /** Entries kept in isolate memory. Default 1000. */
  readonly maxEntries?: number;
  /** How long a rejected token is remembered in memory. Default 30 s. */
  readonly invalidMemoryMs?: number;
}

/**
 * Validated tokens with their profiles: an in-isolate LRU in front of Workers KV. Every read
 * checks the stored expiry against the clock. KV failures and slow reads count as misses;
 * KV write failures are logged and ignored. Rejected tokens are remembered in memory only.
 */
export class TokenCache {
  readonly #opts: TokenCacheOptions;
  readonly #memory: LruMap<string, CachedAccount>;
  readonly #invalid: LruMap<string, number>;

  constructor(options: TokenCacheOptions) {
    this.#opts = options;
    this.#memory = new LruMap(options.maxEntries ?? 1000);
    this.#invalid = new LruMap(options.maxEntries ?? 1000);
  }

  /** Entries in memory (valid and rejected), for tests and benchmarks. */
  get size(): { accounts: number; rejected: number } {
    return { accounts: this.#memory.size, rejected: this.#invalid.size };
  }

  fromMemory(key: string, now: Date): CachedAccount | undefined {
    const hit = this.#memory.get(key);
    if (hit && hit.expiresAt > now.getTime()) return hit;
    if (hit) this.#memory.delete(key);
    return undefined;
  }

  async fromKv(key: string, now: Date): Promise<CachedAccount | undefined> {
    const stored = await cacheGetJson(this.#opts.kv, key, this.#opts.log, 'token_kv');
    if (!isRecord(stored) || typeof stored.expiresAt !== 'number' || !isRecord(stored.profile)) return undefined;
    if (stored.expiresAt <= now.getTime()) return undefined;
    const account = stored as unknown as CachedAccount;
    this.#memory.set(key, account);
    return account;
  }

  /** Keeps `account` in memory, and in KV when it lives at least KV's minimum TTL. */
  store(key: string, account: CachedAccount, now: Date, waitUntil?: (p: Promise<unknown>) => void): void {
    this.#memory.set(key, account);
    const ttl = Math.floor((account.expiresAt - now.getTime()) / 1000);
    if (ttl < KV_MIN_TTL_SECONDS) return;
    cachePut(this.#opts.kv, key, JSON.stringify(account), { expirationTtl: ttl }, this.#opts.log, 'token_kv', waitUntil);
  }

  rememberInvalid(tokenHash: string, now: Date): void {
    this.#invalid.set(tokenHash, now.getTime() + (this.#opts.invalidMemoryMs ?? 30_000));
  }

  isKnownInvalid(tokenHash: string, now: Date): boolean {
    const until = this.#invalid.get(tokenHash);
    return until !== undefined && until > now.getTime();
  }

  /** Drops one token everywhere (e.g. the API refused it). */
  async forget(keys: TokenKeys): Promise<void> {
    this.#memory.delete(keys.key);
    await this.#opts.kv
      .delete(keys.key)
      .catch((error: unknown) => this.#opts.log.warn('token_kv_delete_failed', { reason: errorName(error) }));
  }

  /**
   * Drops every entry of one user, in memory and in KV (by prefix). KV listing is eventually
   * consistent, so an entry written in another location seconds ago may survive until its TTL.
   */
  async forgetUser(userPrefix: string): Promise<number> {
    this.#memory.deleteWhere((key) => key.startsWith(userPrefix));
    let removed = 0;
    let cursor: string | undefined;
    do {
      const page: KVNamespaceListResult<unknown> = await this.#opts.kv.list({ prefix: userPrefix, cursor });
      await Promise.all(page.keys.map((k) => this.#opts.kv.delete(k.name)));
      removed += page.keys.length;
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    return removed;
  }
}
