/**
 * The "once" promises of packages/alexa-skill-workers/docs/caching.md that concurrency could break, each with CONCURRENT requests
 * started together (Promise.all) on one simulated isolate. The JWKS ones are in jwks.test.ts;
 * concurrent first certificate downloads in test/verification/cert-cache.test.ts; concurrent
 * requests with one new opaque token in test/linking/token-cache.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { intentRequest, launchRequest } from '../../packages/alexa-skill-workers/src/testing/envelopes.ts';
import { createTestPki, type TestPki } from '../../packages/alexa-skill-workers/src/testing/pki.ts';
import { CERT_URL, NOW, SkillHarness } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { outbound } from '../support/outbound.ts';
import { JWT_ENV } from '../support/provider.ts';
import { turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const CONCURRENT = 20;
const together = <T>(request: () => Promise<T>) => Promise.all(Array.from({ length: CONCURRENT }, request));
const order = (accessToken: string) => intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken });
const launch = () => launchRequest({ timestamp: NOW });
const opsOn = (ops: string[], prefix: string) => ops.filter((op) => op.startsWith(prefix));

describe(`the "once" promises of What is cached, and where: ${CONCURRENT} requests at the same moment`, () => {
  it('certificates: a new isolate reads the PEM from KV once and fetches nothing', async () => {
    const kv = probeKv();
    const first = new SkillHarness(pki, { CACHE: kv.kv }).serveChain();
    expect((await first.send(launch())).status).toBe(200);
    kv.ops.length = 0;

    const second = new SkillHarness(pki, { CACHE: kv.kv }, first.provider);
    const responses = await together(() => second.send(launch()));
    expect(responses.map((r) => r.status)).toEqual(Array(CONCURRENT).fill(200));
    expect(opsOn(kv.ops, 'get cert:')).toHaveLength(1);
    expect(outbound.count(CERT_URL)).toBe(1);
  });

  it('certificates: a URL that fails is fetched once, however many forged requests name it', async () => {
    const skill = new SkillHarness(pki);
    outbound.on(CERT_URL, () => new Response('NoSuchKey', { status: 404 }));
    const responses = await together(() => skill.send(launch()));
    expect(responses.map((r) => r.status)).toEqual(Array(CONCURRENT).fill(400));
    expect(outbound.count(CERT_URL)).toBe(1);
  });

  it('configuration: parsed once per isolate, so the replaced-roots warning is logged once', async () => {
    const skill = new SkillHarness(pki).serveChain();
    await together(() => skill.send(launch()));
    expect(skill.logs.lines.filter((l) => l.event === 'trusted_roots_overridden')).toHaveLength(1);
  });

  it('tokens: a known token is answered from memory, with no KV operation and no provider call', async () => {
    const kv = probeKv();
    const skill = new SkillHarness(pki, { CACHE: kv.kv }).serveChain();
    const token = skill.provider.opaqueToken();
    await turn(skill, order(token));
    const calls = skill.provider.totalCalls();
    kv.ops.length = 0;
    for (const answer of await together(() => turn(skill, order(token)))) expect(answer.speech).toContain('Contoso Tower');
    expect(kv.ops).toEqual([]);
    expect(skill.provider.totalCalls()).toBe(calls);
  });

  it('tokens: a new isolate reads a cached token from KV once, and calls no provider', async () => {
    const kv = probeKv();
    const first = new SkillHarness(pki, { CACHE: kv.kv }).serveChain();
    const token = first.provider.opaqueToken();
    await turn(first, order(token));
    const calls = first.provider.totalCalls();

    const second = new SkillHarness(pki, { CACHE: kv.kv }, first.provider);
    await turn(second, launch());
    kv.ops.length = 0;
    for (const answer of await together(() => turn(second, order(token)))) expect(answer.speech).toContain('Contoso Tower');
    expect(opsOn(kv.ops, 'get tok:')).toHaveLength(1);
    expect(first.provider.totalCalls()).toBe(calls);
  });

  it('tokens: a refused token is checked once, remembered in memory, and never written to KV', async () => {
    const kv = probeKv();
    const skill = new SkillHarness(pki, { CACHE: kv.kv }).serveChain();
    for (const answer of await together(() => turn(skill, order('Atza|refused-token')))) {
      expect(answer.card).toEqual({ type: 'LinkAccount' });
    }
    expect(skill.provider.calls('userinfo')).toBe(1);
    expect(opsOn(kv.ops, 'put tok:')).toEqual([]);
  });

  it('tokens (JWT mode): one new token is validated once: one JWKS download, one profile call, one KV write', async () => {
    const kv = probeKv();
    const skill = new SkillHarness(pki, { ...JWT_ENV, OAUTH_USERINFO_URL: undefined, CACHE: kv.kv }).serveChain();
    const token = await skill.provider.jwt(NOW);
    for (const answer of await together(() => turn(skill, order(token)))) expect(answer.speech).toContain('Contoso Tower');
    expect(skill.provider.calls('jwks')).toBe(1);
    expect(skill.provider.calls('profile')).toBe(1);
    expect(opsOn(kv.ops, 'put tok:')).toHaveLength(1);
  });
});
