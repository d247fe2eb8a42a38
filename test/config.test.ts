import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from 'alexa-skill-workers/testing';
import { ConfigError, parseConfig } from '../src/config/config.ts';
import { runtimeFor } from '../src/runtime.ts';
import { SKILL_ID } from 'alexa-skill-workers/testing';
import { JWT_ENV, LWA_CLIENT_ID, OPAQUE_ENV } from './support/provider.ts';

const base = { ALEXA_SKILL_ID: SKILL_ID, CACHE: env.CACHE };
const parse = (overrides: Record<string, string | undefined>) => parseConfig({ ...base, ...overrides });

function settingOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).setting;
  }
  return undefined;
}

describe('configuration', () => {
  it('reads opaque mode, with defaults for the cache cap and the provider timeout', () => {
    const config = parse(OPAQUE_ENV);
    expect(config.tokens).toEqual({ mode: 'opaque', userinfoUrl: OPAQUE_ENV.OAUTH_USERINFO_URL });
    expect(config.tokenCacheMaxTtlSeconds).toBe(900);
    expect(config.providerTimeoutMs).toBe(2000);
    expect(config.verifier).toEqual({ skillId: SKILL_ID, trustedRootsPem: undefined, devCertChainPem: undefined, allowDevelopmentTrust: true });
  });

  it('reads Login with Amazon mode', () => {
    const config = parse({ ...OPAQUE_ENV, OAUTH_USERINFO_URL: 'https://api.amazon.com/user/profile', LWA_CLIENT_ID });
    expect(config.tokens).toEqual({ mode: 'lwa', clientId: LWA_CLIENT_ID, userinfoUrl: 'https://api.amazon.com/user/profile', tokeninfoUrl: undefined });
  });

  it('reads JWT mode with explicit algorithms', () => {
    const config = parse({ ...JWT_ENV, OAUTH_JWT_ALGORITHMS: 'RS256, PS256' });
    expect(config.tokens).toMatchObject({ mode: 'jwt', issuer: JWT_ENV.OAUTH_ISSUER, algorithms: ['RS256', 'PS256'] });
  });

  it.each([
    [undefined, undefined],
    ['false', undefined],
    ['true', 'at+jwt'],
  ])('reads OAUTH_REQUIRE_AT_JWT=%s as the required typ %s', (value, typ) => {
    expect(parse({ ...JWT_ENV, OAUTH_REQUIRE_AT_JWT: value }).tokens).toMatchObject({ mode: 'jwt', accessTokenType: typ });
  });

  it('accepts plain http for localhost only (local development)', () => {
    expect(parse({ ...OPAQUE_ENV, PROFILE_URL: 'http://localhost:8788/api/profile' }).profileUrl).toBe(
      'http://localhost:8788/api/profile',
    );
    expect(settingOf(() => parse({ ...OPAQUE_ENV, PROFILE_URL: 'http://ride-hailer.example/api/profile' }))).toBe(
      'PROFILE_URL',
    );
  });

  it.each([
    ['no token mode at all', { PROFILE_URL: OPAQUE_ENV.PROFILE_URL, RIDES_URL: OPAQUE_ENV.RIDES_URL }, 'OAUTH_USERINFO_URL'],
    ['both modes at once', { ...OPAQUE_ENV, ...JWT_ENV }, 'OAUTH_USERINFO_URL'],
    ['JWT mode without an issuer', { ...JWT_ENV, OAUTH_ISSUER: undefined }, 'OAUTH_ISSUER'],
    ['JWT mode without an audience', { ...JWT_ENV, OAUTH_AUDIENCE: '' }, 'OAUTH_AUDIENCE'],
    ['JWT mode without a JWKS URL', { ...JWT_ENV, OAUTH_JWKS_URL: undefined }, 'OAUTH_JWKS_URL'],
    ['LWA_CLIENT_ID in JWT mode', { ...JWT_ENV, LWA_CLIENT_ID }, 'LWA_CLIENT_ID'],
    ['OAUTH_REQUIRE_AT_JWT neither true nor false', { ...JWT_ENV, OAUTH_REQUIRE_AT_JWT: 'yes' }, 'OAUTH_REQUIRE_AT_JWT'],
    ['OAUTH_REQUIRE_AT_JWT in opaque mode', { ...OPAQUE_ENV, OAUTH_REQUIRE_AT_JWT: 'true' }, 'OAUTH_REQUIRE_AT_JWT'],
    ['no PROFILE_URL', { ...OPAQUE_ENV, PROFILE_URL: undefined }, 'PROFILE_URL'],
    ['no RIDES_URL', { ...OPAQUE_ENV, RIDES_URL: undefined }, 'RIDES_URL'],
    ['a relative URL', { ...OPAQUE_ENV, OAUTH_USERINFO_URL: '/userinfo' }, 'OAUTH_USERINFO_URL'],
    ['a cache cap that is not a number', { ...OPAQUE_ENV, TOKEN_CACHE_MAX_TTL_SECONDS: 'long' }, 'TOKEN_CACHE_MAX_TTL_SECONDS'],
    ['a cache cap of zero', { ...OPAQUE_ENV, TOKEN_CACHE_MAX_TTL_SECONDS: '0' }, 'TOKEN_CACHE_MAX_TTL_SECONDS'],
    ['a provider timeout over 5 s', { ...OPAQUE_ENV, PROVIDER_TIMEOUT_MS: '9000' }, 'PROVIDER_TIMEOUT_MS'],
  ])('refuses %s', (_, overrides, setting) => {
    expect(settingOf(() => parse(overrides))).toBe(setting);
  });

  // What the kit checks when the runtime builds its objects, named as the binding all the same.
  it.each([
    ['JWT mode with alg none', { ...JWT_ENV, OAUTH_JWT_ALGORITHMS: 'RS256,none' }, 'OAUTH_JWT_ALGORITHMS'],
    ['JWT mode with HMAC', { ...JWT_ENV, OAUTH_JWT_ALGORITHMS: 'HS256' }, 'OAUTH_JWT_ALGORITHMS'],
    ['a skill ID that is not one', { ...OPAQUE_ENV, ALEXA_SKILL_ID: 'my-skill' }, 'ALEXA_SKILL_ID'],
    ['trusted roots that are not PEM', { ...OPAQUE_ENV, ALEXA_TRUSTED_ROOTS_PEM: 'not a pem' }, 'ALEXA_TRUSTED_ROOTS_PEM'],
  ])('refuses %s when the runtime is built', (_, overrides, setting) => {
    expect(settingOf(() => runtimeFor({ ...base, ...overrides }, recordingLogger()))).toBe(setting);
  });
});
