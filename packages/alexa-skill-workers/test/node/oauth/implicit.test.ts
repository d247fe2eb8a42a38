import { describe, expect, it } from 'vitest';
import { LinkError } from '../../../src/cli/oauth/errors.ts';
import { parseImplicitFragment, renewal } from '../../../src/cli/oauth/implicit.ts';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof LinkError ? error.code : `not a LinkError: ${String(error)}`;
  }
  return 'no error';
};

describe("the implicit grant's redirect fragment (RFC 6749 §4.2.2)", () => {
  it('reads the access token and its lifetime; there is no refresh token', () => {
    const tokens = parseImplicitFragment('#access_token=tok-1&token_type=Bearer&expires_in=120&state=s1', 's1', NOW);
    expect(tokens).toEqual({ accessToken: 'tok-1', refreshToken: undefined, expiresAt: NOW + 120_000, grant: 'implicit' });
  });

  it('takes the token type case-insensitively and the default lifetime when expires_in is absent', () => {
    expect(parseImplicitFragment('access_token=t&token_type=bearer&state=s1', 's1', NOW, 900).expiresAt).toBe(NOW + 900_000);
  });

  it.each([
    ['another state', 'access_token=t&token_type=Bearer&state=s2', 'STATE_MISMATCH'],
    ['no state', 'access_token=t&token_type=Bearer', 'STATE_MISMATCH'],
    ['an error with another state (not believed: the state is checked first)', 'error=access_denied&state=s2', 'STATE_MISMATCH'],
    ['an error', 'error=access_denied&state=s1', 'AUTHORIZATION_REFUSED'],
    ['unsupported_response_type (the grant is off at the service)', 'error=unsupported_response_type&state=s1', 'AUTHORIZATION_REFUSED'],
    ['no access token', 'token_type=Bearer&state=s1', 'TOKEN_MISSING'],
    ['a token type that is not Bearer', 'access_token=t&token_type=mac&state=s1', 'TOKEN_TYPE_UNSUPPORTED'],
    ['no token type', 'access_token=t&state=s1', 'TOKEN_TYPE_UNSUPPORTED'],
  ])('refuses %s', (_name, fragment, code) => {
    expect(codeOf(() => parseImplicitFragment(fragment, 's1', NOW))).toBe(code);
  });

  it('never puts the token in the message of a refusal', () => {
    let message = '';
    try {
      parseImplicitFragment('access_token=secret-tok&token_type=mac&state=s1', 's1', NOW);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/Bearer/);
    expect(message).not.toContain('secret-tok');
  });
});

describe('renewing the stored token, like Alexa', () => {
  const token = (expiresAt: number, refreshToken?: string) => ({ accessToken: 'a', refreshToken, expiresAt });
  it.each([
    ['a token with more than a minute left', token(NOW + 61_000, 'r'), 'use'],
    ['an expired token from the code grant', token(NOW - 1, 'r'), 'refresh'],
    ['an expired token from the implicit grant: no refresh token, so no refresh is tried', token(NOW - 1), 'expired-no-refresh'],
    ['an implicit token in its last minute', token(NOW + 30_000), 'expired-no-refresh'],
  ])('%s: %s', (_name, tokens, expected) => {
    expect(renewal(tokens, NOW)).toBe(expected);
  });
});
