import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts, runBin, tempFolder, type Running } from './support.ts';

// The kit's local provider over HTTP, as link and a skill use it: `alexa-skill-workers provider` on ports nothing listens on.

const REDIRECT = 'http://localhost:9/callback';
const USERS = { users: [{ username: 'ada', password: 'ada-links', name: 'Ada Lovelace', email: 'ada@example.com' }, { username: 'ben', password: 'ben-links' }] };

let folder: ReturnType<typeof tempFolder>;
let provider: Running;
let base: string;
let client: { clientId: string; clientSecret: string };

beforeAll(async () => {
  folder = tempFolder({ 'package.json': { name: 'my-skill' }, 'users.json': USERS });
  const [port, inspector] = await freePorts(2);
  provider = await runBin(folder.root, ['provider', '--port', String(port), '--inspector-port', String(inspector), '--users', 'users.json', '--audience', 'my-skill']);
  base = provider.ready.provider as string;
  client = await (await fetch(`${base}/dev/client`)).json() as typeof client;
}, 120_000);

afterAll(async () => {
  await provider?.stop();
  folder?.remove();
});

const basic = () => `Basic ${btoa(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`)}`;
const token = (params: Record<string, string>) => fetch(`${base}/token`, {
  method: 'POST', headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params),
});

/** The login page for `query`: its consent handle and the cookie that binds it to this "browser". */
async function loginPage(query: Record<string, string>) {
  const response = await fetch(`${base}/authorize?${new URLSearchParams({ client_id: client.clientId, redirect_uri: REDIRECT, scope: 'profile', ...query })}`);
  const html = await response.text();
  const handle = /name="handle" value="([^"]+)"/.exec(html)?.[1];
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { status: response.status, html, handle, cookie };
}

/** Posts the login form as the page's own browser would (same origin), answering the redirect's Location. */
async function signIn(page: { handle?: string | undefined; cookie: string }, fields: Record<string, string>, origin = base) {
  const response = await fetch(`${base}/authorize`, {
    method: 'POST', redirect: 'manual',
    headers: { origin, cookie: page.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ handle: page.handle ?? '', action: 'approve', ...fields }),
  });
  return { status: response.status, location: response.headers.get('location') ?? '', body: await response.text() };
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function codeFor(username: string, password: string, challenge: string) {
  const page = await loginPage({ response_type: 'code', state: 'st-1', code_challenge: challenge, code_challenge_method: 'S256' });
  const back = await signIn(page, { username, password });
  expect(back.status).toBe(302);
  const to = new URL(back.location);
  expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
  expect(to.searchParams.get('state')).toBe('st-1');
  return to.searchParams.get('code')!;
}

describe('the local provider', () => {
  it("keeps the users' passwords out of its output (wrangler sees them as a secret)", () => {
    expect(provider.stderr.join('\n')).toContain('env.USERS ("(hidden)")');
    expect(provider.stderr.filter((line) => /password|ada-l/.test(line))).toEqual([]);
  });

  it('gives its development client to this machine', () => {
    expect(client.clientId).toMatch(/\S{8,}/);
    expect(client.clientSecret).toMatch(/\S{8,}/);
  });

  it('grants a code with PKCE (S256) and state, and redeems it once for a JWT the JWKS validates, with a refresh token', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor('ada', 'ada-links', challenge);
    const answer = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(answer.status).toBe(200);
    const body = await answer.json() as { access_token: string; refresh_token?: string; token_type: string; expires_in: number };
    expect(body.token_type).toMatch(/^bearer$/i);
    expect(body.expires_in).toBe(3600);
    expect(typeof body.refresh_token).toBe('string');
    const keys = createLocalJWKSet(await (await fetch(`${base}/.well-known/jwks.json`)).json() as { keys: [] });
    const { payload, protectedHeader } = await jwtVerify(body.access_token, keys, { issuer: base, audience: 'my-skill', typ: 'at+jwt' });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: 'user-ada', name: 'Ada Lovelace', client_id: client.clientId, scope: 'profile' });
    const again = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(again.status).toBe(400);
  });

  it('refuses a code redeemed with the wrong verifier, and a plain PKCE challenge', async () => {
    const { challenge } = pkce();
    const code = await codeFor('ada', 'ada-links', challenge);
    const wrong = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    const plain = await loginPage({ response_type: 'code', code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' });
    expect(plain.status).toBe(400);
    expect(plain.handle).toBeUndefined();
  });

  it("answers /userinfo, Login with Amazon's tokeninfo and profile for its token, and refreshes it", async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor('ada', 'ada-links', challenge);
    const first = await (await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json() as { access_token: string; refresh_token: string };
    const bearer = { authorization: `Bearer ${first.access_token}` };
    expect(await (await fetch(`${base}/userinfo`, { headers: bearer })).json()).toEqual({ sub: 'user-ada', name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(await (await fetch(`${base}/user/profile`, { headers: bearer })).json()).toEqual({ user_id: 'user-ada', name: 'Ada Lovelace', email: 'ada@example.com' });
    const info = await (await fetch(`${base}/auth/o2/tokeninfo?access_token=${encodeURIComponent(first.access_token)}`)).json() as Record<string, unknown>;
    expect(info).toMatchObject({ user_id: 'user-ada', aud: 'my-skill', app_id: client.clientId });
    expect(info.exp).toBeGreaterThan(3000);
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    const second = await refreshed.json() as { access_token: string; refresh_token: string };
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(await (await fetch(`${base}/userinfo`, { headers: { authorization: `Bearer ${second.access_token}` } })).json()).toMatchObject({ sub: 'user-ada' });
  });

  it('refuses a token it did not sign at /userinfo and tokeninfo', async () => {
    const forged = `${btoa(JSON.stringify({ alg: 'none', typ: 'at+jwt' }))}.${btoa(JSON.stringify({ sub: 'user-ada', iss: base }))}.`;
    expect((await fetch(`${base}/userinfo`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    expect((await fetch(`${base}/auth/o2/tokeninfo?access_token=${encodeURIComponent(forged)}`)).status).toBe(400);
  });

  it('grants a token in the fragment for the implicit grant, with state and no refresh token', async () => {
    const page = await loginPage({ response_type: 'token', state: 'st-imp' });
    const back = await signIn(page, { username: 'ben', password: 'ben-links' });
    expect(back.status).toBe(302);
    const fragment = new URLSearchParams(new URL(back.location).hash.slice(1));
    expect(fragment.get('state')).toBe('st-imp');
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.has('refresh_token')).toBe(false);
    expect(await (await fetch(`${base}/userinfo`, { headers: { authorization: `Bearer ${fragment.get('access_token')}` } })).json()).toEqual({ sub: 'user-ben' });
  });

  it('shows the form again for a wrong password (401), and refuses a post from another origin (403)', async () => {
    const page = await loginPage({ response_type: 'code', state: 's', code_challenge: pkce().challenge, code_challenge_method: 'S256' });
    const wrong = await signIn(page, { username: 'ada', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain("That username and password don&#39;t match.");
    const foreign = await signIn(page, { username: 'ada', password: 'ada-links' }, 'http://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.location).toBe('');
  });

  it('gives its client to loopback hosts only', async () => {
    // fetch may not set Host: node:http may.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(`${base}/dev/client`, { headers: { host: 'provider.example.com' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject).end();
    });
    expect(status).toBe(404);
  });
});
