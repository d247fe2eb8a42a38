import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizationRequest, s256 } from '../../../src/cli/oauth/authorize.ts';
import { link, type LinkOptions } from '../../../src/cli/oauth/link.ts';
import { refreshTokens, requestTokens, tokenRequest, type TokenClient } from '../../../src/cli/oauth/token.ts';
import { closedPort, codeOf, localNet, serve, type Running } from './support.ts';

/**
 * The one OAuth client of the command line (src/cli/oauth), as `link` and `certify` use it, against
 * a provider on 127.0.0.1 that the test shapes, with the test playing the browser.
 */
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const CLIENT_ID = 'alexa:client';
const SECRET = 'sec ret/+';

interface Provider extends Running {
  /** What the token endpoint received. */
  readonly calls: { authorization: string | undefined; form: URLSearchParams }[];
}

type Fault = 'none' | 'redirect-elsewhere' | 'authorize-500' | 'authorize-json' | 'unknown-client-page' | 'deny' | 'token-garbage' | 'token-refused' | 'token-mac';
let fault: Fault = 'none';

async function startProvider(): Promise<Provider> {
  const calls: Provider['calls'] = [];
  const pending = new Map<string, string>(); // code → challenge
  let n = 0;
  const running = await serve((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://provider');
    if (url.pathname === '/authorize' || url.pathname === '/approve') {
      const q = url.searchParams;
      if (fault === 'authorize-500') return res.writeHead(500).end('oops');
      if (fault === 'authorize-json') return res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      if (fault === 'unknown-client-page' || q.get('client_id') !== CLIENT_ID) return res.writeHead(400, { 'content-type': 'text/html' }).end('<p>Unknown client</p>');
      if (fault === 'redirect-elsewhere') return res.writeHead(302, { location: `https://elsewhere.example/cb?code=x&state=${q.get('state')}` }).end();
      if (fault === 'deny') return res.writeHead(302, { location: `${q.get('redirect_uri')}?error=access_denied&state=${q.get('state')}` }).end();
      if (url.pathname === '/authorize') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<form><input type="password"></form>');
      const code = `code-${++n}`;
      pending.set(code, q.get('code_challenge') ?? '');
      const back = new URL(q.get('redirect_uri')!);
      if (q.get('response_type') === 'token') {
        back.hash = new URLSearchParams({ access_token: `implicit-${n}`, token_type: 'Bearer', expires_in: '600', state: q.get('state')! }).toString();
      } else {
        back.search = new URLSearchParams({ code, state: q.get('state')! }).toString();
      }
      return res.writeHead(302, { location: back.href }).end();
    }
    if (url.pathname === '/token') {
      const form = new URLSearchParams(body);
      calls.push({ authorization: req.headers.authorization, form });
      if (fault === 'token-garbage') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>sign in</html>');
      const basic = `Basic ${Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(SECRET)}`).toString('base64')}`;
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (fault === 'token-refused' || req.headers.authorization !== basic) return json(401, { error: 'invalid_client' });
      if (form.get('grant_type') === 'refresh_token') return json(200, { access_token: `refreshed-${++n}`, token_type: 'Bearer', expires_in: 3600 });
      const challenge = pending.get(form.get('code') ?? '');
      pending.delete(form.get('code') ?? '');
      const verified = challenge !== undefined && createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') === challenge;
      if (!verified) return json(400, { error: 'invalid_grant' });
      return json(200, { access_token: `at-${n}`, refresh_token: `rt-${n}`, token_type: fault === 'token-mac' ? 'mac' : 'Bearer', expires_in: 3600 });
    }
    return res.writeHead(404).end();
  });
  return { ...running, calls };
}

let provider: Provider;
let redirectUri: string;
beforeEach(async () => {
  fault = 'none';
  provider = await startProvider();
  redirectUri = `http://127.0.0.1:${await closedPort()}/callback`;
});
afterEach(() => provider.close());

const options = (over: Partial<LinkOptions> = {}): LinkOptions & { opened: Promise<string> } => {
  let opened!: (url: string) => void;
  const url = new Promise<string>((resolve) => (opened = resolve));
  return {
    client: { authorizationUrl: `${provider.url}/authorize`, tokenUrl: `${provider.url}/token`, clientId: CLIENT_ID, clientSecret: SECRET, scheme: 'HTTP_BASIC', scopes: ['profile', 'rides'] },
    grant: 'AUTH_CODE', redirectUri, net: localNet, now: () => NOW, timeoutMs: 20_000, onUrl: opened, ...over, opened: url,
  };
};

