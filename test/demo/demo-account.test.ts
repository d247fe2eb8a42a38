import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import service, { type DemoEnv } from '../../demo/ride-hailer-service/src/index.ts';

const ORIGIN = 'https://ride-hailer-demo-service.example.workers.dev';
const ALEXA_REDIRECT = 'https://pitangui.amazon.com/api/skill/link/M1EXAMPLEVENDOR';

/** The demo service with its production settings only (no DEV_MODE, no local redirect URI). */
const productionEnv = () => ({ OAUTH_KV: env.CACHE, ALEXA_VENDOR_ID: 'M1EXAMPLEVENDOR', PUBLIC_URL: ORIGIN }) as unknown as DemoEnv;

async function send(request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await service.fetch(request, productionEnv(), ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** The cookies a response sets, as a Cookie header for the next request. */
function cookies(response: Response): string {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

describe('demo service: the certification testers\' account', () => {
  it('ana / ana-rides signs in with the production configuration and Alexa gets a code and its state back', async () => {
    await send(new Request(`${ORIGIN}/`));
    const client = await env.CACHE.get<{ clientId: string }>('demo:alexa-client', 'json');
    expect(client?.clientId).toBeTruthy();
    const query = new URLSearchParams({
      response_type: 'code', client_id: client?.clientId ?? '', redirect_uri: ALEXA_REDIRECT, state: 'alexa-state-1', scope: 'profile rides',
    });
    const form = await send(new Request(`${ORIGIN}/authorize?${query.toString()}`));
    expect(form.status).toBe(200);
    const handle = /name="handle" value="([^"]+)"/.exec(await form.text())?.[1];
    expect(handle).toBeTruthy();

    const body = new URLSearchParams({ handle: handle ?? '', username: 'ana', password: 'ana-rides', action: 'approve' });
    const signedIn = await send(new Request(`${ORIGIN}/authorize`, {
      method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies(form) },
    }));
    expect(signedIn.status).toBe(302);
    const location = new URL(signedIn.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(ALEXA_REDIRECT);
    expect(location.searchParams.get('state')).toBe('alexa-state-1');
    expect(location.searchParams.get('code')).toBeTruthy();
  });
});
