import { beforeAll, describe, expect, it } from 'vitest';
import { LoginWithAmazonValidator, OpaqueValidator } from '../../src/linking.ts';
import { LWA_TOKENINFO_URL } from '../../src/linking/opaque-validator.ts';
import { createTestPki, intentRequest, type TestPki } from '../../src/testing.ts';
import { KitHarness, NOW } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { hangRecording, outbound } from '../support/outbound.ts';
import { CLIENT_ID, FakeProvider, profileApi, URLS } from '../support/provider.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const greet = (accessToken: string) => intentRequest('GreetIntent', {}, { timestamp: NOW, accessToken });
/** An isolate whose profile comes from the provider's profile API, alongside the userinfo call. */
const withProfileApi = (options: ConstructorParameters<typeof KitHarness>[1] = {}) => new KitHarness(pki, { ...options, accounts: { profile: profileApi() } });

describe('opaque access tokens (OpaqueValidator: validated by the userinfo endpoint)', () => {
  it('accepts a token the provider answers 200 for, calling userinfo and the profile API once each', async () => {
    const provider = new FakeProvider().install();
    const kit = withProfileApi();
    expect((await kit.turn(greet(provider.opaqueToken()))).speech).toBe('Hello, Ana.');
    expect(provider.calls('userinfo')).toBe(1);
    expect(provider.calls('profile')).toBe(1);
    expect(provider.calls('tokeninfo')).toBe(0);
  });

  it.each([401, 403])('refuses a token the provider answers %i for: the gate answers "invalid", with the card', async (status) => {
    const provider = new FakeProvider().install();
    provider.override('userinfo', () => Response.json({ error: 'invalid_token' }, { status }));
    const kit = withProfileApi();
    expect(await kit.turn(greet(provider.opaqueToken()))).toMatchObject({ speech: 'invalid', card: 'LinkAccount' });
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'token_rejected', code: 'TOKEN_INVALID' }));
  });

  it.each([
    ['userinfo answers 500', 'userinfo', () => new Response('down', { status: 500 })],
    ['userinfo answers 503', 'userinfo', () => new Response('down', { status: 503 })],
    ['the profile API answers 500', 'profile', () => new Response('down', { status: 500 })],
    ['the profile is not JSON', 'profile', () => new Response('{not json')],
    ['the profile is a JSON array', 'profile', () => Response.json([1, 2])],
    ['the profile is too large', 'profile', () => new Response(`{"x":"${'a'.repeat(70_000)}"}`)],
    ['userinfo is too large', 'userinfo', () => new Response(`{"x":"${'a'.repeat(70_000)}"}`)],
    ['userinfo redirects', 'userinfo', () => Response.redirect('https://elsewhere.example/', 302)],
    ['the connection fails', 'userinfo', () => Promise.reject(new TypeError('network down'))],
  ] as const)('answers "unavailable" when %s, with no card and no HTTP error', async (_, endpoint, route) => {
    const provider = new FakeProvider().install();
    provider.override(endpoint, route);
    const kit = withProfileApi();
    expect(await kit.turn(greet(provider.opaqueToken()))).toMatchObject({ status: 200, speech: 'unavailable', card: undefined });
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'provider_unavailable', code: 'PROVIDER_UNAVAILABLE' }));
  });

  it('stops reading a profile at the limit whatever its Content-Length says', async () => {
    // workerd keeps a fetched answer's Content-Length beside Transfer-Encoding: chunked, whose
    // framing wins (kj-http), so a small Content-Length does not bound the body (tried on workerd
    // serve: "Content-Length: 10" and 5 MiB read by arrayBuffer()). The reader must stop itself.
    let pulled = 0;
    const endless = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled += 16 * 1024;
            controller.enqueue(new Uint8Array(16 * 1024).fill(0x61));
            if (pulled >= 8 * 1024 * 1024) controller.close();
          },
        }),
        { headers: { 'content-type': 'application/json', 'content-length': '10' } },
      );
    const provider = new FakeProvider().install();
    provider.override('profile', endless);
    const kit = withProfileApi();
    expect(await kit.turn(greet(provider.opaqueToken()))).toMatchObject({ status: 200, speech: 'unavailable', card: undefined });
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'provider_unavailable', code: 'PROVIDER_UNAVAILABLE' }));
    // 64 KiB allowed; the stream may run a chunk or two ahead of the reader.
    expect(pulled).toBeLessThanOrEqual(128 * 1024);
  });

  it.each([
    ['userinfo refuses (401) while the profile API fails (500)', 'userinfo', 'profile'],
    ['the profile API refuses (401) while userinfo fails (500)', 'profile', 'userinfo'],
  ] as const)('asks for a relink when %s: an invalid verdict beats an unavailable one', async (_, refusing, failing) => {
    const provider = new FakeProvider().install();
    provider.override(refusing, () => Response.json({ error: 'invalid_token' }, { status: 401 }));
    provider.override(failing, () => new Response('down', { status: 500 }));
    const kit = withProfileApi();
    expect((await kit.turn(greet(provider.opaqueToken()))).card).toBe('LinkAccount');
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'token_rejected', code: 'TOKEN_INVALID' }));
  });

  it('gives up on a provider that does not answer within the validator\'s timeoutMs', async () => {
    const provider = new FakeProvider().install();
    const userinfo = hangRecording();
    provider.override('userinfo', userinfo.route);
    const kit = new KitHarness(pki, { validator: () => new OpaqueValidator({ userinfoUrl: URLS.userinfo, timeoutMs: 150 }) });
    expect((await kit.turn(greet(provider.opaqueToken()))).speech).toBe('unavailable');
    // Given up by the provider call's own timer (timeoutMs), not by a deadline above it.
    expect(userinfo.abortReasons).toEqual([expect.objectContaining({ name: 'TimeoutError' })]);
  });

  it('does not cache an unavailable answer: the next request asks again', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki);
    const token = provider.opaqueToken();
    provider.override('userinfo', () => new Response('down', { status: 500 }));
    expect((await kit.turn(greet(token))).speech).toBe('unavailable');
    provider.override('userinfo', (r) => Response.json({ sub: 'user-ana', name: 'Ana', auth: r.headers.has('authorization') }));
    expect((await kit.turn(greet(token))).speech).toBe('Hello, Ana.');
  });
});

