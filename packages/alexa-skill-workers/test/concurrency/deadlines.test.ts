import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../../src/ask-sdk.ts';
import { AccountService, JwtValidator, OpaqueValidator } from '../../src/linking.ts';
import { recordingLogger } from '../../src/testing.ts';
import { NOW } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { AUDIENCE, FakeProvider, ISSUER, profileApi, URLS } from '../support/provider.ts';

/**
 * Work shared between requests whose I/O never settles (on Workers: the request that started it was
 * canceled). Every waiter gets its own layer's error at its own deadline, never a hang, a 500 or
 * an unhandled rejection. Deadlines are injected and short; nothing here measures time.
 */
const DEADLINE_MS = 20;
const never = () => new Promise<never>(() => undefined);
const at = (now: Date) => ({ now, log: recordingLogger() });

describe('waiting for work another request started', () => {
  it('a token validation that never finishes: both requests hear "unavailable" at their deadline', async () => {
    const provider = new FakeProvider().install();
    provider.override('userinfo', never).override('profile', never);
    const call = { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), timeoutMs: 2000 };
    const log = recordingLogger();
    const service = new AccountService({
      validator: new OpaqueValidator({ userinfoUrl: URLS.userinfo, ...call }),
      profile: profileApi(),
      kv: probeKv().kv,
      log,
      waitDeadlineMs: DEADLINE_MS,
    });
    const token = provider.opaqueToken();
    const scope = { now: NOW, log };
    const answers = await Promise.all([
      service.resolve('amzn1.ask.account.A', token, scope),
      service.resolve('amzn1.ask.account.A', token, scope),
    ]);
    expect(answers).toEqual([{ kind: 'unavailable' }, { kind: 'unavailable' }]);
    expect(provider.calls('userinfo')).toBe(1);
    expect(log.lines.filter((line) => line.event === 'provider_unavailable')).toHaveLength(2);
  });

  it('a JWKS setup whose KV read never answers: both validations fail PROVIDER_UNAVAILABLE at their deadline', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    kv.fail = 'hang';
    const validator = new JwtValidator({
      jwksUrl: URLS.jwks,
      issuer: ISSUER,
      audience: AUDIENCE,
      fetch: (input, init) => fetch(input, init),
      kv: kv.kv,
      timeoutMs: 1000,
      log: recordingLogger(),
      keysWaitDeadlineMs: DEADLINE_MS,
    });
    const token = await provider.jwt(NOW);
    const results = await Promise.allSettled([validator.validate(token, at(NOW)), validator.validate(token, at(NOW))]);
    for (const result of results) {
      expect(result).toMatchObject({ status: 'rejected', reason: { code: 'PROVIDER_UNAVAILABLE' } });
    }
    expect(kv.count('get')).toBe(1);
    expect(provider.calls('jwks')).toBe(0);
  });

  it('a side effect that never finishes: a replayed copy gets DEADLINE_EXCEEDED at its deadline', async () => {
    const guard = new ReplayGuard({ kv: probeKv().kv, waitDeadlineMs: DEADLINE_MS });
    const scope = at(NOW);
    let acts = 0;
    const act = () => {
      acts++;
      return never();
    };
    const results = await Promise.allSettled([guard.once('req-1', act, scope), guard.once('req-1', act, scope)]);
    for (const result of results) {
      expect(result).toMatchObject({ status: 'rejected', reason: { code: 'DEADLINE_EXCEEDED' } });
    }
    expect(acts).toBe(1);
  });
});
