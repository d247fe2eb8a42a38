import { KV_READ_TIMEOUT_MS, NO_KV } from '../lib/kv.ts';
import { ConfigError, numberOption, optionsObject } from '../core/options.ts';
import type { RequestContext } from '../core/context.ts';
import { consoleLogger, type Logger } from '../core/log.ts';
import { SingleFlight } from '../lib/single-flight.ts';
import { DeadlineError, errorName } from '../core/errors.ts';
import { LinkingError } from './errors.ts';
import { linkedToken, redeemLinkedToken, type LinkedToken } from './linked-token.ts';
import { REFUSED_TTL_SECONDS, TokenCache, type CachedAccount, type TokenOwner, type TokenRef } from './token-cache.ts';
import type { TokenValidator, ValidatedToken } from './token-validator.ts';
import { bothOrStrongest } from './verdict.ts';

/**
 * Why an account operation could not serve the request, shared by every operation of
 * {@link AccountService} (RFC 6750 §3.1: `invalid_token` versus a provider that failed).
 */
export type AccountProblem =
  /** The token is invalid or expired: the user must link again. */
  | { readonly kind: 'invalid' }
  /** The provider or the user's service could not be reached: nothing is known. */
  | { readonly kind: 'unavailable' };

/**
 * A valid token's account, as {@link AccountService.resolve} returns it: the user's profile, and
 * the token itself as a {@link LinkedToken}, which is what {@link AccountService.useToken} takes.
 */
export interface LinkedAccount<P = unknown> {
  readonly kind: 'linked';
  readonly account: CachedAccount<P>;
  readonly credential: LinkedToken;
}

/** What the skill learns about the user behind a request's account-linking token. */
export type AccountStatus<P = unknown> =
  /** No token: the user has not linked. */
  | { readonly kind: 'unlinked' }
  /** A valid token, with the user's profile. */
  | LinkedAccount<P>
  | AccountProblem;

/** What a validation shares between the requests that wait for it: no request's credential. */
type Lookup<P> = { readonly kind: 'linked'; readonly account: CachedAccount<P> } | AccountProblem;

/**
 * What {@link AccountService.useToken} runs with the validated token: a function, or one with the
 * event its failure is logged as (`ride_order_failed`; default `account_call_failed`).
 */
export type TokenCall<T> = ((token: string) => Promise<T>) | { readonly run: (token: string) => Promise<T>; readonly event?: string };

/** The outcome of {@link AccountService.useToken}: what the call returned, or why it could not be made. */
export type TokenUseResult<T> = { readonly kind: 'done'; readonly value: T } | AccountProblem;

/**
 * Where a linked user's profile comes from: whatever the skill needs to know about them, cached
 * with the token (memory and KV) so a warm request needs no call at all.
 */
export interface ProfileSource<P> {
  /**
   * Gets the profile for a token being validated. It starts only once the validator's gate
   * ({@link TokenValidator.admit}) let the token through, so a token the gate refuses (a forged JWT,
   * a Login with Amazon token issued to another client) is never sent to the profile API; it then
   * runs alongside the rest of the validation (a userinfo call), so a profile API costs no extra
   * round trip. `validated` settles with the validation (await it to read the claims). Throw a
   * `LinkingError` (`TOKEN_INVALID` or `PROVIDER_UNAVAILABLE`) when the profile API refuses or
   * fails; a refusal from either side wins over a failure of the other.
   */
  readonly load: (token: string, validated: Promise<ValidatedToken>) => Promise<P>;
  /** Re-checks a profile read back from KV (written by this code, but KV is outside the isolate). */
  readonly parse: (stored: unknown) => P | undefined;
}

/** What {@link AccountService} needs; checked when it is created. */
export interface AccountServiceOptions<P> {
  /** How tokens are validated: a {@link JwtValidator}, an {@link OpaqueValidator} or a {@link LoginWithAmazonValidator}. Required. */
  readonly validator: TokenValidator;
  /** Where the user's profile comes from (cached with the token). Required. */
  readonly profile: ProfileSource<P>;
  /**
   * Where validated tokens and their profiles are shared between isolates (keys are hashes; see
   * the kit's caching page). Without it each isolate validates each token once and keeps it in memory.
   */
  readonly kv?: KVNamespace | undefined;
  /** Cap on how long a validated token is reused, in seconds (1 to 86400). Default {@link DEFAULT_MAX_TTL_SECONDS}. */
  readonly maxTtlSeconds?: number | undefined;
  /** Accounts (and refused tokens) kept in isolate memory. Default 1000. */
  readonly maxEntries?: number | undefined;
  /**
   * How long a refused token is remembered, in memory and in KV, in seconds. Default
   * {@link REFUSED_TTL_SECONDS} (an hour: a Login with Amazon access token's life); raise it for a
   * provider whose tokens live longer.
   */
  readonly refusedTtlSeconds?: number | undefined;
  /** Receives KV failures; default {@link consoleLogger}. */
  readonly log?: Logger | undefined;
  /**
   * @internal The kit's own tests only (not in the published types): how long a request waits for
   * the shared work before giving up, instead of the bound the kit computes.
   */
  readonly waitDeadlineMs?: number | undefined;
  /** @internal The kit's own tests only: a token cache to use (and inspect) instead of one built from `kv`. */
  readonly cache?: TokenCache<P> | undefined;
}

