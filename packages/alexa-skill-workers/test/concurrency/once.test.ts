/**
 * The "once" promises of docs/caching.md that concurrency could break, each with CONCURRENT
 * requests started together (Promise.all) on one simulated isolate of the fixture. The JWKS ones
 * are in jwks.test.ts; concurrent requests with one new opaque token in
 * test/linking/token-cache.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { JwtValidator } from '../../src/linking.ts';
import { createTestPki, intentRequest, launchRequest, TEST_CERT_URL, type TestPki } from '../../src/testing.ts';
import { KitHarness, NOW, rootsOnly } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { outbound } from '../support/outbound.ts';
import { AUDIENCE, FakeProvider, ISSUER, profileApi, URLS } from '../support/provider.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const CONCURRENT = 20;
const together = <T>(request: () => Promise<T>) => Promise.all(Array.from({ length: CONCURRENT }, request));
const greet = (accessToken: string) => intentRequest('GreetIntent', {}, { timestamp: NOW, accessToken });
const launch = () => launchRequest({ timestamp: NOW });
const opsOn = (ops: string[], prefix: string) => ops.filter((op) => op.startsWith(prefix));
/** Trusting the PKI's root only, so the chain is downloaded from TEST_CERT_URL as from S3. */
const downloading = (kv: KVNamespace) => new KitHarness(pki, { kv, trust: rootsOnly(pki) });

describe(`the "once" promises of What is cached, and where: ${CONCURRENT} requests at the same moment`, () => {
  it('certificates: a new isolate reads the PEM from KV once and fetches nothing', async () => {
    const kv = probeKv();
    const first = downloading(kv.kv).serveChain();
    expect((await first.send(launch())).status).toBe(200);
    expect(outbound.count(TEST_CERT_URL)).toBe(1);
    kv.ops.length = 0;

    const second = downloading(kv.kv);
    const responses = await together(() => second.send(launch()));
    expect(responses.map((r) => r.status)).toEqual(Array(CONCURRENT).fill(200));
    expect(opsOn(kv.ops, 'get cert:')).toHaveLength(1);
    expect(outbound.count(TEST_CERT_URL)).toBe(1);
  });

  it('certificates: a URL that fails is fetched once, however many forged requests name it', async () => {
    outbound.on(TEST_CERT_URL, () => new Response('NoSuchKey', { status: 404 }));
    const kit = downloading(probeKv().kv);
    const responses = await together(() => kit.send(launch()));
    expect(responses.map((r) => r.status)).toEqual(Array(CONCURRENT).fill(400));
    expect(outbound.count(TEST_CERT_URL)).toBe(1);
  });

  it('configuration: the verifier is built once per isolate, so the replaced-roots warning is logged once', async () => {
    const kit = new KitHarness(pki);
    await together(() => kit.send(launch()));
    expect(kit.log.lines.filter((l) => l.event === 'trusted_roots_overridden')).toHaveLength(1);
  });

  it('tokens: a known token is answered from memory, with no KV operation and no provider call', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const kit = new KitHarness(pki, { kv: kv.kv, accounts: { profile: profileApi() } });
    const token = provider.opaqueToken();
    await kit.turn(greet(token));
    const calls = provider.totalCalls();
    kv.ops.length = 0;
    for (const answer of await together(() => kit.turn(greet(token)))) expect(answer.speech).toBe('Hello, Ana.');
    expect(kv.ops).toEqual([]);
    expect(provider.totalCalls()).toBe(calls);
  });

  it('tokens: a new isolate reads a cached token from KV once, and calls no provider', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const first = new KitHarness(pki, { kv: kv.kv, accounts: { profile: profileApi() } });
    const token = provider.opaqueToken();
    await first.turn(greet(token));
    const calls = provider.totalCalls();

    const second = new KitHarness(pki, { kv: kv.kv, accounts: { profile: profileApi() } });
    await second.turn(launch());
    kv.ops.length = 0;
    for (const answer of await together(() => second.turn(greet(token)))) expect(answer.speech).toBe('Hello, Ana.');
    expect(opsOn(kv.ops, 'get tok:')).toHaveLength(1);
    expect(provider.totalCalls()).toBe(calls);
  });

  it('tokens: a refused token is checked once, remembered in memory, and never written to KV', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const kit = new KitHarness(pki, { kv: kv.kv });
    for (const answer of await together(() => kit.turn(greet('Atza|refused-token')))) {
      expect(answer.card).toBe('LinkAccount');
    }
    expect(provider.calls('userinfo')).toBe(1);
    expect(opsOn(kv.ops, 'put tok:')).toEqual([]);
  });

  it('tokens (JWT): one new token is validated once: one JWKS download, one profile call, one KV write', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const validator = () => new JwtValidator({ jwksUrl: URLS.jwks, issuer: ISSUER, audience: AUDIENCE, kv: kv.kv });
    const kit = new KitHarness(pki, { kv: kv.kv, validator, accounts: { profile: profileApi() } });
    const token = await provider.jwt(NOW);
    for (const answer of await together(() => kit.turn(greet(token)))) expect(answer.speech).toBe('Hello, Ana.');
    expect(provider.calls('jwks')).toBe(1);
    expect(provider.calls('profile')).toBe(1);
    expect(opsOn(kv.ops, 'put tok:')).toHaveLength(1);
  });
});
