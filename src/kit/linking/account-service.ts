import { DEFAULT_PROVIDER_TIMEOUT_MS } from '../../config.ts';
import { KV_READ_TIMEOUT_MS } from '../lib/kv.ts';
import type { Logger } from '../lib/log.ts';
import { SingleFlight } from '../lib/single-flight.ts';
import { LinkingError } from './errors.ts';
import type { RideHailerClient, RideOrder, RideRequest } from '../../skill/ride-hailer-client.ts';
import type { CachedAccount, TokenCache, TokenRef } from './token-cache.ts';
import type { TokenValidator } from './token-validator.ts';

/**
 * Why an account operation could not serve the request, shared by every operation of
 * {@link AccountService} (RFC 6750 §3.1: `invalid_token` versus a provider that failed).
 */
export type AccountProblem =
  /** The token is invalid or expired: the user must link again. */
  | { readonly kind: 'invalid' }
  /** The provider or the Ride Hailer API could not be reached: nothing is known. */
  | { readonly kind: 'unavailable' };

/** What the skill learns about the user behind a request's account-linking token. */
export type AccountStatus =
  /** No token: the user has not linked. */
  | { readonly kind: 'unlinked' }
  /** A valid token, with the user's Ride Hailer profile. */
  | { readonly kind: 'linked'; readonly account: CachedAccount }
  | AccountProblem;

/** The outcome of {@link AccountService.orderRide}: the ride the API accepted, or why not. */
export type RideOrderResult = { readonly kind: 'ordered'; readonly ride: RideOrder } | AccountProblem;

/** Per-request effects: the clock, `ctx.waitUntil`, the logger. */
export interface RequestScope {
  readonly now: Date;
  readonly waitUntil?: (promise: Promise<unknown>) => void;
  readonly log: Logger;
}

export interface AccountServiceOptions {
  readonly validator: TokenValidator;
  readonly client: RideHailerClient;
  readonly cache: TokenCache;
  /** Cap on how long a validated token is reused, in seconds. */
  readonly maxTtlSeconds: number;
  /**
   * How long a request waits for a token validation, possibly started by another request, before
   * the account counts as `unavailable`. Default {@link tokenWaitDeadlineMs} of the default provider timeout.
   */
  readonly waitDeadlineMs?: number;
}

/**
 * The longest a token validation can take when every step runs to its own timeout: two KV reads
 * (the token entry, the JWKS) and two provider calls one after the other (the JWKS, the profile),
 * plus 1 s for the rest.
 */
export function tokenWaitDeadlineMs(providerTimeoutMs: number): number {
  return 2 * KV_READ_TIMEOUT_MS + 2 * providerTimeoutMs + 1000;
}

/**
 * The account-linking layer: turns the access token Alexa sends
 * (`context.System.user.accessToken`, RFC 6750 bearer) into the user's Ride Hailer account.
 *
 * A known token is answered from isolate memory (no I/O), else from KV (one read), else the
 * token is validated and the profile fetched, once however many requests ask at the same time;
 * each waits for that at most `waitDeadlineMs` (on Workers, work started by a request that was
 * canceled may never settle) and then hears `unavailable`. Rejected tokens are remembered briefly
 * in memory so a flood of bad tokens does not reach the provider.
 *
 * Error protocol: every operation that uses the token returns a result union whose problem kinds
 * are {@link AccountProblem}; a `LinkingError` never escapes, and is classified and logged in one
 * function. Any other error is a bug and propagates (the skill answers it with a generic apology).
 */
export class AccountService {
  readonly #opts: AccountServiceOptions;
  readonly #loads = new SingleFlight<string, AccountStatus>();

  constructor(options: AccountServiceOptions) {
    this.#opts = options;
  }

