import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { TokenCache } from '../../packages/alexa-skill-workers/src/linking/token-cache.ts';
import { tokenKeys } from '../../packages/alexa-skill-workers/src/lib/kv-keys.ts';
import { USER_ID, intentRequest } from '../../packages/alexa-skill-workers/src/testing/envelopes.ts';
import { NOW, SkillHarness } from '../support/harness.ts';
import { captureLogs } from '../support/logs.ts';
import { probeKv } from '../support/kv.ts';
import { createTestPki, type TestPki } from '../../packages/alexa-skill-workers/src/testing/pki.ts';
import { ANA, FakeRideHailer, JWT_ENV } from '../support/provider.ts';
import { turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const order = (accessToken: string, timestamp = NOW) =>
  intentRequest('OrderCar', { destination: 'work' }, { timestamp, accessToken });
const tokOps = (ops: string[]) => ops.filter((op) => / tok:/.test(op));

describe('token and profile cache', () => {
  it('answers a warm request with no provider call and no KV operation', async () => {
    const kv = probeKv();
    const skill = new SkillHarness(pki, { CACHE: kv.kv }).serveChain();
    const token = skill.provider.opaqueToken();
    await turn(skill, order(token));
    const calls = skill.provider.totalCalls();
    const ops = kv.ops.length;
    for (let i = 0; i < 3; i++) expect((await turn(skill, order(token))).speech).toContain('Contoso Tower');
    expect(skill.provider.totalCalls()).toBe(calls);
    expect(kv.ops.length).toBe(ops);
  });

  it('serves a new isolate from one KV read, with no provider call', async () => {
    const kv = probeKv();
    const first = new SkillHarness(pki, { CACHE: kv.kv }).serveChain();
    const token = first.provider.opaqueToken();
    await turn(first, order(token));
    const calls = first.provider.totalCalls();

    const second = new SkillHarness(pki, { CACHE: kv.kv }, first.provider);
    kv.ops.length = 0;
    expect((await turn(second, order(token))).speech).toContain('Contoso Tower');
    expect(first.provider.totalCalls()).toBe(calls);
    expect(tokOps(kv.ops)).toEqual([expect.stringMatching(/^get tok:/)]);
  });

  it('writes keys made of hashes only: neither the token nor the user ID appears', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();
    const { attributes } = await turn(skill, order(token));
    await turn(skill, intentRequest('AMAZON.YesIntent', {}, { timestamp: NOW, accessToken: token, attributes }));
    const keys = (await env.CACHE.list()).keys.map((k) => k.name);
    expect(keys.some((k) => k.startsWith('tok:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('attr:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('done:'))).toBe(true);
    for (const key of keys) {
      expect(key).toMatch(/^(tok:[0-9a-f]{64}:[0-9a-f]{64}|attr:[0-9a-f]{64}|cert:[0-9a-f]{64}|jwks:[0-9a-f]{64}|done:[0-9a-f]{64}|rej:[0-9a-f]{64}|purge:[0-9a-f]{64})$/);
      expect(key).not.toContain(token.slice(5));
      expect(key).not.toContain(USER_ID);
    }
    const { entry } = await tokenKeys(USER_ID, token);
    const stored = await env.CACHE.get(entry);
    expect(stored).not.toContain(token);
    expect(JSON.parse(stored!)).toMatchObject({ profile: { name: 'Ana' }, expiresAt: expect.any(Number) as number });
  });

  it.each([
    ['the default cap (900 s) below a 1-hour token', {}, 900],
    ['the token expiry (3600 s) below a raised cap', { TOKEN_CACHE_MAX_TTL_SECONDS: '7200' }, 3600],
    ['a lowered cap', { TOKEN_CACHE_MAX_TTL_SECONDS: '120' }, 120],
  ])('bounds the KV TTL by %s', async (_, overrides, ttl) => {
    const kv = probeKv();
    const skill = new SkillHarness(pki, { ...JWT_ENV, OAUTH_USERINFO_URL: undefined, ...overrides, CACHE: kv.kv });
    skill.serveChain();
    await turn(skill, order(await skill.provider.jwt(NOW)));
    const [options] = [...kv.putOptions].filter(([k]) => k.startsWith('tok:')).map(([, o]) => o);
    expect(options?.expirationTtl).toBe(ttl);
  });

  it('checks the stored expiry on every read: past it, the token is validated again', async () => {
    const skill = new SkillHarness(pki, { TOKEN_CACHE_MAX_TTL_SECONDS: '120' }).serveChain();
    const token = skill.provider.opaqueToken();
    await turn(skill, order(token));
    skill.now = new Date(NOW.getTime() + 119_000);
    await turn(skill, order(token, skill.now));
    expect(skill.provider.calls('userinfo')).toBe(1);
    skill.now = new Date(NOW.getTime() + 121_000);
    await turn(skill, order(token, skill.now));
    expect(skill.provider.calls('userinfo')).toBe(2);
  });

  it('ignores a KV entry whose stored expiry has passed, even if KV still holds it', async () => {
    const provider = new FakeRideHailer().install();
    const token = provider.opaqueToken();
    const { entry } = await tokenKeys(USER_ID, token);
    await env.CACHE.put(entry, JSON.stringify({ subject: 'x', profile: { ...ANA, name: 'Stale' }, expiresAt: NOW.getTime() - 1 }));
    const skill = new SkillHarness(pki, {}, provider).serveChain();
    const answer = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken: token }));
    expect(answer.speech).toContain('Contoso Tower');
    expect(provider.calls('userinfo')).toBe(1);
  });

  it('remembers a refused token for an hour, in memory and in KV under rej:<sha256(token)>: it is sent nowhere again', async () => {
    const kv = probeKv();
    const skill = new SkillHarness(pki, { CACHE: kv.kv }).serveChain();
    for (let i = 0; i < 5; i++) expect((await turn(skill, order('Atza|bad-token'))).card).toEqual({ type: 'LinkAccount' });
    expect(skill.provider.calls('userinfo')).toBe(1);
    const { refused } = await tokenKeys(USER_ID, 'Atza|bad-token');
    expect(kv.putOptions.get(refused)).toEqual({ expirationTtl: 3600 });
    expect(kv.ops.filter((op) => op.startsWith('put tok:'))).toEqual([]);

    // The same isolate 31 s and 59 minutes later, and a new isolate: still refused, nothing sent.
    for (const later of [31_000, 59 * 60_000]) {
      skill.now = new Date(NOW.getTime() + later);
      expect((await turn(skill, order('Atza|bad-token', skill.now))).card).toEqual({ type: 'LinkAccount' });
    }
    const fresh = new SkillHarness(pki, { CACHE: kv.kv }, skill.provider);
    fresh.now = new Date(NOW.getTime() + 59 * 60_000);
    expect((await turn(fresh, order('Atza|bad-token', fresh.now))).card).toEqual({ type: 'LinkAccount' });
    expect(skill.provider.calls('userinfo')).toBe(1);

    // Past the hour (the longest a Login with Amazon access token lives) it is asked about again.
    skill.now = new Date(NOW.getTime() + 3601_000);
    await turn(skill, order('Atza|bad-token', skill.now));
    expect(skill.provider.calls('userinfo')).toBe(2);
  });

  it('does not take a refusal it cannot read from KV for a refusal: the token is validated and served', async () => {
    const kv = probeKv();
    const first = new SkillHarness(pki, { CACHE: kv.kv }).serveChain();
    const token = first.provider.opaqueToken();
    const { refused } = await tokenKeys(USER_ID, token);
    await env.CACHE.put(refused, JSON.stringify({ until: NOW.getTime() + 3600_000 }));
    const second = new SkillHarness(pki, { CACHE: kv.kv }, first.provider);
    await turn(second, intentRequest('AMAZON.HelpIntent', {}, { timestamp: NOW }));
    kv.fail = 'throw';
    expect((await turn(second, order(token))).speech).toContain('Contoso Tower');
    expect(first.provider.calls('userinfo')).toBe(1);
  });

  it('shares one validation among concurrent requests with the same new token', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();
    await turn(skill, intentRequest('AMAZON.HelpIntent', {}, { timestamp: NOW }));
    const answers = await Promise.all(Array.from({ length: 6 }, () => turn(skill, order(token))));
    for (const answer of answers) expect(answer.speech).toContain('Contoso Tower');
    expect(skill.provider.calls('userinfo')).toBe(1);
    expect(skill.provider.calls('profile')).toBe(1);
  });

  it.each(['throw', 'hang'] as const)('validates live when KV reads %s, and still answers', async (mode) => {
    const kv = probeKv();
    const skill = new SkillHarness(pki, { CACHE: kv.kv }).serveChain();
    await turn(skill, intentRequest('AMAZON.HelpIntent', {}, { timestamp: NOW }));
    kv.fail = mode;
    const answer = await turn(skill, order(skill.provider.opaqueToken()));
    expect(answer.speech).toContain('Contoso Tower');
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'token_kv_read_failed' }));
  });

  it('stays within its default bound (1000) when 1200 distinct tokens go through the account service', async () => {
    const provider = new FakeRideHailer().install();
    // Only memory is under test. KV that refuses at once keeps 2,400 lookups from queueing on the
    // simulator's storage (a failed read is a miss, a failed write is dropped: packages/alexa-skill-workers/docs/caching.md, "Failures"),
    // which made this test's run time, not its result, depend on the machine's load.
    const kv = probeKv();
    kv.fail = 'throw';
    const cache = new TokenCache({ kv: kv.kv, log: captureLogs() });
    const { AccountService } = await import('../../packages/alexa-skill-workers/src/linking/account-service.ts');
    const { OpaqueValidator } = await import('../../packages/alexa-skill-workers/src/linking/opaque-validator.ts');
    const { RideHailerClient } = await import('../../src/skill/ride-hailer-client.ts');
    const { URLS } = await import('../support/provider.ts');
    // The provider is the in-process fake; a wall-clock timeout would only add load sensitivity here.
    const call = { fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init), timeoutMs: 5000 };
    const service = new AccountService({
      validator: new OpaqueValidator({ userinfoUrl: URLS.userinfo, ...call }),
      profile: new RideHailerClient(call, { profileUrl: URLS.profile, ridesUrl: URLS.rides }),
      cache,
      });
    const scope = { now: NOW, log: captureLogs() };
    for (let i = 0; i < 1200; i++) {
      const token = i % 2 ? provider.opaqueToken() : `Atza|rejected-${i}`;
      await service.resolve(`amzn1.ask.account.U${i}`, token, scope);
    }
    expect(cache.size.accounts).toBe(600);
    expect(cache.size.rejected).toBe(600);
    for (let i = 0; i < 1200; i++) await service.resolve(`amzn1.ask.account.V${i}`, provider.opaqueToken(), scope);
    expect(cache.size.accounts).toBe(1000);
  });

  it('makes a ref of hashes only: neither the token nor the user ID is in it', async () => {
    const cache = new TokenCache({ kv: probeKv().kv, log: captureLogs() });
    const ref = await cache.ref(USER_ID, 'Atza|secret-token');
    const held = JSON.stringify([ref.id, ...Object.getOwnPropertySymbols(ref).map((s) => (ref as unknown as Record<symbol, unknown>)[s])]);
    expect(held).not.toContain('secret-token');
    expect(held).not.toContain(USER_ID);
    expect((await cache.ref(USER_ID, 'Atza|secret-token')).id).toBe(ref.id);
    expect((await cache.ref(USER_ID, 'Atza|other-token')).id).not.toBe(ref.id);
  });

  it('hashes the user and the token once for a warm request (two digests)', async () => {
    const cache = new TokenCache({ kv: probeKv().kv, log: captureLogs() });
    const profile = { id: undefined, name: 'Ana', defaultLocations: {}, paymentMethod: undefined };
    cache.store(await cache.ref(USER_ID, 'Atza|warm'), { subject: undefined, profile, expiresAt: NOW.getTime() + 30_000 }, NOW);
    const { AccountService } = await import('../../packages/alexa-skill-workers/src/linking/account-service.ts');
    const refuse = () => Promise.reject(new Error('a warm token reaches no provider'));
    const service = new AccountService({
      validator: { timeoutMs: 2000, admit: refuse, validate: refuse },
      profile: { load: refuse, parse: () => undefined },
      cache,
      });
    const digest = vi.spyOn(crypto.subtle, 'digest');
    try {
      expect(await service.resolve(USER_ID, 'Atza|warm', { now: NOW, log: captureLogs() })).toMatchObject({ kind: 'linked' });
      expect(digest).toHaveBeenCalledTimes(2);
    } finally {
      digest.mockRestore();
    }
  });

  it('holds a bounded number of tokens in memory', async () => {
    const cache = new TokenCache({ kv: probeKv().kv, log: captureLogs(), maxEntries: 5 });
    const profile = { id: undefined, name: undefined, defaultLocations: {}, paymentMethod: undefined };
    for (let i = 0; i < 50; i++) {
      const ref = await cache.ref(USER_ID, `token-${i}`);
      cache.store(ref, { subject: undefined, profile, expiresAt: NOW.getTime() + 30_000 }, NOW);
      cache.rememberInvalid(ref, NOW);
    }
    expect(cache.size).toEqual({ accounts: 5, rejected: 5 });
  });
});