/**
 * The request context {@link AccountService.resolve} takes: the {@link RequestContext}, and what the
 * caller wants to hear while the account is looked up.
 */
export interface ResolveContext extends RequestContext {
  /**
   * Called once, when this request's answer must wait for the provider: neither isolate memory nor
   * KV knows the token (or remembers it refused), so it is being validated, by this request or by
   * another one it joined. Never called when a cache answers. The moment for a skill to say "one
   * moment" (a progressive response). It must not throw: a throw is logged
   * (`provider_call_hook_failed`) and ignored, so one request's hook never fails another's lookup.
   */
  readonly onProviderCall?: (() => void) | undefined;
}

/** Default cap on how long a validated token is reused: 15 minutes. */
export const DEFAULT_MAX_TTL_SECONDS = 900;

/**
 * The longest a token validation can take when every step runs to its own timeout: three KV reads
 * one after the other (the token entry, a remembered refusal, the JWKS) and two provider calls one
 * after the other (the JWKS, then the profile; or Login with Amazon's tokeninfo, then userinfo
 * alongside the profile), plus 1 s for the rest.
 */
function tokenWaitDeadlineMs(providerTimeoutMs: number): number {
  return 3 * KV_READ_TIMEOUT_MS + 2 * providerTimeoutMs + 1000;
}

interface AccountConfig<P> {
  readonly validator: TokenValidator;
  readonly profile: ProfileSource<P>;
  readonly cache: TokenCache<P>;
  readonly maxTtlSeconds: number;
  readonly waitDeadlineMs: number;
}

/** @throws {ConfigError} `CONFIG_INVALID` naming the first option missing or malformed. */
function accountConfig<P>(options: AccountServiceOptions<P>): AccountConfig<P> {
  optionsObject(options, 'AccountService');
  const { validator, profile } = options;
  if (typeof validator?.admit !== 'function' || typeof validator.validate !== 'function') {
    throw new ConfigError('validator', 'must be a token validator (JwtValidator, OpaqueValidator, LoginWithAmazonValidator)');
  }
  if (typeof profile?.load !== 'function' || typeof profile.parse !== 'function') throw new ConfigError('profile', 'must be a ProfileSource (load and parse)');
  const cache = options.cache ?? new TokenCache<P>({
    kv: options.kv ?? NO_KV,
    log: options.log ?? consoleLogger,
    maxEntries: numberOption(options, 'maxEntries', 1000, 1, 1_000_000),
    refusedTtlSeconds: numberOption(options, 'refusedTtlSeconds', REFUSED_TTL_SECONDS, 1, 7 * 86_400),
  });
  return {
    validator,
    profile,
    cache,
    maxTtlSeconds: numberOption(options, 'maxTtlSeconds', DEFAULT_MAX_TTL_SECONDS, 1, 86_400),
    waitDeadlineMs: options.waitDeadlineMs ?? tokenWaitDeadlineMs(validator.timeoutMs),
  };
}

/**
 * The account-linking layer: turns the access token Alexa sends
 * (`context.System.user.accessToken`, RFC 6750 bearer) into the user's account in the skill's service: who they are (`subject`) and their profile
 * ({@link ProfileSource}).
 *
 * A known token is answered from isolate memory (no I/O), else from KV (one read), else the
 * token is validated and the profile fetched, once however many requests ask at the same time;
 * each waits for that at most `waitDeadlineMs` (on Workers, work started by a request that was
 * canceled may never settle) and then hears `unavailable`. The validator's gate runs first and the
 * profile load only after it; a refusal from any step beats a failure of another. Refused tokens
 * are remembered (memory and KV, see {@link TokenCache.rememberInvalid}) so a refused token does not
 * reach the provider again while it could still be presented.
 *
 * Error protocol: every operation that uses the token returns a result union whose problem kinds
 * are {@link AccountProblem}; a `LinkingError` never escapes, and is classified and logged in one
 * function. Any other error is a bug and propagates (the skill answers it with a generic apology).
 */
