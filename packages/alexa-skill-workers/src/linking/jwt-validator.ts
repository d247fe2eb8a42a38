import { createRemoteJWKSet, customFetch, errors, jwksCache, jwtVerify, type ExportedJWKSCache, type JWTVerifyGetKey } from 'jose';
import { ConfigError, fetchOption, httpsUrl, numberOption, optionsObject, text } from '../core/options.ts';
import { consoleLogger } from '../core/log.ts';
import { NO_KV } from '../lib/kv.ts';
import { isRecord } from '../lib/json.ts';
import { cacheGetJson, cachePut, KV_READ_TIMEOUT_MS } from '../lib/kv.ts';
import { jwksKey, type KvKey } from '../lib/kv-keys.ts';
import type { Logger } from '../core/log.ts';
import { DeadlineError } from '../core/errors.ts';
import { SingleFlight, withDeadline } from '../lib/single-flight.ts';
import { LinkingError } from './errors.ts';
import { DEFAULT_PROVIDER_TIMEOUT_MS, fetchJson } from './provider-http.ts';
import type { RestOfValidation, TokenValidator, ValidatedToken } from './token-validator.ts';
import type { RequestContext } from '../core/context.ts';

/** jose's default: keys older than this are refetched. The KV copy lives as long. */
const JWKS_MAX_AGE_MS = 600_000;
/** After a fetch, an unknown `kid` waits this long before it may trigger another. */
const JWKS_COOLDOWN_MS = 30_000;
/**
 * How long a request waits for the key set to be set up (a KV read, possibly started by another
 * request) before `PROVIDER_UNAVAILABLE`.
 */
const KEYS_WAIT_DEADLINE_MS = KV_READ_TIMEOUT_MS + 1000;
/** jose codes that mean "could not get usable keys", not "the token is bad". */
const UNAVAILABLE_CODES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID']);

/** The `typ` of an RFC 9068 JWT access token (RFC 9068 §2.1, https://www.rfc-editor.org/rfc/rfc9068#section-2.1). */
export const AT_JWT_TYP = 'at+jwt';

/** Asymmetric JWS algorithms a JWKS can serve (RFC 7518 §3.1); `none` and HMAC are never accepted. */
const JWT_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']);
const DEFAULT_ALGORITHMS = ['RS256', 'ES256'] as const;

/** What {@link JwtValidator} needs; checked when it is created. */
export interface JwtValidatorOptions {
  /** The provider's key set (RFC 7517), an https URL. Required. */
  readonly jwksUrl: string;
  /** The `iss` every token must carry. Required. */
  readonly issuer: string;
  /** The `aud` every token must carry: your API's identifier at the provider. Required. */
  readonly audience: string;
  /** Asymmetric JWS algorithms accepted (`RS256`, `ES256`, …; never `none` or HMAC). Default `['RS256', 'ES256']`. */
  readonly algorithms?: readonly string[] | undefined;
  /**
   * The `typ` header every token must carry, compared as a media type (jose's `typ`:
   * case-insensitive, `application/` optional). RFC 9068 §2.1 types JWT access tokens `at+jwt`
   * ({@link AT_JWT_TYP}), and its §4 has resource servers refuse any other `typ`: with it, an OpenID
   * Connect ID token (`typ: JWT`) of the right audience is refused. Default: not checked (for
   * providers whose access tokens say `JWT` or nothing).
   */
  readonly accessTokenType?: string | undefined;
  /** Where the key set is shared between isolates (`jwks:` entries). Without it each isolate downloads it. */
  readonly kv?: KVNamespace | undefined;
  /** Downloads the key set; default `globalThis.fetch`, looked up at call time. */
  readonly fetch?: typeof fetch | undefined;
  /** Timeout of each call to the provider, in milliseconds (100 to 5000). Default {@link DEFAULT_PROVIDER_TIMEOUT_MS}. */
  readonly timeoutMs?: number | undefined;
  /** Receives KV failures; default {@link consoleLogger}. */
  readonly log?: Logger | undefined;
  /**
   * @internal The kit's own tests only (not in the published types): how long a request waits for
   * the key set's setup, instead of the bound the kit computes.
   */
  readonly keysWaitDeadlineMs?: number | undefined;
}

interface JwtConfig {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly string[];
  readonly typ: string | undefined;
  readonly kv: KVNamespace;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly log: Logger;
  readonly keysWaitDeadlineMs: number;
}

/**
 * Checks {@link JwtValidatorOptions}.
 * @throws {ConfigError} `CONFIG_INVALID` naming the first option missing or malformed (never quoting it).
 */
