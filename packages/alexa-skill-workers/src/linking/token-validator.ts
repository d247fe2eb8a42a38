import type { RequestContext } from '../core/context.ts';

/** What validation established about an access token. */
export interface ValidatedToken {
  /** The user's identifier in the provider (`sub`, `user_id` or `id`), when it says. */
  readonly subject: string | undefined;
  /** When the token stops being valid (ms since epoch), when the provider says. */
  readonly expiresAt: number | undefined;
  /** What the provider said about the user: the JWT's payload, or the userinfo answer. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * The rest of a validation once {@link TokenValidator.admit} let the token through: what may run
 * while the token is also sent to the skill's own service (its profile API). Call it once.
 * @throws {LinkingError} `TOKEN_INVALID` or `PROVIDER_UNAVAILABLE`
 */
export type RestOfValidation = () => Promise<ValidatedToken>;

/**
 * Decides whether an account-linking access token is valid, in two steps: a gate, then the rest.
 * @throws {LinkingError} `TOKEN_INVALID` or `PROVIDER_UNAVAILABLE`. Any other error is a bug, not a
 *   statement about the token or the provider: it goes up as it is and is never cached.
 */
export interface TokenValidator {
  /**
   * Timeout of each call the validator makes, in milliseconds: the account service derives how
   * long a request waits for a validation from it.
   */
  readonly timeoutMs: number;
  /**
   * The gate: the checks a token must pass before it is sent to anyone but the party checking it,
   * resolving to the rest of the validation. The account service starts the profile load only once
   * it resolved. A JWT is verified in full here (locally, so a forged token goes nowhere); with
   * Login with Amazon, tokeninfo must say the token was issued to this client (`aud`) before
   * userinfo or the profile API sees it (Amazon, "Obtain Customer Profile Information":
   * https://developer.amazon.com/docs/login-with-amazon/obtain-customer-profile.html); a plain
   * userinfo provider has nothing to check first, and its rest is the userinfo call.
   * @throws {LinkingError} `TOKEN_INVALID` or `PROVIDER_UNAVAILABLE`
   */
  admit(token: string, ctx: RequestContext): Promise<RestOfValidation>;
  /**
   * The whole validation in one call: {@link admit}, then the rest.
   * @throws {LinkingError} `TOKEN_INVALID` or `PROVIDER_UNAVAILABLE`
   */
  validate(token: string, ctx: RequestContext): Promise<ValidatedToken>;
}