export class AccountService<P = unknown> {
  readonly #opts: AccountConfig<P>;
  readonly #loads = new SingleFlight<string, Lookup<P>>();
  /** Per validation in flight (by `TokenRef.id`): whether it reached the provider, and who wants to know. */
  readonly #providerCalls = new Map<string, { reached: boolean; readonly listeners: Set<() => void> }>();

  /** @throws {ConfigError} `CONFIG_INVALID` naming the first option missing or malformed. */
  constructor(options: AccountServiceOptions<P>) {
    this.#opts = accountConfig(options);
  }

  /**
   * The account behind `token`: `unlinked` without one, else `linked`, `invalid` or `unavailable`.
   * `owner` is the Alexa user ID, or a {@link TokenOwner} naming the recognized speaker whose own
   * token it is (cached per person). A `linked` answer carries the token as the
   * {@link LinkedToken} that {@link useToken} needs: the only way to call with a user's token.
   * `ctx.onProviderCall` hears when the answer must wait for the provider ({@link ResolveContext}).
   * @throws only on a bug (never a `LinkingError`).
   */
  async resolve(owner: TokenOwner | string, token: string | undefined, ctx: ResolveContext): Promise<AccountStatus<P>> {
    if (!token) return { kind: 'unlinked' };
    const found = await this.#lookup(owner, token, ctx);
    return found.kind === 'linked' ? { kind: 'linked', account: found.account, credential: linkedToken(owner, token) } : found;
  }

  async #lookup(owner: TokenOwner | string, token: string, ctx: ResolveContext): Promise<Lookup<P>> {
    const { cache } = this.#opts;
    // A warm request ends here, having hashed nothing.
    const hit = cache.fromMemoryOf(owner, token, ctx.now);
    if (hit) return { kind: 'linked', account: hit };
    const ref = await cache.ref(owner, token);
    if (cache.isKnownInvalid(ref, ctx.now)) return { kind: 'invalid' };

    const wait = { deadlineMs: this.#opts.waitDeadlineMs, what: 'token validation' };
    const hook = ctx.onProviderCall && this.#listen(ref.id, guarded(ctx.onProviderCall, ctx.log));
    try {
      return await this.#loads.run(ref.id, () => this.#load(ref, token, ctx), wait);
    } catch (cause) {
      if (!(cause instanceof DeadlineError)) throw cause;
      return problemOf(new LinkingError('PROVIDER_UNAVAILABLE', 'token validation did not finish in time', { cause }), 'validation', ctx.log);
    } finally {
      hook?.();
    }
  }

