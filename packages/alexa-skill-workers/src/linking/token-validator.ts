import type { RequestContext } from '../context.ts';

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
 * Decides whether an account-linking access token is valid.
 * @throws {LinkingError} `TOKEN_INVALID` or `PROVIDER_UNAVAILABLE`. Any other error is a bug, not a
 *   statement about the token or the provider: it goes up as it is and is never cached.
 */
export interface TokenValidator {
  /**
   * True when every validation asks the provider (opaque tokens); false when it is decided
   * locally (JWT), in which case a bad token must not be sent anywhere else either.
   */
  readonly remote: boolean;
  validate(token: string, ctx: RequestContext): Promise<ValidatedToken>;
}
