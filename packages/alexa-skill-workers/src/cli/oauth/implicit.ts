/**
 * The implicit grant, as Alexa does it for a skill whose account linking is IMPLICIT ("Configure an
 * Implicit Grant", https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-implicit-grant.html):
 * the service sends the browser back with `state`, `access_token` and `token_type` in the URL
 * fragment (RFC 6749 §4.2.2). There is no token endpoint and no refresh token: when the token
 * expires, the user links again.
 */
import { LinkError } from './errors.ts';
import type { LinkedTokens } from './token.ts';

/**
 * Reads the access-token response from a redirect URI's fragment (RFC 6749 §4.2.2): the `state`
 * must be the one sent, an `error` (§4.2.2.1) is a refusal, the token type must be Bearer (compared
 * case-insensitively, §5.1), and `expires_in`, when present, sets the expiry (else `defaultTtlSeconds`,
 * as accountLinking.json's `defaultTokenExpirationInSeconds` does for Alexa). The state is checked first,
 * so an error from a response to someone else's request is never believed. `now` is epoch ms.
 * @throws {LinkError} STATE_MISMATCH, AUTHORIZATION_REFUSED, TOKEN_MISSING, TOKEN_TYPE_UNSUPPORTED
 */
export function parseImplicitFragment(fragment: string, expectedState: string, now: number, defaultTtlSeconds = 3600): LinkedTokens {
  const params = new URLSearchParams(fragment.startsWith('#') ? fragment.slice(1) : fragment);
  if (params.get('state') !== expectedState) throw new LinkError('STATE_MISMATCH', 'the state does not match the one sent');
  const error = params.get('error');
  if (error) throw new LinkError('AUTHORIZATION_REFUSED', `authorization refused: ${error}`);
  const accessToken = params.get('access_token');
  if (!accessToken) throw new LinkError('TOKEN_MISSING', 'no access_token in the fragment');
  const type = params.get('token_type') ?? '';
  if (type.toLowerCase() !== 'bearer') throw new LinkError('TOKEN_TYPE_UNSUPPORTED', `token_type is ${type || 'missing'}; Alexa sends Bearer tokens`);
  const expiresIn = Number(params.get('expires_in'));
  const ttl = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : defaultTtlSeconds;
  return { accessToken, refreshToken: undefined, expiresAt: now + ttl * 1000, grant: 'implicit' };
}

/** What the simulator does with the stored token before a request, like Alexa. */
export type Renewal = 'use' | 'refresh' | 'expired-no-refresh';

/**
 * `use` while the token has more than `marginMs` left; then `refresh` when there is a refresh token
 * (the code grant), and `expired-no-refresh` when there is none (the implicit grant): Alexa cannot
 * renew it and keeps sending it, and the skill asks the user to link again.
 */
export function renewal(tokens: LinkedTokens, now: number, marginMs = 60_000): Renewal {
  if (tokens.expiresAt >= now + marginMs) return 'use';
  return tokens.refreshToken ? 'refresh' : 'expired-no-refresh';
}
