import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import service, { type DemoEnv } from '../../demo/ride-hailer-service/src/index.ts';

/** The service as `npm run dev` runs it (package.json's provider.worker.vars): DEV_MODE on, unless `vars` says otherwise. */
const devEnv = (vars: { DEV_MODE?: string }) =>
  ({ OAUTH_KV: env.CACHE, ALEXA_VENDOR_ID: 'M1EXAMPLEVENDOR', ...vars }) as unknown as DemoEnv;

/** In workerd, a request's URL carries the Host header the browser sent: that is the host seen here. */
async function devClient(host: string, vars: { DEV_MODE?: string } = { DEV_MODE: 'true' }): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await service.fetch(new Request(`http://${host}/dev/client`), devEnv(vars), ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe('demo service: GET /dev/client, the Alexa client\'s credentials for the local simulator', () => {
  it.each(['localhost:8788', '127.0.0.1:8788', '[::1]:8788', 'LOCALHOST:8788'])('answers them in DEV_MODE for the loopback Host %s', async (host) => {
    const response = await devClient(host);
    expect(response.status).toBe(200);
    const client = await response.json<{ clientId?: string; clientSecret?: string }>();
    expect(client.clientId).toBeTruthy();
    expect(client.clientSecret).toBeTruthy();
  });

  // DNS rebinding: evil.example first resolves to the attacker, then to 127.0.0.1, so the attacker's
  // page reads this port as its own origin; the browser still sends Host: evil.example.
  it.each(['evil.example:8788', 'localhost.evil.example:8788', '127.0.0.1.nip.io:8788', '192.168.1.20:8788', 'ride-hailer-demo-service.example.workers.dev'])(
    'answers 404 in DEV_MODE for the Host %s, with no secret in the body',
    async (host) => {
      const response = await devClient(host);
      expect(response.status).toBe(404);
      const body = await response.text();
      const stored = await env.CACHE.get<{ clientSecret: string }>('demo:alexa-client', 'json');
      if (stored) expect(body).not.toContain(stored.clientSecret);
    },
  );

  it.each([
    ['unset', {}],
    ['"false"', { DEV_MODE: 'false' }],
    ['"TRUE"', { DEV_MODE: 'TRUE' }],
  ])('answers 404 on localhost when DEV_MODE is %s', async (_, vars) => {
    expect((await devClient('localhost:8788', vars)).status).toBe(404);
  });

  it('tells no cache to keep them', async () => {
    expect((await devClient('localhost:8788')).headers.get('cache-control')).toBe('no-store');
  });
});