  /** Calls `listener` when the validation of `id` reaches the provider (now, if it already has); returns the unsubscription. */
  #listen(id: string, listener: () => void): () => void {
    let calls = this.#providerCalls.get(id);
    if (!calls) this.#providerCalls.set(id, (calls = { reached: false, listeners: new Set() }));
    if (calls.reached) {
      listener();
      return () => undefined;
    }
    const { listeners } = calls;
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.#providerCalls.get(id)?.reached === false) this.#providerCalls.delete(id);
    };
  }

  /** The validation of `id` goes to the provider now: tells every request waiting for it, and those that join it later. */
  #reachProvider(id: string): void {
    const calls = this.#providerCalls.get(id) ?? { reached: false, listeners: new Set<() => void>() };
    this.#providerCalls.set(id, calls);
    calls.reached = true;
    for (const listener of calls.listeners) listener();
    calls.listeners.clear();
  }

  /** The cached account for this token, from memory or KV; never calls the provider. */
  async peek(owner: TokenOwner | string, token: string | undefined, ctx: RequestContext): Promise<CachedAccount<P> | undefined> {
    if (!token) return undefined;
    const { cache } = this.#opts;
    return cache.fromMemoryOf(owner, token, ctx.now) ?? (await cache.fromKv(await cache.ref(owner, token), ctx.now, this.#opts.profile.parse));
  }

  /**
   * Calls the user's service with their token (`call`, e.g. ordering a ride). `linked` is the
   * account {@link resolve} returned for the request, so the token `call` receives is one that was
   * validated (RFC 6750 §2.1 bearer), never a string read from a request. A token the service
   * refuses (`call` throws `TOKEN_INVALID`: `invalid`) is dropped from the caches and remembered
   * as refused; `unavailable` when the call threw `PROVIDER_UNAVAILABLE`. The failure is logged as
   * the call's `event` (default `account_call_failed`) with its code.
   * @throws {UsageError} `API_MISUSE` when `linked` is not what `resolve` returned (a cast or a copy: a bug);
   *   `call` does not run. Otherwise only on a bug (never a `LinkingError`).
   */
  async useToken<T>(linked: LinkedAccount<P>, call: TokenCall<T>, ctx: RequestContext): Promise<TokenUseResult<T>> {
    const { owner, token } = redeemLinkedToken(linked.credential);
    const { run, event = 'account_call_failed' } = typeof call === 'function' ? { run: call } : call;
    try {
      return { kind: 'done', value: await run(token) };
    } catch (error) {
      const problem = problemOf(error, { event }, ctx.log);
      if (problem.kind === 'invalid') {
        const { cache } = this.#opts;
        const ref = await cache.ref(owner, token);
        cache.rememberInvalid(ref, ctx.now, ctx.waitUntil);
        await cache.forget(ref);
      }
      return problem;
    }
  }

  /**
   * Removes every cached token and profile of `userId`, each recognized speaker's included (see
   * {@link TokenOwner}), winning against validations already in flight (see
   * {@link TokenCache.forgetUser}, which says what holds across isolates). Returns how many KV
   * entries went.
   */
  async forgetUser(userId: string, ctx: RequestContext): Promise<number> {
    return this.#opts.cache.forgetUser(userId, ctx);
  }

  async #load(ref: TokenRef, token: string, ctx: RequestContext): Promise<Lookup<P>> {
    try {
      return await this.#loadFromKvOrProvider(ref, token, ctx);
    } finally {
      this.#providerCalls.delete(ref.id);
    }
  }

  async #loadFromKvOrProvider(ref: TokenRef, token: string, ctx: RequestContext): Promise<Lookup<P>> {
    const { cache, validator, profile: source, maxTtlSeconds } = this.#opts;
    const stored = await cache.fromKv(ref, ctx.now, this.#opts.profile.parse);
    if (stored) return { kind: 'linked', account: stored };
    if (await cache.wasRefused(ref, ctx.now)) return { kind: 'invalid' };
    this.#reachProvider(ref.id);
    try {
      // The gate first: a token it refuses is sent nowhere else. The rest of the validation then
      // runs alongside the profile load (one round trip), and the strongest verdict wins.
      const rest = await validator.admit(token, ctx);
      const validation = rest();
      const [validated, profile] = await bothOrStrongest(validation, source.load(token, validation));
      const cap = ctx.now.getTime() + maxTtlSeconds * 1000;
      const expiresAt = Math.min(validated.expiresAt ?? cap, cap);
      if (expiresAt <= ctx.now.getTime()) {
        throw new LinkingError('TOKEN_INVALID', 'token has expired');
      }
      const account: CachedAccount<P> = { subject: validated.subject, profile, expiresAt };
      cache.store(ref, account, ctx.now, ctx.waitUntil);
      ctx.log.info('token_validated', { ttlSeconds: Math.floor((expiresAt - ctx.now.getTime()) / 1000) });
      return { kind: 'linked', account };
    } catch (error) {
      const problem = problemOf(error, 'validation', ctx.log);
      if (problem.kind === 'invalid') cache.rememberInvalid(ref, ctx.now, ctx.waitUntil);
      return problem;
    }
  }
}

/** `hook`, with a throw logged (`provider_call_hook_failed`, the error's name) instead of thrown: it runs inside a lookup other requests share. */
function guarded(hook: () => void, log: Logger): () => void {
  return () => {
    try {
      hook();
    } catch (error) {
      log.error('provider_call_hook_failed', { name: errorName(error) });
    }
  };
}

/**
 * The one classification of an account operation's failure: `TOKEN_INVALID` is `invalid`,
 * `PROVIDER_UNAVAILABLE` is `unavailable`, each logged once with its code and the cause's code
 * (never the token). During a validation: `token_rejected` (info) or `provider_unavailable` (warn);
 * during a call with the token: its event (warn).
 * @throws `error` itself when it is not a `LinkingError`: that is a bug, not an account problem.
 */
function problemOf(error: unknown, during: 'validation' | { readonly event: string }, log: Logger): AccountProblem {
  if (!(error instanceof LinkingError)) throw error;
  const fields = { code: error.code, detail: detailOf(error) };
  if (during !== 'validation') log.warn(during.event, fields);
  else if (error.code === 'TOKEN_INVALID') log.info('token_rejected', fields);
  else log.warn('provider_unavailable', fields);
  return { kind: error.code === 'TOKEN_INVALID' ? 'invalid' : 'unavailable' };
}

/** The stable code of the underlying cause (e.g. jose's `ERR_JWT_EXPIRED`), never a message. */
function detailOf(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; name?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof cause?.name === 'string' ? cause.name : undefined;
}
