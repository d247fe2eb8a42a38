import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';
import { AccountService } from '../../packages/alexa-skill-workers/src/linking/account-service.ts';
import { JwtValidator } from '../../packages/alexa-skill-workers/src/linking/jwt-validator.ts';
import { OpaqueValidator } from '../../packages/alexa-skill-workers/src/linking/opaque-validator.ts';
import { RideHailerClient } from '../../src/skill/ride-hailer-client.ts';
import { ReplayGuard } from '../../packages/alexa-skill-workers/src/ask-sdk/replay-guard.ts';
import { createTestPki, type TestPki } from '../../packages/alexa-skill-workers/src/testing/pki.ts';
import { NOW, SkillHarness } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { captureLogs, contextAt } from '../support/logs.ts';
import { JWT_ENV, URLS } from '../support/provider.ts';

/**
 * Work shared between requests whose I/O never settles (on Workers: the request that started it was
 * canceled). Every waiter gets its own layer's error at its own deadline, never a hang, a 500 or
 * an unhandled rejection. Deadlines are injected and short; nothing here measures time.
 */
const DEADLINE_MS = 20;
const never = () => new Promise<never>(() => undefined);

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

describe('waiting for work another request started', () => {
  it('a token validation that never finishes: both requests hear "unavailable" at their deadline', async () => {
    const harness = new SkillHarness(pki);
    harness.provider.override('userinfo', never).override('profile', never);
    const call = { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), timeoutMs: 2000 };
    const log = captureLogs();
    const service = new AccountService({
      validator: new OpaqueValidator({ userinfoUrl: URLS.userinfo, ...call }),
      profile: new RideHailerClient(call, { profileUrl: URLS.profile, ridesUrl: URLS.rides }),
      kv: probeKv().kv,
      log,
      waitDeadlineMs: DEADLINE_MS,
    });
    const token = harness.provider.opaqueToken();
    const scope = { now: NOW, log };
    const answers = await Promise.all([
      service.resolve('amzn1.ask.account.A', token, scope),
      service.resolve('amzn1.ask.account.A', token, scope),
    ]);
    expect(answers).toEqual([{ kind: 'unavailable' }, { kind: 'unavailable' }]);
    expect(harness.provider.calls('userinfo')).toBe(1);
    expect(log.lines.filter((line) => line.event === 'provider_unavailable')).toHaveLength(2);
  });

  it('a JWKS setup whose KV read never answers: both validations fail PROVIDER_UNAVAILABLE at their deadline', async () => {
    const harness = new SkillHarness(pki, { ...JWT_ENV, OAUTH_USERINFO_URL: undefined });
    const kv = probeKv();
    kv.fail = 'hang';
    const tokens = parseConfig({ ...harness.env }).tokens;
    if (tokens.mode !== 'jwt') throw new Error('JWT settings expected');
    const validator = new JwtValidator({
      ...tokens,
      fetch: (input, init) => fetch(input, init),
      kv: kv.kv,
      timeoutMs: 1000,
      log: captureLogs(),
      keysWaitDeadlineMs: DEADLINE_MS,
    });
    const token = await harness.provider.jwt(NOW);
    const results = await Promise.allSettled([validator.validate(token, contextAt(NOW)), validator.validate(token, contextAt(NOW))]);
    for (const result of results) {
      expect(result).toMatchObject({ status: 'rejected', reason: { code: 'PROVIDER_UNAVAILABLE' } });
    }
    expect(kv.count('get')).toBe(1);
    expect(harness.provider.calls('jwks')).toBe(0);
  });

  it('a side effect that never finishes: a replayed copy gets DEADLINE_EXCEEDED at its deadline', async () => {
    const guard = new ReplayGuard({ kv: probeKv().kv, waitDeadlineMs: DEADLINE_MS });
    const scope = { now: NOW, log: captureLogs() };
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
