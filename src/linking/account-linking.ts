/**
 * What the account-linking layer tells the skill about the user behind an access token
 * (RFC 6750 bearer token from `context.System.user.accessToken`).
 */
export type AccountStatus =
  /** No token: the user has not linked. */
  | { readonly kind: 'unlinked' }
  /** A token whose validity this deployment cannot establish (no validator configured yet). */
  | { readonly kind: 'unverified' };

/** The seam between the skill and the user's account in the other system. */
export interface AccountLinking {
  /** @param accessToken the account-linking token, or undefined when the user has not linked. */
  resolve(accessToken: string | undefined): Promise<AccountStatus>;
}

/**
 * The account-linking layer until token validation lands: a missing token is `unlinked`,
 * any token is `unverified`. It never treats a token as valid.
 */
export const unverifiedAccountLinking: AccountLinking = {
  resolve: (accessToken) => Promise.resolve(accessToken ? { kind: 'unverified' } : { kind: 'unlinked' }),
};
