import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccountService, callWithToken, OpaqueValidator, type LinkedAccount } from '../../src/linking.ts';
import type { RequestContext } from '../../src/core/context.ts';
import { TokenCache } from '../../src/linking/token-cache.ts';
import { recordingLogger, USER_ID } from '../../src/testing.ts';
import { NOW } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { FakeProvider, profileApi, URLS } from '../support/provider.ts';

/**
 * `AccountService.useToken` (how a skill calls the user's service with their token) answers with a
 * result union, like `resolve`: a `LinkingError` from the service becomes `invalid` or
 * `unavailable` (logged once, as the call's event), and anything else is a bug that propagates.
 * It takes the linked account `resolve` returned, never a string.
 */
type Act = (token: string) => Promise<unknown>;

/** KV writes the account service left to `waitUntil`, settled before the next test empties KV. */
const writes: Promise<unknown>[] = [];
afterEach(async () => {
  await Promise.allSettled(writes.splice(0));
});

function setUp(actWith?: Act) {
  const provider = new FakeProvider().install();
  const log = recordingLogger();
  const kv = probeKv();
  const cache = new TokenCache({ kv: kv.kv, log });
  // The provider is the in-process fake; a wall-clock timeout would only add load sensitivity here.
  const call = { fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init), timeoutMs: 5000 };
  const act: Act = actWith ?? (async (bearer) => (await callWithToken(call, URLS.service, bearer, { method: 'POST', json: {} })).body);
  const service = new AccountService({
    validator: new OpaqueValidator({ userinfoUrl: URLS.userinfo, ...call }),
    profile: profileApi(5000),
    cache,
  });
  const scope: RequestContext = { now: NOW, log, waitUntil: (p) => writes.push(p) };
  const actFor = async (token: string) => {
    const account = await service.resolve(USER_ID, token, scope);
    if (account.kind !== 'linked') throw new Error(`the test's token resolved as ${account.kind}`);
    return service.useToken(account, { run: act, event: 'act_failed' }, scope);
  };
  return { provider, log, kv, cache, service, scope, actFor, settle: () => Promise.all(writes.splice(0)) };
}

describe('calling the user\'s service through the account service', () => {
  it('answers "done" with what the service answered', async () => {
    const { provider, actFor } = setUp();
    const token = provider.opaqueToken();
    expect(await actFor(token)).toEqual({ kind: 'done', value: { id: 'act-1' } });
  });

  it('answers "invalid" when the service refuses the token, and forgets the token in memory and KV', async () => {
    const { provider, log, kv, cache, service, scope, settle, actFor } = setUp();
    const token = provider.opaqueToken();
    expect(await service.resolve(USER_ID, token, scope)).toMatchObject({ kind: 'linked' });
    await settle();
    const ref = await cache.ref(USER_ID, token);
    expect(await cache.fromKv(ref, NOW)).toBeDefined();
    provider.revoke(token);

    expect(await actFor(token)).toEqual({ kind: 'invalid' });
    expect(cache.fromMemoryOf(USER_ID, token, NOW)).toBeUndefined();
    expect(await cache.fromKv(ref, NOW)).toBeUndefined();
    expect(kv.ops).toContain(`delete ${ref.id}`);
    const calls = provider.totalCalls();
    expect(await service.resolve(USER_ID, token, scope)).toEqual({ kind: 'invalid' });
    expect(provider.totalCalls()).toBe(calls);
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', event: 'act_failed', code: 'TOKEN_INVALID' }));
  });

  it('answers "unavailable" when the service is down, and keeps the token', async () => {
    const { provider, log, cache, service, scope, actFor } = setUp();
    const token = provider.opaqueToken();
    expect(await service.resolve(USER_ID, token, scope)).toMatchObject({ kind: 'linked' });
    provider.override('service', () => new Response('down', { status: 503 }));

    expect(await actFor(token)).toEqual({ kind: 'unavailable' });
    expect(cache.fromMemoryOf(USER_ID, token, NOW)).toBeDefined();
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', event: 'act_failed', code: 'PROVIDER_UNAVAILABLE' }));
  });

  it('logs a failed call as account_call_failed when the call names no event', async () => {
    const { provider, log, service, scope } = setUp();
    const linked = await service.resolve(USER_ID, provider.opaqueToken(), scope);
    if (linked.kind !== 'linked') throw new Error('the token should resolve');
    provider.override('service', () => new Response('down', { status: 503 }));
    const call = { fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init), timeoutMs: 5000 };
    expect(await service.useToken(linked, (bearer) => callWithToken(call, URLS.service, bearer, { method: 'POST' }), scope)).toEqual({ kind: 'unavailable' });
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', event: 'account_call_failed', code: 'PROVIDER_UNAVAILABLE' }));
  });

  it('lets a bug (a TypeError) propagate instead of calling it an account problem', async () => {
    const bug = new TypeError('a bug in the client');
    const { provider, log, actFor } = setUp(() => Promise.reject(bug));
    await expect(actFor(provider.opaqueToken())).rejects.toBe(bug);
    expect(log.lines.filter((line) => line.event === 'act_failed')).toEqual([]);
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
    expect(provider.calls('service')).toBe(0);
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
