import { ConfigError } from '../settings.ts';
import type { ProfileSource } from './account-service.ts';
import type { OpaqueValidationConfig } from './opaque-validator.ts';
import type { ValidatedToken } from './token-validator.ts';

/** Login with Amazon's user profile endpoint (`user_id`, `name`, `email`, by the scopes granted). */
export const LWA_PROFILE_URL = 'https://api.amazon.com/user/profile';

/**
 * Opaque-token settings for Login with Amazon as the OAuth provider (Amazon, "Obtain Customer
 * Profile Information" and "Account Linking for Custom Skills"): a token is valid when LWA's
 * profile endpoint answers for it AND its tokeninfo says it was issued to `clientId` (your
 * security profile's client ID), so a token minted for another app is refused.
 */
export function loginWithAmazon(clientId: string | undefined): OpaqueValidationConfig {
  if (!clientId?.trim()) throw new ConfigError('clientId', "is not set; set it to your security profile's client ID (amzn1.application-oa2-client.…)");
  return { mode: 'opaque', userinfoUrl: LWA_PROFILE_URL, lwaClientId: clientId.trim() };
}

/**
 * A {@link ProfileSource} that takes the profile from what the validator learnt (the userinfo
 * answer, or the JWT's claims), with no call of its own. `pick` keeps what the skill needs (the
 * claims are the provider's, so check their types there); `parse` re-checks it when read back
 * from KV.
 */
export function profileFromClaims<P extends object>(
  pick: (claims: ValidatedToken['claims']) => P,
  parse: (stored: unknown) => P | undefined,
): ProfileSource<P> {
  return { load: async (_token, validated) => pick((await validated).claims), parse };
}
