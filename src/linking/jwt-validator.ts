import { createRemoteJWKSet, customFetch, errors, jwksCache, jwtVerify, type ExportedJWKSCache, type JWTVerifyGetKey } from 'jose';
import type { JwtValidationConfig } from '../config/config';
import { sha256Hex } from '../lib/hash';
import { isRecord } from '../lib/json';
import { cacheGetJson, cachePut } from '../lib/kv';
import type { Logger } from '../lib/log';
import { LinkingError } from './errors';
import type { TokenValidator, ValidatedToken, ValidationScope } from './token-validator';

/** jose's default: keys older than this are refetched. The KV copy lives as long. */
const JWKS_MAX_AGE_MS = 600_000;
/** After a fetch, an unknown `kid` waits this long before it may trigger another. */
const JWKS_COOLDOWN_MS = 30_000;
/** jose codes that mean "could not get the keys", not "the token is bad". */
const UNAVAILABLE_CODES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID']);

export interface JwtValidatorOptions {
  readonly config: JwtValidationConfig;
  readonly fetch: typeof fetch;
  readonly kv: KVNamespace;
  readonly timeoutMs: number;
  readonly log: Logger;
}

/**
 * Verifies JWT access tokens locally (RFC 7519 §7.2, RFC 9068) with jose: signature against the
 * provider's JWKS, `iss`, `aud`, `exp` and `nbf` at the injected clock, algorithms from an explicit
 * list (never `none`, never HMAC). The key set is fetched once per isolate and kept across
 * isolates in KV (`jwks:<sha256 hex of the JWKS URL>`); jose's cooldown limits refetches caused by
 * unknown `kid`s.
 */
export class JwtValidator implements TokenValidator {
  readonly remote = false;
  readonly #opts: JwtValidatorOptions;
  #keys: Promise<{ getKey: JWTVerifyGetKey; cache: ExportedJWKSCache | Record<string, never>; kvKey: string }> | undefined;
  #persistedAt = 0;

  constructor(options: JwtValidatorOptions) {
    this.#opts = options;
  }

  async validate(token: string, scope: ValidationScope): Promise<ValidatedToken> {
    const { config } = this.#opts;
    const keys = await (this.#keys ??= this.#loadKeys());
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys.getKey, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: [...config.algorithms],
        currentDate: scope.now,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (cause) {
      const code = cause instanceof errors.JOSEError ? cause.code : undefined;
      if (code === undefined || UNAVAILABLE_CODES.has(code)) {
        throw new LinkingError('PROVIDER_UNAVAILABLE', 'JWKS could not be fetched', { cause });
      }
      throw new LinkingError('TOKEN_INVALID', `JWT rejected (${code})`, { cause });
    } finally {
      this.#persist(keys, scope);
    }
    return { subject: payload.sub, expiresAt: payload.exp === undefined ? undefined : payload.exp * 1000 };
  }

  async #loadKeys() {
    const { config, kv, log } = this.#opts;
    const kvKey = `jwks:${await sha256Hex(config.jwksUrl)}`;
    let cache: ExportedJWKSCache | Record<string, never> = {};
    const stored = asJwksCache(await cacheGetJson(kv, kvKey, log, 'jwks_kv'));
    if (stored) {
      cache = stored;
      this.#persistedAt = stored.uat;
    }
    const getKey = createRemoteJWKSet(new URL(config.jwksUrl), {
      timeoutDuration: this.#opts.timeoutMs,
      cooldownDuration: JWKS_COOLDOWN_MS,
      cacheMaxAge: JWKS_MAX_AGE_MS,
      [jwksCache]: cache,
      [customFetch]: (url, init) => this.#opts.fetch(url, init),
    });
    return { getKey, cache, kvKey };
  }

  /** jose updates the cache object in place after a fetch; copy it to KV when it changed. */
  #persist(keys: { cache: ExportedJWKSCache | Record<string, never>; kvKey: string }, scope: ValidationScope): void {
    const cache = keys.cache as Partial<ExportedJWKSCache>;
    if (typeof cache.uat !== 'number' || cache.uat === this.#persistedAt) return;
    this.#persistedAt = cache.uat;
    const value = JSON.stringify({ jwks: cache.jwks, uat: cache.uat });
    cachePut(this.#opts.kv, keys.kvKey, value, { expirationTtl: JWKS_MAX_AGE_MS / 1000 }, this.#opts.log, 'jwks_kv', scope.waitUntil);
  }
}

function asJwksCache(value: unknown): ExportedJWKSCache | undefined {
  return isRecord(value) && typeof value.uat === 'number' && isRecord(value.jwks)
    ? (value as unknown as ExportedJWKSCache)
    : undefined;
}