function jwtConfig(options: JwtValidatorOptions): JwtConfig {
  optionsObject(options, 'JwtValidator');
  const issuer = text(options, 'issuer');
  if (issuer === undefined) throw new ConfigError('issuer', 'is required');
  const audience = text(options, 'audience');
  if (audience === undefined) throw new ConfigError('audience', 'is required');
  const algorithms = [...(options.algorithms ?? DEFAULT_ALGORITHMS)];
  if (algorithms.length === 0) throw new ConfigError('algorithms', 'names no algorithm');
  const bad = algorithms.findIndex((alg) => !JWT_ALGORITHMS.has(alg));
  if (bad !== -1) {
    throw new ConfigError('algorithms', `entry ${bad + 1} of ${algorithms.length} is not an accepted asymmetric JWS algorithm (${[...JWT_ALGORITHMS].join(', ')})`);
  }
  const typ = options.accessTokenType;
  if (typ !== undefined && (typeof typ !== 'string' || typ.trim() === '')) throw new ConfigError('accessTokenType', 'must be a media type such as at+jwt');
  return {
    jwksUrl: httpsUrl(options, 'jwksUrl'),
    issuer,
    audience,
    algorithms,
    typ,
    kv: options.kv ?? NO_KV,
    fetch: fetchOption(options.fetch),
    timeoutMs: numberOption(options, 'timeoutMs', DEFAULT_PROVIDER_TIMEOUT_MS, 100, 5000),
    log: options.log ?? consoleLogger,
    keysWaitDeadlineMs: options.keysWaitDeadlineMs ?? KEYS_WAIT_DEADLINE_MS,
  };
}

interface KeySet {
  readonly getKey: JWTVerifyGetKey;
  /** jose's cache of the key set, updated in place after each fetch; copied to KV. */
  readonly cache: ExportedJWKSCache | Record<string, never>;
  readonly kvKey: KvKey;
}

/**
 * Verifies JWT access tokens locally (RFC 7519 §7.2, RFC 9068 §4) with jose: signature against the
 * provider's JWKS (RFC 7517 §5), `iss`, `aud`, `exp` and `nbf` at the injected clock, algorithms
 * from an explicit list (never `none`, never HMAC), and the `typ` header when `accessTokenType` names one. The key set is fetched once per isolate,
 * however many requests need it at once, and kept across isolates in KV
 * (`jwks:<sha256 hex of the JWKS URL>`); jose's 30 s cooldown bounds refetches caused by unknown
 * `kid`s to one per cooldown.
 *
 * Errors: `TOKEN_INVALID` when the token is refused, `PROVIDER_UNAVAILABLE` when the keys could
 * not be had (download failed, not a key set, a key WebCrypto cannot import). Anything else is a
 * bug, neither the token's fault nor the provider's: it is rethrown as it is.
 */
export class JwtValidator implements TokenValidator {
  readonly #opts: JwtConfig;
  readonly #downloads = new SingleFlight<string, { status: number; body: unknown }>();
  #keys: Promise<KeySet> | undefined;
  /** The key set once set up: later validations use it without waiting (or a deadline timer). */
  #ready: KeySet | undefined;
  #persistedAt = 0;
  /** A download succeeded and its keys have not reached KV yet: one write per download. */
  #downloaded = false;

  /** @throws {ConfigError} `CONFIG_INVALID` naming the first option missing or malformed. */
  constructor(options: JwtValidatorOptions) {
    this.#opts = jwtConfig(options);
  }

  /** Timeout of each call to the provider, in milliseconds. */
  get timeoutMs(): number {
    return this.#opts.timeoutMs;
  }

  /**
   * The gate is the whole verification: it is local, so a token that fails it is sent nowhere.
   * @throws {LinkingError} `TOKEN_INVALID`, `PROVIDER_UNAVAILABLE`; any other error is a bug.
   */
  async admit(token: string, ctx: RequestContext): Promise<RestOfValidation> {
    const validated = await this.validate(token, ctx);
    return () => Promise.resolve(validated);
  }

