import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ImplicitLinkError, parseImplicitFragment, renewal } from '../tools/simulator/implicit.ts';
import { linkImplicit } from '../tools/simulator/link.ts';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ImplicitLinkError ? error.code : `not an ImplicitLinkError: ${String(error)}`;
  }
  return 'no error';
};

describe('simulator: the implicit grant\'s redirect fragment (RFC 6749 §4.2.2)', () => {
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
});

describe('simulator: renewing the stored token, like Alexa', () => {
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

/** A port nothing listens on, for the simulator's redirect URI. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('simulator: link --implicit, with the test playing the browser', () => {
  async function start() {
    const redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
    let authorize = '';
    const linked = linkImplicit({
      serviceUrl: 'http://service.invalid', redirectUri, client: { clientId: 'alexa-client', clientSecret: '' }, timeoutMs: 10_000,
      onUrl: (url) => { authorize = url; },
    });
    await expect.poll(() => authorize).not.toBe('');
    return { linked, redirectUri, request: new URL(authorize) };
  }

  it('asks for response_type=token with a state, serves the page that posts the fragment back, and stores the token', async () => {
    const { linked, redirectUri, request } = await start();
    expect(Object.fromEntries(request.searchParams)).toMatchObject({ response_type: 'token', client_id: 'alexa-client', redirect_uri: redirectUri, scope: 'profile rides' });
    expect(request.searchParams.has('code_challenge')).toBe(false);
    const state = request.searchParams.get('state') ?? '';
    expect(state.length).toBeGreaterThanOrEqual(16);

    const page = await fetch(redirectUri);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('location.hash');
    const posted = await fetch(redirectUri, { method: 'POST', body: `access_token=tok-9&token_type=Bearer&expires_in=3600&state=${state}` });
    expect(await posted.text()).toContain('Linked');
    const tokens = await linked;
    expect(tokens).toMatchObject({ accessToken: 'tok-9', refreshToken: undefined, grant: 'implicit' });
  });

  it('a fragment with another state fails the link and stores nothing', async () => {
    const { linked, redirectUri } = await start();
    const outcome = expect(linked).rejects.toMatchObject({ code: 'STATE_MISMATCH' });
    const posted = await fetch(redirectUri, { method: 'POST', body: 'access_token=stolen&token_type=Bearer&state=forged' });
    expect(posted.status).toBe(400);
    await outcome;
  });
});
