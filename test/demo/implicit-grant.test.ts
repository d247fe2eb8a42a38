import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { implicitGrantAllowed, implicitTokenPolicy } from '../../demo/ride-hailer-service/src/implicit.ts';
import service, { type DemoEnv } from '../../demo/ride-hailer-service/src/index.ts';

/**
 * The demo service's implicit grant (RFC 6749 §4.2), as Alexa uses it ("Configure an Implicit Grant",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-implicit-grant.html): the
 * access token comes back in the redirect URI's fragment with the state; off unless ALLOW_IMPLICIT_GRANT.
 */
const ORIGIN = 'https://ride-hailer-demo-service.example.workers.dev';
const ALEXA_REDIRECT = 'https://pitangui.amazon.com/api/skill/link/M1EXAMPLEVENDOR';

const demoEnv = (allow?: string) =>
  ({ OAUTH_KV: env.CACHE, ALEXA_VENDOR_ID: 'M1EXAMPLEVENDOR', PUBLIC_URL: ORIGIN, ALLOW_IMPLICIT_GRANT: allow }) as unknown as DemoEnv;

async function send(request: Request, allow?: string): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await service.fetch(request, demoEnv(allow), ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

const cookies = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

async function clientId(): Promise<string> {
  await send(new Request(`${ORIGIN}/`));
  return (await env.CACHE.get<{ clientId: string }>('demo:alexa-client', 'json'))?.clientId ?? '';
}

async function authorizeUrl(params: Record<string, string> = {}): Promise<string> {
  const query = new URLSearchParams({
    response_type: 'token', client_id: await clientId(), redirect_uri: ALEXA_REDIRECT, state: 'alexa-state-7', scope: 'profile rides', ...params,
  });
  return `${ORIGIN}/authorize?${query.toString()}`;
}

/** Opens the login page and posts the form; returns the service's answer to the post. */
async function signIn(url: string, allow: string | undefined, action: 'approve' | 'deny' = 'approve'): Promise<Response> {
  const form = await send(new Request(url), allow);
  expect(form.status).toBe(200);
  const handle = /name="handle" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const body = new URLSearchParams({ handle, username: 'ana', password: 'ana-rides', action });
  return send(new Request(`${ORIGIN}/authorize`, {
    method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies(form) },
  }), allow);
}

const fragmentOf = (location: string | null) => new URLSearchParams(new URL(location ?? 'about:blank').hash.slice(1));

describe('demo service: the implicit grant, when ALLOW_IMPLICIT_GRANT is "true"', () => {
  it('returns the access token, its type, lifetime and the state in the fragment of the redirect URI, and no code or refresh token', async () => {
    const answer = await signIn(await authorizeUrl(), 'true');
    expect(answer.status).toBe(302);
    const location = answer.headers.get('location') ?? '';
    const back = new URL(location);
    expect(`${back.origin}${back.pathname}`).toBe(ALEXA_REDIRECT);
    expect(back.search).toBe('');
    const fragment = fragmentOf(location);
    expect(fragment.get('state')).toBe('alexa-state-7');
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('expires_in')).toBe('3600');
    expect(fragment.get('access_token')).toBeTruthy();
    expect(fragment.has('code')).toBe(false);
    expect(fragment.has('refresh_token')).toBe(false);
    expect(answer.headers.get('cache-control')).toContain('no-store');

    // The library's grant record holds a refresh token's hash when one was issued: none was.
    const grants = (await env.CACHE.list({ prefix: 'grant:' })).keys;
    expect(grants).toHaveLength(1);
    const grant = await env.CACHE.get<Record<string, unknown>>(grants[0]!.name, 'json');
    expect(grant).not.toHaveProperty('refreshTokenId');
  });

  it('the token in the fragment opens the Ride Hailer API as the user who signed in', async () => {
    const token = fragmentOf((await signIn(await authorizeUrl(), 'true')).headers.get('location')).get('access_token') ?? '';
    const profile = await send(new Request(`${ORIGIN}/api/profile`, { headers: { authorization: `Bearer ${token}` } }), 'true');
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({ name: 'Ana' });
  });

  it('a declined sign-in goes back with error=access_denied and the state in the fragment', async () => {
    const answer = await signIn(await authorizeUrl(), 'true', 'deny');
    expect(answer.status).toBe(302);
    const fragment = fragmentOf(answer.headers.get('location'));
    expect(fragment.get('error')).toBe('access_denied');
    expect(fragment.get('state')).toBe('alexa-state-7');
    expect(fragment.has('access_token')).toBe(false);
  });

  it.each([
    ['a redirect URI that is not registered', { redirect_uri: 'https://attacker.example/callback' }],
    ['a registered redirect URI with a different path', { redirect_uri: `${ALEXA_REDIRECT}/extra` }],
    ['an unknown client', { client_id: 'not-a-client' }],
  ])('%s: refused on the page, never redirected, no login form', async (_name, params) => {
    const answer = await send(new Request(await authorizeUrl(params)), 'true');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('location')).toBeNull();
    expect(await answer.text()).not.toMatch(/type="password"/);
  });

  it('the code grant still works beside it, with the code in the query', async () => {
    const answer = await signIn(await authorizeUrl({ response_type: 'code' }), 'true');
    const back = new URL(answer.headers.get('location') ?? '');
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(back.searchParams.get('state')).toBe('alexa-state-7');
    expect(back.hash).toBe('');
  });
});

describe('demo service: the implicit grant when it is off (the default)', () => {
  it.each([[undefined], ['false']])('ALLOW_IMPLICIT_GRANT=%s: response_type=token goes back with unsupported_response_type and the state, no login form', async (allow) => {
    const answer = await send(new Request(await authorizeUrl()), allow);
    expect(answer.status).toBe(302);
    const location = answer.headers.get('location') ?? '';
    expect(location.startsWith(`${ALEXA_REDIRECT}#`)).toBe(true);
    const fragment = fragmentOf(location);
    expect(fragment.get('error')).toBe('unsupported_response_type');
    expect(fragment.get('state')).toBe('alexa-state-7');
    expect(fragment.has('access_token')).toBe(false);
  });

  it('a redirect URI that is not registered is still refused on the page, not redirected', async () => {
    const answer = await send(new Request(await authorizeUrl({ redirect_uri: 'https://attacker.example/callback' })));
    expect(answer.status).toBe(400);
    expect(answer.headers.get('location')).toBeNull();
  });

  it('a value other than "true" or "false" is a configuration error that names the setting, never the value', async () => {
    expect(() => implicitGrantAllowed('yes')).toThrow(/ALLOW_IMPLICIT_GRANT/);
    expect(() => implicitGrantAllowed('Atza|a-secret-in-the-wrong-place')).not.toThrow(/secret/);
    const answer = await send(new Request(await authorizeUrl()), 'yes');
    expect(answer.status).toBe(500);
  });
});

describe('demo service: refresh tokens', () => {
  it('a grant made through the implicit flow gets no refresh token; a code grant keeps its own', () => {
    expect(implicitTokenPolicy('authorization_code', { userId: 'u1', grant: 'implicit' })).toEqual({ refreshTokenTTL: 0 });
    expect(implicitTokenPolicy('authorization_code', { userId: 'u1' })).toBeUndefined();
    expect(implicitTokenPolicy('refresh_token', { userId: 'u1' })).toBeUndefined();
  });
});
