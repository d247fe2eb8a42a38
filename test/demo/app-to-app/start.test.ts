import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { AppToAppError } from '../../../demo/ride-hailer-service/src/app-to-app/errors.ts';
import { beginAttempt, consumeAttempt, LINK_STATE_TTL_SECONDS } from '../../../demo/ride-hailer-service/src/app-to-app/state.ts';
import { outbound } from '../../support/outbound.ts';
import { CALLBACK, LWA_CLIENT, ORIGIN, callback, form, press, send, serviceEnv, signIn } from './support.ts';

const codeOf = async (promise: Promise<unknown>) => {
  const error: unknown = await promise.catch((e: unknown) => e);
  return error instanceof AppToAppError ? error.code : error;
};

describe('demo app: signing in and starting app-to-app linking', () => {
  it('shows the sign-in form to a visitor and refuses a wrong password', async () => {
    expect(await (await send(new Request(`${ORIGIN}/app`))).text()).toContain('action="/app/sign-in"');
    const refused = await send(new Request(`${ORIGIN}/app/sign-in`, form({ username: 'ana', password: 'nope' })));
    expect(refused.status).toBe(401);
    expect(refused.headers.getSetCookie()).toEqual([]);
  });

  it('signs ana in with an HttpOnly, SameSite=Lax session cookie scoped to /app, and offers Link with Alexa', async () => {
    const signedIn = await send(new Request(`${ORIGIN}/app/sign-in`, form({ username: 'ana', password: 'ana-rides' })));
    const cookie = signedIn.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/app/);
    expect(cookie).toMatch(/Secure/);
    const { home } = await signIn();
    expect(home).toContain('Hi, Ana');
    expect(home).toContain('Link with Alexa');
  });

  it('sends the user to the Alexa app URL with every parameter Amazon lists, a state and a PKCE S256 challenge', async () => {
    const { location, response } = await press(await signIn(), 'link');
    expect(response.status).toBe(303);
    expect(`${location.origin}${location.pathname}`).toBe('https://alexa.amazon.com/spa/skill-account-linking-consent');
    const params = Object.fromEntries(location.searchParams);
    expect(params).toMatchObject({
      fragment: 'skill-account-linking-consent',
      client_id: LWA_CLIENT.id,
      scope: 'alexa::skills:account_linking',
      skill_stage: 'development',
      response_type: 'code',
      redirect_uri: CALLBACK,
      code_challenge_method: 'S256',
    });
    expect(params.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('uses the Login with Amazon fallback URL when asked, and the live stage when configured', async () => {
    const liveEnv = serviceEnv({ ALEXA_SKILL_STAGE: 'live' });
    const { location } = await press(await signIn('ana', 'ana-rides', liveEnv), 'link', 'lwa', liveEnv);
    expect(`${location.origin}${location.pathname}`).toBe('https://www.amazon.com/ap/oa');
    expect(location.searchParams.get('skill_stage')).toBe('live');
    expect(location.searchParams.has('fragment')).toBe(false);
  });

  it('refuses a link form without the session\'s CSRF token, and a visitor without a session', async () => {
    const session = await signIn();
    const forged = await press({ cookie: session.cookie, csrf: 'forged' }, 'link');
    expect(forged.response.status).toBe(403);
    const anonymous = await press({ cookie: '', csrf: session.csrf }, 'link');
    expect(anonymous.response.status).toBe(303);
    expect(anonymous.location.pathname).toBe('/app');
  });

  it('hides linking when the service has no Alexa client configured', async () => {
    const plain = serviceEnv({ ALEXA_LWA_CLIENT_ID: undefined });
    const session = await signIn('ana', 'ana-rides', plain);
    expect(session.home).toContain('not configured');
    expect((await press(session, 'link', 'alexa-app', plain)).response.status).toBe(404);
  });
});

describe('demo app: the state Amazon sends back', () => {
  it('refuses an unknown state, a state from another user\'s session, and a state used twice, without calling Amazon', async () => {
    const ana = await signIn();
    const ben = await signIn('ben');
    const { state } = await press(ana, 'link');

    expect((await callback(ana.cookie, { state: 'made-up', code: 'amazon-code' })).status).toBe(400);
    const stolen = await callback(ben.cookie, { state, code: 'amazon-code' });
    expect(stolen.status).toBe(400);
    expect(await stolen.text()).toContain('no longer valid');
    // The attempt was consumed by the refused try: ana cannot replay it either.
    expect((await callback(ana.cookie, { state, code: 'amazon-code' })).status).toBe(400);
    expect(outbound.requests).toEqual([]);
  });

  it('refuses a callback with no session cookie (another browser)', async () => {
    const { state } = await press(await signIn(), 'link');
    expect((await callback('', { state, code: 'amazon-code' })).status).toBe(400);
  });

  it.each([
    ['1 ms past its lifetime', 'refused', LINK_STATE_TTL_SECONDS * 1000 + 1, 'STATE_INVALID'],
    ['dated 1 ms in the future', 'refused', -1, 'STATE_INVALID'],
    ['at the end of its lifetime', 'accepted', LINK_STATE_TTL_SECONDS * 1000, undefined],
  ])('an attempt %s is %s', async (_, __, elapsed, expected) => {
    const t0 = Date.UTC(2026, 10, 26, 12);
    const { state } = await beginAttempt(env.CACHE, 'session-1', 'user-ana', 'link', t0);
    const outcome = await codeOf(consumeAttempt(env.CACHE, state, 'session-1', t0 + elapsed));
    if (expected) expect(outcome).toBe(expected);
    else expect(outcome).toMatchObject({ userId: 'user-ana', purpose: 'link' });
  });

  it('keeps the PKCE verifier and the session only as a hash in KV', async () => {
    const { state } = await beginAttempt(env.CACHE, 'session-secret', 'user-ana', 'link', Date.now());
    const keys = (await env.CACHE.list({ prefix: 'app:' })).keys.map((k) => k.name);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^app:link-state:[0-9a-f]{64}$/);
    expect(keys[0]).not.toContain(state);
    const stored = await env.CACHE.get(keys[0]!);
    expect(stored).not.toContain('session-secret');
    expect(stored).not.toContain(state);
  });
});
