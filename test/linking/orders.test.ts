import { describe, expect, it } from 'vitest';
import { AccountService, type RequestScope } from '../../src/kit/linking/account-service.ts';
import { OpaqueValidator } from '../../src/kit/linking/opaque-validator.ts';
import { RideHailerClient } from '../../src/skill/ride-hailer-client.ts';
import { TokenCache } from '../../src/kit/linking/token-cache.ts';
import { USER_ID } from '../../src/kit/testing/envelopes.ts';
import { NOW } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { captureLogs } from '../support/logs.ts';
import { FakeRideHailer, URLS } from '../support/provider.ts';

/**
 * `AccountService.orderRide` answers with a result union, like `resolve`: a `LinkingError` from the
 * rides API becomes `invalid` or `unavailable` (logged once, as `ride_order_failed`), and anything
 * else is a bug that propagates.
 */
const RIDE = { destination: 'work', idempotencyKey: 'k-1' };

function setUp(client?: RideHailerClient) {
  const provider = new FakeRideHailer().install();
  const log = captureLogs();
  const kv = probeKv();
  const cache = new TokenCache({ kv: kv.kv, log });
  // The provider is the in-process fake; a wall-clock timeout would only add load sensitivity here.
  const call = { fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init), timeoutMs: 60_000 };
  const service = new AccountService({
    validator: new OpaqueValidator({ mode: 'opaque', userinfoUrl: URLS.userinfo, lwaClientId: undefined }, call),
    client: client ?? new RideHailerClient(call, { profileUrl: URLS.profile, ridesUrl: URLS.rides }),
    cache,
    maxTtlSeconds: 900,
  });
  const writes: Promise<unknown>[] = [];
  const scope: RequestScope = { now: NOW, log, waitUntil: (p) => writes.push(p) };
  return { provider, log, kv, cache, service, scope, settle: () => Promise.all(writes) };
}

describe('ordering a ride through the account service', () => {
  it('answers "ordered" with the ride the API accepted', async () => {
    const { provider, service, scope } = setUp();
    const token = provider.opaqueToken();
    expect(await service.orderRide(USER_ID, token, RIDE, scope)).toEqual({ kind: 'ordered', ride: { id: 'ride-1', etaMinutes: 7 } });
  });

  it('answers "invalid" when the API refuses the token, and forgets the token in memory and KV', async () => {
    const { provider, log, kv, cache, service, scope, settle } = setUp();
    const token = provider.opaqueToken();
    expect(await service.resolve(USER_ID, token, scope)).toMatchObject({ kind: 'linked' });
    await settle();
    const ref = await cache.ref(USER_ID, token);
    expect(await cache.fromKv(ref, NOW)).toBeDefined();
    provider.revoke(token);

    expect(await service.orderRide(USER_ID, token, RIDE, scope)).toEqual({ kind: 'invalid' });
    expect(cache.fromMemory(ref, NOW)).toBeUndefined();
    expect(await cache.fromKv(ref, NOW)).toBeUndefined();
    expect(kv.ops).toContain(`delete ${ref.id}`);
    const calls = provider.totalCalls();
    expect(await service.resolve(USER_ID, token, scope)).toEqual({ kind: 'invalid' });
    expect(provider.totalCalls()).toBe(calls);
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', event: 'ride_order_failed', code: 'TOKEN_INVALID' }));
  });

  it('answers "unavailable" when the rides API is down, and keeps the token', async () => {
    const { provider, log, cache, service, scope } = setUp();
    const token = provider.opaqueToken();
    expect(await service.resolve(USER_ID, token, scope)).toMatchObject({ kind: 'linked' });
    provider.override('rides', () => new Response('down', { status: 503 }));

    expect(await service.orderRide(USER_ID, token, RIDE, scope)).toEqual({ kind: 'unavailable' });
    expect(cache.fromMemory(await cache.ref(USER_ID, token), NOW)).toBeDefined();
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', event: 'ride_order_failed', code: 'PROVIDER_UNAVAILABLE' }));
  });

  it('lets a bug (a TypeError) propagate instead of calling it an account problem', async () => {
    const bug = new TypeError('a bug in the client');
    const client = { orderRide: () => Promise.reject(bug) } as unknown as RideHailerClient;
    const { log, service, scope } = setUp(client);
    await expect(service.orderRide(USER_ID, 'Atza|any', RIDE, scope)).rejects.toBe(bug);
    expect(log.lines.filter((line) => line.event === 'ride_order_failed')).toEqual([]);
  });
});