  /**
   * The account behind `token`: `unlinked` without one, else `linked`, `invalid` or `unavailable`.
   * @throws only on a bug (never a `LinkingError`).
   */
  async resolve(userId: string, token: string | undefined, scope: RequestScope): Promise<AccountStatus> {
    if (!token) return { kind: 'unlinked' };
    const { cache } = this.#opts;
    const ref = await cache.ref(userId, token);
    const hit = cache.fromMemory(ref, scope.now);
    if (hit) return { kind: 'linked', account: hit };
    if (cache.isKnownInvalid(ref, scope.now)) return { kind: 'invalid' };

    const deadline = AbortSignal.timeout(this.#opts.waitDeadlineMs ?? tokenWaitDeadlineMs(DEFAULT_PROVIDER_TIMEOUT_MS));
    try {
      return await this.#loads.run(ref.id, () => this.#load(ref, token, scope), deadline);
    } catch (cause) {
      if (!deadline.aborted || cause !== deadline.reason) throw cause;
      return problemOf(new LinkingError('PROVIDER_UNAVAILABLE', 'token validation did not finish in time', { cause }), 'validation', scope.log);
    }
  }

  /** The cached account for this token, from memory or KV; never calls the provider. */
  async peek(userId: string, token: string | undefined, scope: RequestScope): Promise<CachedAccount | undefined> {
    if (!token) return undefined;
    const { cache } = this.#opts;
    const ref = await cache.ref(userId, token);
    return cache.fromMemory(ref, scope.now) ?? (await cache.fromKv(ref, scope.now));
  }

  /**
   * Orders a ride with the user's token; the request's idempotency key lets the API answer a
   * repeated order with the same ride. A token the API refuses (`invalid`) is dropped from the
   * caches and remembered as rejected; `unavailable` when the API failed or answered nonsense.
   * @throws only on a bug (never a `LinkingError`).
   */
  async orderRide(userId: string, token: string, ride: RideRequest, scope: RequestScope): Promise<RideOrderResult> {
    try {
      return { kind: 'ordered', ride: await this.#opts.client.orderRide(token, ride) };
    } catch (error) {
      const problem = problemOf(error, 'order', scope.log);
      if (problem.kind === 'invalid') {
        const { cache } = this.#opts;
        const ref = await cache.ref(userId, token);
        cache.rememberInvalid(ref, scope.now);
        await cache.forget(ref);
      }
      return problem;
    }
  }

  /** Removes every cached token and profile of `userId`. Returns how many KV entries went. */
  async forgetUser(userId: string): Promise<number> {
    return this.#opts.cache.forgetUser(userId);
  }

  async #load(ref: TokenRef, token: string, scope: RequestScope): Promise<AccountStatus> {
    const { cache, validator, client, maxTtlSeconds } = this.#opts;
    const stored = await cache.fromKv(ref, scope.now);
    if (stored) return { kind: 'linked', account: stored };
    try {
      // A remote validation and the profile fetch run in parallel (one round trip). A local one
      // (JWT) runs first, so a forged token is never sent to the Ride Hailer API.
      const [validated, profile] = validator.remote
        ? await Promise.all([validator.validate(token, scope), client.fetchProfile(token)])
        : [await validator.validate(token, scope), await client.fetchProfile(token)];
      const cap = scope.now.getTime() + maxTtlSeconds * 1000;
      const expiresAt = Math.min(validated.expiresAt ?? cap, cap);
      if (expiresAt <= scope.now.getTime()) {
        throw new LinkingError('TOKEN_INVALID', 'token has expired');
      }
      const account: CachedAccount = { subject: validated.subject, profile, expiresAt };
      cache.store(ref, account, scope.now, scope.waitUntil);
      scope.log.info('token_validated', { ttlSeconds: Math.floor((expiresAt - scope.now.getTime()) / 1000) });
      return { kind: 'linked', account };
    } catch (error) {
      const problem = problemOf(error, 'validation', scope.log);
      if (problem.kind === 'invalid') cache.rememberInvalid(ref, scope.now);
      return problem;
    }
  }
}

/**
 * The one classification of an account operation's failure: `TOKEN_INVALID` is `invalid`,
 * `PROVIDER_UNAVAILABLE` is `unavailable`, each logged once with its code and the cause's code
 * (never the token). During a validation: `token_rejected` (info) or `provider_unavailable` (warn);
 * during an order: `ride_order_failed` (warn).
 * @throws `error` itself when it is not a `LinkingError`: that is a bug, not an account problem.
 */
function problemOf(error: unknown, during: 'validation' | 'order', log: Logger): AccountProblem {
  if (!(error instanceof LinkingError)) throw error;
  const fields = { code: error.code, detail: detailOf(error) };
  if (during === 'order') log.warn('ride_order_failed', fields);
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
