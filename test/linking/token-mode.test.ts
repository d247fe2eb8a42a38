import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';
import type { Logger } from 'alexa-skill-workers';
import { JwtValidator, OpaqueValidator } from 'alexa-skill-workers/linking';
import { SKILL_ID } from 'alexa-skill-workers/testing';
import { parseTokenSettings, tokenValidator, type TokenSettings } from '../../src/config/tokens.ts';
import { NOW } from '../support/harness.ts';
import { ANA, FakeRideHailer, JWT_ENV, OPAQUE_ENV } from '../support/provider.ts';
import { contextAt } from '../support/logs.ts';

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const deps = { kv: env.CACHE, timeoutMs: 2000, log: silent, allowDevelopmentTrust: true };
const DEV = { allowDevelopmentTrust: true };

/** Only the token settings: what the bench's Node anchor has, with no skill ID, KV or API URLs. */
const JWT_ONLY = { OAUTH_JWKS_URL: JWT_ENV.OAUTH_JWKS_URL, OAUTH_ISSUER: JWT_ENV.OAUTH_ISSUER, OAUTH_AUDIENCE: JWT_ENV.OAUTH_AUDIENCE };
const OPAQUE_ONLY = { OAUTH_USERINFO_URL: OPAQUE_ENV.OAUTH_USERINFO_URL };

describe('token mode: chosen in one place, each mode parsing its own settings', () => {
  it.each([
    ['JWT', JWT_ONLY, JWT_ENV],
    ['opaque', OPAQUE_ONLY, OPAQUE_ENV],
  ] as const)('reads %s mode from the token settings alone, as the Worker configuration does', (_, only, full) => {
    const settings: TokenSettings = only;
    expect(parseTokenSettings(settings, DEV)).toEqual(parseConfig({ ALEXA_SKILL_ID: SKILL_ID, CACHE: env.CACHE, ...full }).tokens);
  });

  it('builds a local JWT validator for JWT mode, which checks tokens against the JWKS and never calls userinfo', async () => {
    const provider = new FakeRideHailer().install();
    const validator = tokenValidator(parseTokenSettings(JWT_ONLY, DEV), deps);
    expect(validator).toBeInstanceOf(JwtValidator);
    // The key set's KV copy is written in the background: settled here, before the next test empties KV.
    const writes: Promise<unknown>[] = [];
    const ctx = { ...contextAt(NOW), waitUntil: (promise: Promise<unknown>) => void writes.push(promise) };
    await expect(validator.validate(await provider.jwt(NOW), ctx)).resolves.toMatchObject({ subject: ANA.id });
    await Promise.all(writes);
    expect(provider.calls('jwks')).toBe(1);
    expect(provider.calls('userinfo')).toBe(0);
    // Its gate is the whole (local) verification: a bad token is refused before anything else may see it.
    await expect(validator.admit(await provider.jwt(NOW, { aud: 'someone-else' }), contextAt(NOW))).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('builds a remote validator for opaque mode, which asks the userinfo endpoint', async () => {
    const provider = new FakeRideHailer().install();
    const validator = tokenValidator(parseTokenSettings(OPAQUE_ONLY, DEV), deps);
    expect(validator).toBeInstanceOf(OpaqueValidator);
    // Without LWA_CLIENT_ID there is nothing to check first: the gate asks nobody, the rest asks userinfo.
    const rest = await validator.admit(provider.opaqueToken(), contextAt(NOW));
    expect(provider.totalCalls()).toBe(0);
    await expect(rest()).resolves.toMatchObject({ subject: ANA.id });
    expect(provider.calls('userinfo')).toBe(1);
    expect(provider.calls('jwks')).toBe(0);
  });
});

describe('LWA_TOKENINFO_URL in a build that refuses development trust (allowDevelopmentTrust: false)', () => {
  const LOCAL = { LWA_CLIENT_ID: 'amzn1.application-oa2-client.dev', LWA_TOKENINFO_URL: 'http://localhost:8791/auth/o2/tokeninfo' };

  it.each([
    ['opaque', OPAQUE_ONLY],
    ['JWT', JWT_ONLY],
  ] as const)('is a ConfigError naming it in %s mode, never quoting its value', (_, settings) => {
    const error = (() => {
      try {
        parseTokenSettings({ ...settings, ...LOCAL }, { allowDevelopmentTrust: false });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ name: 'ConfigError', code: 'CONFIG_INVALID', setting: 'LWA_TOKENINFO_URL' });
    expect((error as Error).message).not.toContain('localhost');
  });

  it('is honoured with allowDevelopmentTrust: true, as npm run dev needs', () => {
    expect(parseTokenSettings({ ...OPAQUE_ONLY, ...LOCAL }, DEV)).toMatchObject({ mode: 'lwa', tokeninfoUrl: LOCAL.LWA_TOKENINFO_URL });
  });
});
