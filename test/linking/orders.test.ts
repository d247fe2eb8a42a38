import { describe, expect, it, vi } from 'vitest';
import { AccountService, type LinkedAccount } from '../../packages/alexa-skill-workers/src/linking/account-service.ts';
import type { RequestContext } from '../../packages/alexa-skill-workers/src/core/context.ts';
import { OpaqueValidator } from '../../packages/alexa-skill-workers/src/linking/opaque-validator.ts';
import { RideHailerClient } from '../../src/skill/ride-hailer-client.ts';
import { TokenCache } from '../../packages/alexa-skill-workers/src/linking/token-cache.ts';
import { USER_ID } from '../../packages/alexa-skill-workers/src/testing/envelopes.ts';
import { NOW } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { captureLogs } from '../support/logs.ts';
import { FakeRideHailer, URLS } from '../support/provider.ts';

/**
 * `AccountService.useToken` (how the skill orders a ride) answers with a result union, like
 * `resolve`: a `LinkingError` from the rides API becomes `invalid` or `unavailable` (logged once, as `ride_order_failed`), and anything
 * else is a bug that propagates. It takes the linked account `resolve` returned, never a string.
 */
const RIDE = { destination: 'work', idempotencyKey: 'k-1' };

function setUp(orderWith?: Pick<RideHailerClient, 'orderRide'>) {
  const provider = new FakeRideHailer().install();
  const log = captureLogs();
  const kv = probeKv();
  const cache = new TokenCache({ kv: kv.kv, log });
  // The provider is the in-process fake; a wall-clock timeout would only add load sensitivity here.
  const call = { fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init), timeoutMs: 5000 };
  const rides = new RideHailerClient(call, { profileUrl: URLS.profile, ridesUrl: URLS.rides });
  const client = orderWith ?? rides;
  const service = new AccountService({
    validator: new OpaqueValidator({ userinfoUrl: URLS.userinfo, ...call }),
    profile: rides,
    cache,
  });
  const writes: Promise<unknown>[] = [];
  const scope: RequestContext = { now: NOW, log, waitUntil: (p) => writes.push(p) };
  const orderRide = async (token: string) => {
    const account = await service.resolve(USER_ID, token, scope);
    if (account.kind !== 'linked') throw new Error(`the test's token resolved as ${account.kind}`);
    return service.useToken(account, { run: (bearer) => client.orderRide(bearer, RIDE), event: 'ride_order_failed' }, scope);
  };
  return { provider, log, kv, cache, service, scope, orderRide, settle: () => Promise.all(writes) };
}

describe('ordering a ride through the account service', () => {
  it('answers "ordered" with the ride the API accepted', async () => {
    const { provider, orderRide } = setUp();
    const token = provider.opaqueToken();
    expect(await orderRide(token)).toEqual({ kind: 'done', value: { id: 'ride-1', etaMinutes: 7 } });
  });

  it('answers "invalid" when the API refuses the token, and forgets the token in memory and KV', async () => {
    const { provider, log, kv, cache, service, scope, settle, orderRide } = setUp();
    const token = provider.opaqueToken();
    expect(await service.resolve(USER_ID, token, scope)).toMatchObject({ kind: 'linked' });
    await settle();
    const ref = await cache.ref(USER_ID, token);
    expect(await cache.fromKv(ref, NOW)).toBeDefined();
    provider.revoke(token);

    expect(await orderRide(token)).toEqual({ kind: 'invalid' });
    expect(cache.fromMemory(ref, NOW)).toBeUndefined();
    expect(await cache.fromKv(ref, NOW)).toBeUndefined();
    expect(kv.ops).toContain(`delete ${ref.id}`);
    const calls = provider.totalCalls();
    expect(await service.resolve(USER_ID, token, scope)).toEqual({ kind: 'invalid' });
    expect(provider.totalCalls()).toBe(calls);
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', event: 'ride_order_failed', code: 'TOKEN_INVALID' }));
  });

  it('answers "unavailable" when the rides API is down, and keeps the token', async () => {
    const { provider, log, cache, service, scope, orderRide } = setUp();
    const token = provider.opaqueToken();
    expect(await service.resolve(USER_ID, token, scope)).toMatchObject({ kind: 'linked' });
    provider.override('rides', () => new Response('down', { status: 503 }));

    expect(await orderRide(token)).toEqual({ kind: 'unavailable' });
    expect(cache.fromMemory(await cache.ref(USER_ID, token), NOW)).toBeDefined();
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', event: 'ride_order_failed', code: 'PROVIDER_UNAVAILABLE' }));
  });

  it('lets a bug (a TypeError) propagate instead of calling it an account problem', async () => {
    const bug = new TypeError('a bug in the client');
    const { provider, log, orderRide } = setUp({ orderRide: () => Promise.reject(bug) });
    await expect(orderRide(provider.opaqueToken())).rejects.toBe(bug);
    expect(log.lines.filter((line) => line.event === 'ride_order_failed')).toEqual([]);
  });
});

describe('useToken calls only with a token resolve() validated', () => {
  it('refuses, by type, a token given as a string', async () => {
    const { provider, service, scope } = setUp();
    const call = vi.fn(() => Promise.resolve('called'));
    // @ts-expect-error: the owner and a raw token are no longer what useToken takes.
    const attempt = () => service.useToken(USER_ID, provider.opaqueToken(), call, scope);
    await expect(attempt()).rejects.toMatchObject({ code: 'API_MISUSE' });
    expect(call).not.toHaveBeenCalled();
  });

  it.each([
    ['a copy of a linked account (spread)', (linked: LinkedAccount) => ({ ...linked, credential: { ...linked.credential } })],
    ['a linked account read back from JSON', (linked: LinkedAccount) => JSON.parse(JSON.stringify(linked)) as LinkedAccount],
    ['a hand-made one', (linked: LinkedAccount) => ({ kind: 'linked', account: linked.account, credential: {} }) as unknown as LinkedAccount],
  ])('refuses, at run time, %s: UsageError (API_MISUSE), and the call never runs', async (_, forge) => {
    const { provider, service, scope } = setUp();
    const linked = await service.resolve(USER_ID, provider.opaqueToken(), scope);
    if (linked.kind !== 'linked') throw new Error('the token should resolve');
    const call = vi.fn(() => Promise.resolve('called'));
    await expect(service.useToken(forge(linked), call, scope)).rejects.toMatchObject({ code: 'API_MISUSE' });
    expect(call).not.toHaveBeenCalled();
    expect(provider.calls('rides')).toBe(0);
  });

  it('hands the call the token that was validated, and keeps it out of the account\'s JSON', async () => {
    const { provider, service, scope } = setUp();
    const token = provider.opaqueToken();
    const linked = await service.resolve(USER_ID, token, scope);
    if (linked.kind !== 'linked') throw new Error('the token should resolve');
    expect(JSON.stringify(linked)).not.toContain(token);
    expect(await service.useToken(linked, (bearer) => Promise.resolve(bearer === token), scope)).toEqual({ kind: 'done', value: true });
  });
});
