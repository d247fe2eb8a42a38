/** Drives the demo service's app and app-to-app routes in workerd, with Amazon played by intercepted fetch. */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { expect, vi } from 'vitest';
import service, { type DemoEnv } from '../../../demo/ride-hailer-service/src/index.ts';

export const ORIGIN = 'https://ride-hailer-demo-service.example.workers.dev';
export const SKILL_ID = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';
export const CALLBACK = `${ORIGIN}/app/alexa/callback`;
export const LWA_CLIENT = { id: 'amzn1.application-oa2-client.alexa-a2a', secret: 'lwa-secret-never-logged' };

/** The demo service with app-to-app linking configured and Amazon's real URLs (intercepted in tests). */
export const serviceEnv = (extra: Partial<DemoEnv> = {}) =>
  ({
    OAUTH_KV: env.CACHE,
    ALEXA_VENDOR_ID: 'M1EXAMPLEVENDOR',
    PUBLIC_URL: ORIGIN,
    ALEXA_SKILL_ID: SKILL_ID,
    ALEXA_LWA_CLIENT_ID: LWA_CLIENT.id,
    ALEXA_LWA_CLIENT_SECRET: LWA_CLIENT.secret,
    ...extra,
  }) as unknown as DemoEnv;

export async function send(request: Request, demoEnv: DemoEnv = serviceEnv()): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await service.fetch(request, demoEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** What a browser sends with a form posted from one of the service's own pages. */
export const SAME_ORIGIN = { origin: ORIGIN, 'sec-fetch-site': 'same-origin' } as const;

/** A form post from the app's own page (a browser adds Origin and Sec-Fetch-Site), unless `headers` replaces them. */
export const form = (fields: Record<string, string>, cookie = '', headers: Record<string, string> = SAME_ORIGIN) =>
  ({ method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers } }) as const;

/** Signs in on the app page; returns the session cookie and the page's CSRF token. */
export async function signIn(username = 'ana', password = `${username}-rides`, demoEnv = serviceEnv()) {
  const signedIn = await send(new Request(`${ORIGIN}/app/sign-in`, form({ username, password })), demoEnv);
  expect(signedIn.status).toBe(303);
  const cookie = signedIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const home = await (await send(new Request(`${ORIGIN}/app`, { headers: { cookie } }), demoEnv)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(home)?.[1] ?? '';
  return { cookie, csrf, home };
}

/** Presses an app button (link, status, unlink) and returns where the service sends the browser. */
export async function press(session: { cookie: string; csrf: string }, action: 'link' | 'status' | 'unlink', via = 'alexa-app', demoEnv = serviceEnv()) {
  const response = await send(new Request(`${ORIGIN}/app/alexa/${action}`, form({ csrf: session.csrf, via }, session.cookie)), demoEnv);
  const location = new URL(response.headers.get('location') ?? 'about:blank', ORIGIN);
  return { response, location, state: location.searchParams.get('state') ?? '' };
}

/** Amazon sends the browser back to the app's redirect URL. */
export function callback(cookie: string, query: Record<string, string>, demoEnv = serviceEnv()): Promise<Response> {
  return send(new Request(`${CALLBACK}?${new URLSearchParams(query).toString()}`, { headers: { cookie } }), demoEnv);
}

/** The Alexa client's credentials at the service, as the skill's accountLinking.json holds them. */
export async function alexaClient(): Promise<{ clientId: string; clientSecret: string }> {
  await send(new Request(`${ORIGIN}/`));
  const client = await env.CACHE.get<{ clientId: string; clientSecret: string }>('demo:alexa-client', 'json');
  return client!;
}

/** Exchanges a code at the service's token endpoint like Alexa does (HTTP Basic); returns the token response. */
export async function exchangeLikeAlexa(authCode: string, redirectUri: string): Promise<Response> {
  const client = await alexaClient();
  const basic = btoa(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`);
  return send(new Request(`${ORIGIN}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: authCode, redirect_uri: redirectUri }),
  }));
}

/** Every console line the service writes during a test, to check that no secret reaches a log. */
export function captureConsole(): string[] {
  const lines: string[] = [];
  for (const level of ['log', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  }
  return lines;
}

export const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
