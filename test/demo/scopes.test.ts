import { describe, expect, it } from 'vitest';
import { ORIGIN, alexaClient, exchangeLikeAlexa, send } from './app-to-app/support.ts';

const ALEXA_REDIRECT = 'https://pitangui.amazon.com/api/skill/link/M1EXAMPLEVENDOR';
const cookies = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

/** Links ana like Alexa does, asking for `scope` only, and returns the access token the service issues. */
async function tokenFor(scope: string): Promise<string> {
  const client = await alexaClient();
  const query = new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: ALEXA_REDIRECT, state: 's', scope });
  const form = await send(new Request(`${ORIGIN}/authorize?${query.toString()}`));
  const handle = /name="handle" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const approved = await send(new Request(`${ORIGIN}/authorize`, {
    method: 'POST',
    body: new URLSearchParams({ handle, username: 'ana', password: 'ana-rides', action: 'approve' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies(form) },
  }));
  const code = new URL(approved.headers.get('location') ?? 'about:blank').searchParams.get('code') ?? '';
  const token = await (await exchangeLikeAlexa(code, ALEXA_REDIRECT)).json<{ access_token?: string; scope?: string }>();
  expect(token.scope).toBe(scope);
  return token.access_token ?? '';
}

const call = (token: string, method: 'GET' | 'POST', path: string) =>
  send(new Request(`${ORIGIN}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: JSON.stringify({ destination: 'work' }) } : {}),
  }));

describe('demo service: each API route needs its scope (RFC 6750 §3.1)', () => {
  it.each([
    ['profile', 'POST', '/api/rides', 'rides'],
    ['rides', 'GET', '/api/profile', 'profile'],
    ['rides', 'GET', '/userinfo', 'profile'],
  ] as const)('a token granted only %s gets 403 insufficient_scope from %s %s, naming %s', async (granted, method, path, needed) => {
    const response = await call(await tokenFor(granted), method, path);
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain(`scope="${needed}"`);
  });

  it.each([
    ['profile', 'GET', '/api/profile', 200],
    ['profile', 'GET', '/userinfo', 200],
    ['rides', 'POST', '/api/rides', 201],
    ['profile rides', 'POST', '/api/rides', 201],
    ['profile rides', 'GET', '/api/profile', 200],
  ] as const)('a token granted %j is served by %s %s (%i)', async (granted, method, path, status) => {
    expect((await call(await tokenFor(granted), method, path)).status).toBe(status);
  });
});