  /** @throws {LinkingError} `TOKEN_INVALID`, `PROVIDER_UNAVAILABLE`; any other error is a bug. */
  async validate(token: string, ctx: RequestContext): Promise<ValidatedToken> {
    const config = this.#opts;
    const keys = await this.#keySet();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys.getKey, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: [...config.algorithms],
        currentDate: ctx.now,
        requiredClaims: ['exp', 'sub'],
        ...(config.typ === undefined ? {} : { typ: config.typ }),
      }));
    } catch (cause) {
      // Already classified where it happened (the download, the key import), or not jose's: a
      // bug, which says nothing about the token or the provider and must not be cached as either.
      if (cause instanceof LinkingError || !(cause instanceof errors.JOSEError)) throw cause;
      if (UNAVAILABLE_CODES.has(cause.code)) {
        throw new LinkingError('PROVIDER_UNAVAILABLE', `JWKS unusable (${cause.code})`, { cause });
      }
      throw new LinkingError('TOKEN_INVALID', `JWT rejected (${cause.code})`, { cause });
    } finally {
      this.#persist(keys, ctx);
    }
    return { subject: payload.sub, expiresAt: payload.exp === undefined ? undefined : payload.exp * 1000, claims: payload };
  }

  /**
   * The key set, set up once per isolate. On Workers, a setup started by a request that was
   * canceled may never settle: a request waits for it only until its deadline, and the setup is
   * then dropped so the next request starts afresh.
   * @throws {LinkingError} `PROVIDER_UNAVAILABLE` at the deadline
   */
  async #keySet(): Promise<KeySet> {
    if (this.#ready) return this.#ready;
    const keys = (this.#keys ??= this.#loadKeys().then(
      (set) => (this.#ready = set),
      (error: unknown) => {
        if (this.#keys === keys) this.#keys = undefined;
        throw error;
      },
    ));
    const wait = { deadlineMs: this.#opts.keysWaitDeadlineMs, what: 'key set setup' };
    try {
      return await withDeadline(keys, wait, () => {
        if (this.#keys === keys) this.#keys = undefined;
      });
    } catch (cause) {
      if (cause instanceof DeadlineError) throw new LinkingError('PROVIDER_UNAVAILABLE', 'the key set was not ready in time', { cause });
      throw cause;
    }
  }

  async #loadKeys(): Promise<KeySet> {
    const { jwksUrl, kv, log } = this.#opts;
    const kvKey = await jwksKey(jwksUrl);
    let cache: ExportedJWKSCache | Record<string, never> = {};
    const stored = asJwksCache(await cacheGetJson(kv, kvKey, log, 'jwks_kv'));
    if (stored) {
      cache = stored;
      this.#persistedAt = stored.uat;
    }
    const remote = createRemoteJWKSet(new URL(jwksUrl), {
      timeoutDuration: this.#opts.timeoutMs,
      cooldownDuration: JWKS_COOLDOWN_MS,
      cacheMaxAge: JWKS_MAX_AGE_MS,
      [jwksCache]: cache,
      [customFetch]: (url, init) => this.#fetchKeySet(url, init),
    });
    const getKey: JWTVerifyGetKey = async (header, token) => {
      try {
        return await remote(header, token);
      } catch (cause) {
        // WebCrypto refuses a malformed key (a bad `n`, an impossible size) with a DOMException
        // (DataError, OperationError), which jose passes on: the provider's fault.
        if (!(cause instanceof DOMException)) throw cause;
        throw new LinkingError('PROVIDER_UNAVAILABLE', 'a JWKS key could not be imported', { cause });
      }
    };
    return { getKey, cache, kvKey };
  }

  /**
   * jose's `customFetch`. jose shares an in-flight fetch between callers everywhere except on
   * Workers: there, a request waiting on a fetch another request started hangs if that request
   * is canceled first, so jose drops the shared promise (`isCloudflareWorkers()` in
   * jwks/remote.js; panva/jose#355, #509) and every request that needs the keys (a cold isolate,
   * an unknown `kid` after the cooldown) downloads them. Here concurrent callers share one
   * download, each waiting no longer than its own jose timeout (`init.signal`), so a canceled
   * request costs the others at most that timeout. The download is read and classified at this
   * boundary (`fetchJson`: a network error, timeout, redirect, non-2xx, oversized or non-JSON
   * body is `PROVIDER_UNAVAILABLE`); each caller gets its own Response for jose to read.
   */
  async #fetchKeySet(url: string, init: { headers: Headers; signal: AbortSignal }): Promise<Response> {
    const { status, body } = await this.#downloads.run(url, () => this.#download(url, init.headers), { signal: init.signal });
    return Response.json(body, { status });
  }

  /** @throws {LinkingError} `PROVIDER_UNAVAILABLE`; no status means "token refused" here. */
  async #download(url: string, headers: Headers): Promise<{ status: number; body: unknown }> {
    const call = { fetch: this.#opts.fetch, timeoutMs: this.#opts.timeoutMs };
    const result = await fetchJson(call, url, { method: 'GET', headers }, []);
    this.#downloaded = true;
    return result;
  }

  /** jose updates the cache object in place after a fetch; copy it to KV once per download. */
  #persist(keys: KeySet, ctx: RequestContext): void {
    const cache = keys.cache as Partial<ExportedJWKSCache>;
    if (!this.#downloaded || typeof cache.uat !== 'number' || cache.uat === this.#persistedAt) return;
    this.#downloaded = false;
    this.#persistedAt = cache.uat;
    const value = JSON.stringify({ jwks: cache.jwks, uat: cache.uat });
    const { kv, log } = this.#opts;
    cachePut(kv, keys.kvKey, value, { expirationTtl: JWKS_MAX_AGE_MS / 1000, log, event: 'jwks_kv', waitUntil: ctx.waitUntil });
  }
}

function asJwksCache(value: unknown): ExportedJWKSCache | undefined {
  return isRecord(value) && typeof value.uat === 'number' && isRecord(value.jwks)
    ? (value as unknown as ExportedJWKSCache)
    : undefined;
}
