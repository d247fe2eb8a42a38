import type { ProfileSource } from './account-service.ts';
import type { ValidatedToken } from './token-validator.ts';

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
