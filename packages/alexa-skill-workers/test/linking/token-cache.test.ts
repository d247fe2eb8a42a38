import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AccountService, JwtValidator, OpaqueValidator } from '../../src/linking.ts';
import { TokenCache, type TokenOwner } from '../../src/linking/token-cache.ts';
import { tokenKeys } from '../../src/lib/kv-keys.ts';
import { createTestPki, intentRequest, recordingLogger, USER_ID, type TestPki } from '../../src/testing.ts';
import { KitHarness, NOW } from '../support/harness.ts';
import { probeKv, testKv } from '../support/kv.ts';
import { ANA, AUDIENCE, FakeProvider, ISSUER, profileApi, URLS } from '../support/provider.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const greet = (accessToken: string, timestamp = NOW) => intentRequest('GreetIntent', {}, { timestamp, accessToken });
const publicIntent = () => intentRequest('PublicIntent', {}, { timestamp: NOW });
const tokOps = (ops: string[]) => ops.filter((op) => / tok:/.test(op));
const jwtValidator = () => new JwtValidator({ jwksUrl: URLS.jwks, issuer: ISSUER, audience: AUDIENCE });

describe('token and profile cache', () => {
  it('answers a warm request with no provider call and no KV operation', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const kit = new KitHarness(pki, { kv: kv.kv, accounts: { profile: profileApi() } });
    const token = provider.opaqueToken();
    await kit.turn(greet(token));
    const calls = provider.totalCalls();
    const ops = kv.ops.length;
    for (let i = 0; i < 3; i++) expect((await kit.turn(greet(token))).speech).toBe('Hello, Ana.');
    expect(provider.totalCalls()).toBe(calls);
    expect(kv.ops.length).toBe(ops);
  });

  it('serves a new isolate from one KV read, with no provider call', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const first = new KitHarness(pki, { kv: kv.kv, accounts: { profile: profileApi() } });
    const token = provider.opaqueToken();
    await first.turn(greet(token));
    const calls = provider.totalCalls();

    const second = new KitHarness(pki, { kv: kv.kv, accounts: { profile: profileApi() } });
    kv.ops.length = 0;
    expect((await second.turn(greet(token))).speech).toBe('Hello, Ana.');
    expect(provider.totalCalls()).toBe(calls);
    expect(tokOps(kv.ops)).toEqual([expect.stringMatching(/^get tok:/)]);
  });

  it('writes keys made of hashes only: neither the token nor the user ID appears', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki);
    const token = provider.opaqueToken();
    expect((await kit.turn(intentRequest('ActIntent', {}, { timestamp: NOW, accessToken: token }))).speech).toMatch(/^done /);
    expect((await kit.turn(greet('Atza|refused-token'))).card).toBe('LinkAccount');
    const keys = (await testKv.list()).keys.map((k) => k.name);
    expect(keys.some((k) => k.startsWith('tok:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('attr:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('done:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('rej:'))).toBe(true);
    for (const key of keys) {
      expect(key).toMatch(/^(tok:[0-9a-f]{64}:[0-9a-f]{64}|attr:[0-9a-f]{64}|cert:[0-9a-f]{64}|jwks:[0-9a-f]{64}|done:[0-9a-f]{64}|rej:[0-9a-f]{64}|purge:[0-9a-f]{64})$/);
      expect(key).not.toContain(token.slice(5));
      expect(key).not.toContain('refused-token');
      expect(key).not.toContain(USER_ID);
    }
    const { entry } = await tokenKeys(USER_ID, token);
    const stored = await testKv.get(entry);
    expect(stored).not.toContain(token);
    expect(JSON.parse(stored!)).toMatchObject({ profile: { name: 'Ana' }, expiresAt: expect.any(Number) as number });
  });

  it.each([
    ['the default cap (900 s) below a 1-hour token', {}, 900],
    ['the token expiry (3600 s) below a raised cap', { maxTtlSeconds: 7200 }, 3600],
    ['a lowered cap', { maxTtlSeconds: 120 }, 120],
  ])('bounds the KV TTL by %s', async (_, accounts, ttl) => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const kit = new KitHarness(pki, { kv: kv.kv, validator: jwtValidator, accounts });
    await kit.turn(greet(await provider.jwt(NOW)));
    const [options] = [...kv.putOptions].filter(([k]) => k.startsWith('tok:')).map(([, o]) => o);
    expect(options?.expirationTtl).toBe(ttl);
  });

  it('checks the stored expiry on every read: past it, the token is validated again', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki, { accounts: { maxTtlSeconds: 120 } });
    const token = provider.opaqueToken();
    await kit.turn(greet(token));
    kit.now = new Date(NOW.getTime() + 119_000);
    await kit.turn(greet(token, kit.now));
    expect(provider.calls('userinfo')).toBe(1);
    kit.now = new Date(NOW.getTime() + 121_000);
    await kit.turn(greet(token, kit.now));
    expect(provider.calls('userinfo')).toBe(2);
  });

  it('ignores a KV entry whose stored expiry has passed, even if KV still holds it', async () => {
    const provider = new FakeProvider().install();
    const token = provider.opaqueToken();
    const { entry } = await tokenKeys(USER_ID, token);
    await testKv.put(entry, JSON.stringify({ subject: 'x', profile: { name: 'Stale' }, expiresAt: NOW.getTime() - 1 }));
    const kit = new KitHarness(pki);
    expect((await kit.turn(greet(token))).speech).toBe('Hello, Ana.');
    expect(provider.calls('userinfo')).toBe(1);
  });

  it('remembers a refused token for an hour, in memory and in KV under rej:<sha256(token)>: it is sent nowhere again', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const kit = new KitHarness(pki, { kv: kv.kv });
    for (let i = 0; i < 5; i++) expect((await kit.turn(greet('Atza|bad-token'))).card).toBe('LinkAccount');
    expect(provider.calls('userinfo')).toBe(1);
    const { refused } = await tokenKeys(USER_ID, 'Atza|bad-token');
    expect(kv.putOptions.get(refused)).toEqual({ expirationTtl: 3600 });
    expect(kv.ops.filter((op) => op.startsWith('put tok:'))).toEqual([]);

    // The same isolate 31 s and 59 minutes later, and a new isolate: still refused, nothing sent.
    for (const later of [31_000, 59 * 60_000]) {
      kit.now = new Date(NOW.getTime() + later);
      expect((await kit.turn(greet('Atza|bad-token', kit.now))).card).toBe('LinkAccount');
    }
    const fresh = new KitHarness(pki, { kv: kv.kv });
    fresh.now = new Date(NOW.getTime() + 59 * 60_000);
    expect((await fresh.turn(greet('Atza|bad-token', fresh.now))).card).toBe('LinkAccount');
    expect(provider.calls('userinfo')).toBe(1);

    // Past the hour (the longest a Login with Amazon access token lives) it is asked about again.
    kit.now = new Date(NOW.getTime() + 3601_000);
    await kit.turn(greet('Atza|bad-token', kit.now));
    expect(provider.calls('userinfo')).toBe(2);
  });

  it('remembers a refused token for refusedTtlSeconds when it is set', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const kit = new KitHarness(pki, { kv: kv.kv, accounts: { refusedTtlSeconds: 7200 } });
    await kit.turn(greet('Atza|bad-token'));
    expect(kv.putOptions.get((await tokenKeys(USER_ID, 'Atza|bad-token')).refused)).toEqual({ expirationTtl: 7200 });
    kit.now = new Date(NOW.getTime() + 3601_000);
    await kit.turn(greet('Atza|bad-token', kit.now));
    expect(provider.calls('userinfo')).toBe(1);
  });

  it('does not take a refusal it cannot read from KV for a refusal: the token is validated and served', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const token = provider.opaqueToken();
    const { refused } = await tokenKeys(USER_ID, token);
    await testKv.put(refused, JSON.stringify({ until: NOW.getTime() + 3600_000 }));
    const kit = new KitHarness(pki, { kv: kv.kv });
    await kit.turn(publicIntent());
    kv.fail = 'throw';
    expect((await kit.turn(greet(token))).speech).toBe('Hello, Ana.');
    expect(provider.calls('userinfo')).toBe(1);
  });

  it('shares one validation among concurrent requests with the same new token', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki, { accounts: { profile: profileApi() } });
    const token = provider.opaqueToken();
    await kit.turn(publicIntent());
    const answers = await Promise.all(Array.from({ length: 6 }, () => kit.turn(greet(token))));
    for (const answer of answers) expect(answer.speech).toBe('Hello, Ana.');
    expect(provider.calls('userinfo')).toBe(1);
    expect(provider.calls('profile')).toBe(1);
  });

  it.each(['throw', 'hang'] as const)('validates live when KV reads %s, and still answers', async (mode) => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const kit = new KitHarness(pki, { kv: kv.kv });
    await kit.turn(publicIntent());
    kv.fail = mode;
    expect((await kit.turn(greet(provider.opaqueToken()))).speech).toBe('Hello, Ana.');
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'token_kv_read_failed' }));
  });

  it('stays within its default bound (1000) when 1200 distinct tokens go through the account service', async () => {
    const provider = new FakeProvider().install();
    // Only memory is under test. KV that refuses at once keeps 2,400 lookups from queueing on the
    // simulator's storage (a failed read is a miss, a failed write is dropped: docs/caching.md, "Failures"),
    // which made this test's run time, not its result, depend on the machine's load.
    const kv = probeKv();
    kv.fail = 'throw';
    const cache = new TokenCache({ kv: kv.kv, log: recordingLogger() });
    // The provider is the in-process fake; a wall-clock timeout would only add load sensitivity here.
    const call = { fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init), timeoutMs: 5000 };
    const service = new AccountService({
      validator: new OpaqueValidator({ userinfoUrl: URLS.userinfo, ...call }),
      profile: profileApi(5000),
      cache,
    });
    const scope = { now: NOW, log: recordingLogger() };
    for (let i = 0; i < 1200; i++) {
      const token = i % 2 ? provider.opaqueToken() : `Atza|rejected-${i}`;
      await service.resolve(`amzn1.ask.account.U${i}`, token, scope);
    }
    expect(cache.size.accounts).toBe(600);
    expect(cache.size.rejected).toBe(600);
    for (let i = 0; i < 1200; i++) await service.resolve(`amzn1.ask.account.V${i}`, provider.opaqueToken(), scope);
    expect(cache.size.accounts).toBe(1000);
  });

  it('holds maxEntries accounts in memory when it is set: an evicted one is read from KV again', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const kit = new KitHarness(pki, { kv: kv.kv, accounts: { maxEntries: 2 } });
    const tokens = [provider.opaqueToken(), provider.opaqueToken(), provider.opaqueToken()];
    for (const token of tokens) await kit.turn(greet(token));
    kv.ops.length = 0;
    expect((await kit.turn(greet(tokens[2]!))).speech).toBe('Hello, Ana.');
    expect(tokOps(kv.ops)).toEqual([]);
    expect((await kit.turn(greet(tokens[0]!))).speech).toBe('Hello, Ana.');
    expect(tokOps(kv.ops)).toEqual([expect.stringMatching(/^get tok:/)]);
    expect(provider.calls('userinfo')).toBe(3);
  });

  it('makes a ref of hashes only: neither the token nor the user ID is in it', async () => {
    const cache = new TokenCache({ kv: probeKv().kv, log: recordingLogger() });
    const ref = await cache.ref(USER_ID, 'Atza|secret-token');
    const held = JSON.stringify([ref.id, ...Object.getOwnPropertySymbols(ref).map((s) => (ref as unknown as Record<symbol, unknown>)[s])]);
    expect(held).not.toContain('secret-token');
    expect(held).not.toContain(USER_ID);
    expect((await cache.ref(USER_ID, 'Atza|secret-token')).id).toBe(ref.id);
    expect((await cache.ref(USER_ID, 'Atza|other-token')).id).not.toBe(ref.id);
  });

  it('hashes nothing for a warm request: its account is found in memory by the owner and token themselves', async () => {
    const cache = new TokenCache({ kv: probeKv().kv, log: recordingLogger() });
    cache.store(await cache.ref(USER_ID, 'Atza|warm'), { subject: undefined, profile: { name: ANA.name }, expiresAt: NOW.getTime() + 30_000 }, NOW);
    const refuse = () => Promise.reject(new Error('a warm token reaches no provider'));
    const service = new AccountService({
      validator: { timeoutMs: 2000, admit: refuse, validate: refuse },
      profile: { load: refuse, parse: () => undefined },
      cache,
    });
    const digest = vi.spyOn(crypto.subtle, 'digest');
    try {
      expect(await service.resolve(USER_ID, 'Atza|warm', { now: NOW, log: recordingLogger() })).toMatchObject({ kind: 'linked' });
      expect(digest).not.toHaveBeenCalled();
      // A token not in memory is hashed (user and token: two digests) to look in KV.
      expect(await service.peek(USER_ID, 'Atza|cold', { now: NOW, log: recordingLogger() })).toBeUndefined();
      expect(digest).toHaveBeenCalledTimes(2);
    } finally {
      digest.mockRestore();
    }
  });

  it('keeps no two owners and tokens under one memory key, however their parts are cut', async () => {
    const cache = new TokenCache({ kv: probeKv().kv, log: recordingLogger() });
    // Each pair would be one string if the parts were only joined.
    const owners: [TokenOwner, string][] = [
      [{ userId: 'a', personId: 'bc' }, 'd'],
      [{ userId: 'ab', personId: 'c' }, 'd'],
      [{ userId: 'a', personId: 'b' }, 'cd'],
      [{ userId: 'a' }, 'bcd'],
      [{ userId: 'a' }, '2:bctd'],
      [{ userId: 'ap2:bc' }, 'd'],
      [{ userId: 'a', personId: '' }, 'bcd'],
    ];
    for (const [i, [owner, token]] of owners.entries()) {
      cache.store(await cache.ref(owner, token), { subject: `s${i}`, profile: {}, expiresAt: NOW.getTime() + 30_000 }, NOW);
    }
    for (const [i, [owner, token]] of owners.entries()) {
      expect(cache.fromMemoryOf(owner, token, NOW)?.subject, JSON.stringify([owner, token])).toBe(`s${i}`);
    }
    expect(cache.size.accounts).toBe(owners.length);
  });

  it("drops a purged user's accounts from memory, every person's included, and no other user's", async () => {
    const { kv } = probeKv();
    const cache = new TokenCache({ kv, log: recordingLogger() });
    const keep = { subject: 'other', profile: {}, expiresAt: NOW.getTime() + 30_000 };
    const gone = { subject: 'gone', profile: {}, expiresAt: NOW.getTime() + 30_000 };
    cache.store(await cache.ref(USER_ID, 'account-token'), gone, NOW);
    cache.store(await cache.ref({ userId: USER_ID, personId: 'amzn1.ask.person.ANA' }, 'person-token'), gone, NOW);
    cache.store(await cache.ref(`${USER_ID}X`, 'account-token'), keep, NOW);
    await cache.forgetUser(USER_ID, { now: NOW, log: recordingLogger() });
    expect(cache.fromMemoryOf(USER_ID, 'account-token', NOW)).toBeUndefined();
    expect(cache.fromMemoryOf({ userId: USER_ID, personId: 'amzn1.ask.person.ANA' }, 'person-token', NOW)).toBeUndefined();
    expect(cache.fromMemoryOf(`${USER_ID}X`, 'account-token', NOW)).toBe(keep);
  });

  it('holds a bounded number of tokens in memory', async () => {
    const cache = new TokenCache({ kv: probeKv().kv, log: recordingLogger(), maxEntries: 5 });
    for (let i = 0; i < 50; i++) {
      const ref = await cache.ref(USER_ID, `token-${i}`);
      cache.store(ref, { subject: undefined, profile: {}, expiresAt: NOW.getTime() + 30_000 }, NOW);
      cache.rememberInvalid(ref, NOW);
    }
    expect(cache.size).toEqual({ accounts: 5, rejected: 5 });
  });
});