/** The browser: signs in at the login page the command printed, and follows the provider back to the redirect URI. */
async function signIn(loginUrl: string): Promise<Response> {
  const approve = new URL(loginUrl);
  approve.pathname = '/approve';
  const sent = await fetch(approve, { redirect: 'manual' });
  const back = new URL(sent.headers.get('location')!);
  if (!back.hash) return fetch(back);
  await fetch(back); // the page that reads the fragment…
  return fetch(`${back.origin}${back.pathname}`, { method: 'POST', body: back.hash.slice(1) }); // …and posts it back
}

describe('the authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3)', () => {
  it('carries a fresh 128-bit state and an S256 challenge of a 256-bit verifier, keeping the URI\'s own query', async () => {
    const a = await authorizationRequest('https://p.example/authorize?tenant=t1', 'c1', 'http://localhost:1/cb', ['a', 'b']);
    const b = await authorizationRequest('https://p.example/authorize?tenant=t1', 'c1', 'http://localhost:1/cb', ['a', 'b']);
    const q = new URL(a.url).searchParams;
    expect(Object.fromEntries(q)).toMatchObject({ tenant: 't1', response_type: 'code', client_id: 'c1', redirect_uri: 'http://localhost:1/cb', scope: 'a b', code_challenge_method: 'S256' });
    expect(q.get('state')).toBe(a.state);
    expect(a.state).toMatch(/^[\w-]{22}$/);
    expect(a.verifier).toMatch(/^[\w-]{43}$/);
    expect(q.get('code_challenge')).toBe(createHash('sha256').update(a.verifier).digest('base64url'));
    expect(b.state).not.toBe(a.state);
    expect(b.verifier).not.toBe(a.verifier);
  });

  it('S256 is BASE64URL(SHA-256(verifier)) without padding', async () => {
    const verifier = 'a-verifier-of-enough-length-0123456789-abcdefghijk';
    expect(await s256(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('asks the implicit grant for response_type=token, with a state and no PKCE', async () => {
    const request = await authorizationRequest('https://p.example/authorize', 'c1', 'http://localhost:1/cb', ['a'], 'IMPLICIT');
    const q = new URL(request.url).searchParams;
    expect(q.get('response_type')).toBe('token');
    expect(q.get('state')).toBe(request.state);
    expect(q.has('code_challenge')).toBe(false);
    expect(request.verifier).toBe('');
  });
});

describe('the token request (RFC 6749 §2.3.1, §4.1.3, §6)', () => {
  const client = (over: Partial<TokenClient> = {}): TokenClient => ({ tokenUrl: `${provider.url}/token`, clientId: CLIENT_ID, clientSecret: SECRET, scheme: 'HTTP_BASIC', net: localNet, deadlineMs: 4500, ...over });

  it('sends HTTP Basic credentials with each part form-encoded, and nothing of them in the body', async () => {
    await tokenRequest(client(), { grant_type: 'refresh_token', refresh_token: 'r' });
    const [call] = provider.calls;
    expect(call!.authorization).toBe(`Basic ${Buffer.from('alexa%3Aclient:sec%20ret%2F%2B').toString('base64')}`);
    expect(call!.form.has('client_secret')).toBe(false);
  });

  it('sends the credentials in the body for REQUEST_BODY_CREDENTIALS, and no Authorization header', async () => {
    await tokenRequest(client({ scheme: 'REQUEST_BODY_CREDENTIALS' }), { grant_type: 'refresh_token', refresh_token: 'r' });
    const [call] = provider.calls;
    expect(call!.authorization).toBeUndefined();
    expect(call!.form.get('client_id')).toBe(CLIENT_ID);
    expect(call!.form.get('client_secret')).toBe(SECRET);
  });

  it('refreshes, keeping the refresh token when the answer has none', async () => {
    const tokens = await refreshTokens(client(), { accessToken: 'old', refreshToken: 'rt-1', expiresAt: 0, grant: 'code' }, () => NOW);
    expect(tokens).toEqual({ accessToken: expect.stringMatching(/^refreshed-/) as string, refreshToken: 'rt-1', expiresAt: NOW + 3_600_000, grant: 'code' });
  });

  it.each<[string, Fault | 'down', string]>([
    ['an OAuth error', 'token-refused', 'TOKEN_REFUSED'],
    ['a page that is not JSON', 'token-garbage', 'TOKEN_GARBAGE'],
    ['nothing (the provider is down)', 'down', 'PROVIDER_UNREACHABLE'],
  ])('refuses %s, in one line with neither secret nor token', async (_name, f, code) => {
    fault = f === 'down' ? 'none' : f;
    const tokenUrl = f === 'down' ? `http://127.0.0.1:${await closedPort()}/token` : `${provider.url}/token`;
    const answer = requestTokens(client({ tokenUrl }), { grant_type: 'authorization_code', code: 'code-1', code_verifier: 'v' }, () => NOW);
    expect(await codeOf(answer)).toBe(code);
    const message = await answer.catch((error: Error) => error.message);
    expect(message).not.toMatch(/\n/);
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain('code-1');
  });
});

describe('link: the code grant with PKCE, the test playing the browser', () => {
  it('gets the code on the loopback redirect URI and exchanges it with the verifier and HTTP Basic', async () => {
    const o = options();
    const linked = link(o);
    const page = await signIn(await o.opened);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Linked');
    expect(await linked).toEqual({ accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: NOW + 3_600_000, grant: 'code' });
    const [exchange] = provider.calls;
    expect(Object.fromEntries(exchange!.form)).toMatchObject({ grant_type: 'authorization_code', code: 'code-1', redirect_uri: redirectUri });
  });

  it('refuses a code that comes back with another state, and exchanges nothing', async () => {
    const o = options();
    const linked = link(o);
    const outcome = codeOf(linked);
    await o.opened;
    const forged = await fetch(`${redirectUri}?code=stolen&state=forged`);
    expect(forged.status).toBe(400);
    expect(await outcome).toBe('STATE_MISMATCH');
    expect(provider.calls).toEqual([]);
  });

  it('says the user refused when the provider comes back with error=access_denied', async () => {
    fault = 'deny';
    expect(await codeOf(link(options()))).toBe('AUTHORIZATION_REFUSED');
  });

  it('refuses a token type other than Bearer', async () => {
    fault = 'token-mac';
    const o = options();
    const linked = codeOf(link(o));
    await signIn(await o.opened);
    expect(await linked).toBe('TOKEN_TYPE_UNSUPPORTED');
  });

  it('names a busy redirect port and how to move it', async () => {
    const busy = await serve((_req, _body, res) => res.end());
    try {
      const error = (await link(options({ redirectUri: `${busy.url}/callback` })).then(() => undefined, (e: unknown) => e)) as Error;
      expect(error.message).toMatch(/^port \d+ of the redirect URI http:\/\/127\.0\.0\.1:\d+\/callback is in use: .*--redirect-uri/);
    } finally {
      await busy.close();
    }
  });
});

describe('link: a provider that misbehaves is one line, before the login page is printed', () => {
  it.each<[string, Fault | 'down', string, RegExp]>([
    ['is down', 'down', 'PROVIDER_UNREACHABLE', /^the authorization URI at http:\/\/127\.0\.0\.1:\d+ does not answer \(request failed: ECONNREFUSED\): is the provider running\?$/],
    ['sends the browser to another redirect URI', 'redirect-elsewhere', 'UNEXPECTED_REDIRECT', /sent the browser to https:\/\/elsewhere\.example\/cb, not to the redirect URI/],
    ['answers 500', 'authorize-500', 'UNEXPECTED_REDIRECT', /answered 500, not a login page$/],
    ['answers JSON instead of a page', 'authorize-json', 'UNEXPECTED_REDIRECT', /answered 200 application\/json, not a login page$/],
    ['shows an error page (unknown client)', 'unknown-client-page', 'AUTHORIZATION_REFUSED', /refused the authorization request \(400\): check the client ID/],
  ])('a provider that %s', async (_name, f, code, line) => {
    fault = f === 'down' ? 'none' : f;
    let printed = false;
    const o = options({ onUrl: () => (printed = true) });
    const client = f === 'down' ? { ...o.client, authorizationUrl: `http://127.0.0.1:${await closedPort()}/authorize` } : o.client;
    const error = (await link({ ...o, client }).then(() => undefined, (e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe(code);
    expect(error.message).toMatch(line);
    expect(printed).toBe(false);
  });
});

describe('link --implicit: the token in the fragment, posted back by the page', () => {
  it('serves the page that posts the fragment back, and keeps the token (no refresh token)', async () => {
    const o = options({ grant: 'IMPLICIT', client: { ...options().client, tokenUrl: undefined, clientSecret: '' } });
    const linked = link(o);
    const login = new URL(await o.opened);
    expect(login.searchParams.get('response_type')).toBe('token');
    expect((await fetch(redirectUri).then((r) => r.text()))).toContain('location.hash');
    const posted = await signIn(login.href);
    expect(await posted.text()).toContain('Linked');
    expect(await linked).toEqual({ accessToken: 'implicit-1', refreshToken: undefined, expiresAt: NOW + 600_000, grant: 'implicit' });
    expect(provider.calls).toEqual([]);
  });

  it('a fragment with another state fails the link and keeps nothing', async () => {
    const o = options({ grant: 'IMPLICIT' });
    const outcome = codeOf(link(o));
    await o.opened;
    const posted = await fetch(redirectUri, { method: 'POST', body: 'access_token=stolen&token_type=Bearer&state=forged' });
    expect(posted.status).toBe(400);
    expect(await outcome).toBe('STATE_MISMATCH');
  });
});