describe('Login with Amazon (LoginWithAmazonValidator): the token audience is checked with tokeninfo', () => {
  const lwa = (options: { tokeninfoUrl?: string } = {}) => () =>
    new LoginWithAmazonValidator({ clientId: CLIENT_ID, userinfoUrl: URLS.userinfo, allowDevelopmentTrust: true, ...options });
  const lwaIsolate = (kv?: KVNamespace) => new KitHarness(pki, { validator: lwa(), accounts: { profile: profileApi() }, ...(kv && { kv }) });
  const anotherClient = { audience: 'amzn1.application-oa2-client.SOMEONE-ELSE' };

  it('accepts a token issued to this client', async () => {
    const provider = new FakeProvider().install();
    const kit = lwaIsolate();
    expect((await kit.turn(greet(provider.opaqueToken()))).speech).toBe('Hello, Ana.');
    expect(provider.calls('tokeninfo')).toBe(1);
  });

  it('refuses a valid Amazon token issued to another client', async () => {
    const provider = new FakeProvider().install();
    const kit = lwaIsolate();
    expect((await kit.turn(greet(provider.opaqueToken(undefined, anotherClient)))).card).toBe('LinkAccount');
  });

  it('sends a token issued to another client to tokeninfo and nowhere else: not userinfo, not the profile API', async () => {
    const provider = new FakeProvider().install();
    const kit = lwaIsolate();
    const token = provider.opaqueToken(undefined, anotherClient);
    expect((await kit.turn(greet(token))).card).toBe('LinkAccount');
    expect(outbound.requests).toEqual([`GET ${LWA_TOKENINFO_URL}?access_token=${encodeURIComponent(token)}`]);
  });

  it('asks for a relink, not "unavailable", for a token issued to another client while the profile API answers 500', async () => {
    const provider = new FakeProvider().install();
    provider.override('profile', () => new Response('down', { status: 500 }));
    const kit = lwaIsolate();
    for (let i = 0; i < 5; i++) {
      expect((await kit.turn(greet(provider.opaqueToken(undefined, anotherClient)))).card).toBe('LinkAccount');
    }
    expect(provider.calls('profile')).toBe(0);
    expect(provider.calls('userinfo')).toBe(0);
  });

  it('checks tokeninfo before anything else: userinfo and the profile API are asked only once it said yes', async () => {
    const provider = new FakeProvider().install();
    const kit = lwaIsolate();
    const token = provider.opaqueToken();
    const tokeninfo = provider.hold('tokeninfo');
    const answering = kit.turn(greet(token));
    await tokeninfo.reached;
    expect(outbound.requests).toEqual([`GET ${LWA_TOKENINFO_URL}?access_token=${encodeURIComponent(token)}`]);
    tokeninfo.release();
    expect((await answering).speech).toBe('Hello, Ana.');
    expect(outbound.requests.slice(1).sort()).toEqual([`GET ${URLS.profile}`, `GET ${URLS.userinfo}`]);
  });

  it('sends the token nowhere else when tokeninfo fails (500): "unavailable", nothing remembered', async () => {
    const provider = new FakeProvider().install();
    provider.override('tokeninfo', () => new Response('down', { status: 500 }));
    const kit = lwaIsolate();
    const token = provider.opaqueToken();
    expect((await kit.turn(greet(token))).speech).toBe('unavailable');
    expect(outbound.requests).toHaveLength(1);
    provider.override('tokeninfo', (r) => Response.json({ aud: CLIENT_ID, exp: 3600, asked: r.url !== '' }));
    expect((await kit.turn(greet(token))).speech).toBe('Hello, Ana.');
  });

  it('refuses a token tokeninfo answers 400 invalid_token for', async () => {
    const provider = new FakeProvider().install();
    provider.override('tokeninfo', () => Response.json({ error: 'invalid_token' }, { status: 400 }));
    const kit = lwaIsolate();
    expect((await kit.turn(greet(provider.opaqueToken()))).card).toBe('LinkAccount');
  });

  it('caches no longer than tokeninfo says the token lives', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const kit = lwaIsolate(kv.kv);
    await kit.turn(greet(provider.opaqueToken(undefined, { expiresIn: 300 })));
    const [ttl] = [...kv.putOptions].filter(([k]) => k.startsWith('tok:')).map(([, o]) => o?.expirationTtl);
    expect(ttl).toBe(300);
  });

  it('keeps a token that expires within KV\'s 60 s minimum in memory only', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const kit = lwaIsolate(kv.kv);
    const token = provider.opaqueToken(undefined, { expiresIn: 30 });
    await kit.turn(greet(token));
    await kit.turn(greet(token));
    expect(kv.ops.filter((op) => op.startsWith('put tok:'))).toEqual([]);
    expect(provider.calls('userinfo')).toBe(1);
  });

  // Its option checks (loopback only, allowDevelopmentTrust) are login-with-amazon-options.test.ts.
  describe('tokeninfoUrl (local development: a stand-in for Login with Amazon on this machine)', () => {
    const LOCAL = 'http://localhost:8791/auth/o2/tokeninfo';

    it('asks the loopback tokeninfo instead of Amazon\'s', async () => {
      const provider = new FakeProvider().install();
      const asked: string[] = [];
      outbound.onPrefix(`${LOCAL}?`, (request) => {
        asked.push(new URL(request.url).pathname);
        return Response.json({ aud: CLIENT_ID, exp: 3600 });
      });
      const kit = new KitHarness(pki, { validator: lwa({ tokeninfoUrl: LOCAL }) });
      expect((await kit.turn(greet(provider.opaqueToken()))).speech).toBe('Hello, Ana.');
      expect(asked).toEqual(['/auth/o2/tokeninfo']);
      expect(provider.calls('tokeninfo')).toBe(0);
    });
  });
});
