import { beforeAll, describe, expect, it } from 'vitest';
import { SKILL_ID, createTestPki, launchRequest, recordingLogger, type TestPki } from 'alexa-skill-workers/testing';
import { runtimeFor } from '../src/runtime.ts';
import { NOW, SkillHarness } from './support/harness.ts';
import { outbound } from './support/outbound.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

describe('configuration errors answer 500 and name the setting', () => {
  it.each([
    ['ALEXA_SKILL_ID', { ALEXA_SKILL_ID: undefined }],
    ['ALEXA_SKILL_ID', { ALEXA_SKILL_ID: '' }],
    ['ALEXA_SKILL_ID', { ALEXA_SKILL_ID: 'my-skill' }],
    ['ALEXA_SKILL_ID', { ALEXA_SKILL_ID: `${SKILL_ID},` }],
    ['ALEXA_TRUSTED_ROOTS_PEM', { ALEXA_TRUSTED_ROOTS_PEM: 'not a pem' }],
    ['ALEXA_TRUSTED_ROOTS_PEM', { ALEXA_TRUSTED_ROOTS_PEM: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }],
    ['CACHE', { CACHE: undefined }],
  ])('%s: %j', async (setting, overrides) => {
    const skill = new SkillHarness(pki, overrides).serveChain();
    const res = await skill.send(launchRequest({ timestamp: NOW }));
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain(setting);
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'config_invalid', setting }));
    expect(outbound.requests).toEqual([]);
  });

  it('accepts a PEM written on one line with \\n escapes, as .dev.vars holds it', async () => {
    const skill = new SkillHarness(pki, { ALEXA_TRUSTED_ROOTS_PEM: pki.rootPem.replace(/\n/g, '\\n') }).serveChain();
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
  });
});

// What the chain it names may and may not do is the kit's devCertChainPem
// (packages/alexa-skill-workers/test/endpoint-config.test.ts); here, that the binding reaches it.
describe('ALEXA_DEV_CERT_CHAIN_PEM (local simulation)', () => {
  it('serves the chain without any download, written on one line as .dev.vars holds it', async () => {
    const skill = new SkillHarness(pki, { ALEXA_DEV_CERT_CHAIN_PEM: pki.chainPem.replace(/\n/g, '\\n') });
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(outbound.requests).toEqual([]);
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'dev_certificate_source' }));
  });

  it('is a configuration error without ALEXA_TRUSTED_ROOTS_PEM (it could never validate against Amazon\'s roots)', async () => {
    const skill = new SkillHarness(pki, { ALEXA_TRUSTED_ROOTS_PEM: undefined, ALEXA_DEV_CERT_CHAIN_PEM: pki.chainPem });
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(500);
    expect(skill.logs.lines).toContainEqual(
      expect.objectContaining({ event: 'config_invalid', setting: 'ALEXA_DEV_CERT_CHAIN_PEM' }),
    );
  });
});

describe('a secret put in the wrong setting', () => {
  // What an operator might paste into the wrong field: a token, a client secret. Every setting
  // that parses its value is given one that fails, so each ConfigError path runs.
  const SECRET = 'Atza|IwEBIAmQ-client-secret-9f4c2e';
  const PEM_WITH_SECRET = `-----BEGIN CERTIFICATE-----\n${SECRET}\n-----END CERTIFICATE-----`;
  const JWT = { OAUTH_USERINFO_URL: undefined, OAUTH_JWKS_URL: 'https://ride-hailer.test/jwks', OAUTH_ISSUER: 'https://ride-hailer.test/', OAUTH_AUDIENCE: 'alexa' };

  it.each<[string, string, Record<string, unknown>]>([
    ['ALEXA_SKILL_ID', 'instead of the skill ID', { ALEXA_SKILL_ID: SECRET }],
    ['ALEXA_SKILL_ID', 'as a second skill ID', { ALEXA_SKILL_ID: `${SKILL_ID}, ${SECRET}` }],
    ['ALEXA_TRUSTED_ROOTS_PEM', 'instead of a PEM', { ALEXA_TRUSTED_ROOTS_PEM: SECRET }],
    ['ALEXA_TRUSTED_ROOTS_PEM', 'inside PEM armour', { ALEXA_TRUSTED_ROOTS_PEM: PEM_WITH_SECRET }],
    ['ALEXA_DEV_CERT_CHAIN_PEM', 'instead of a PEM', { ALEXA_DEV_CERT_CHAIN_PEM: SECRET }],
    ['ALEXA_DEV_CERT_CHAIN_PEM', 'without trusted roots', { ALEXA_TRUSTED_ROOTS_PEM: undefined, ALEXA_DEV_CERT_CHAIN_PEM: SECRET }],
    ['OAUTH_USERINFO_URL', 'instead of a URL', { OAUTH_USERINFO_URL: SECRET }],
    ['OAUTH_USERINFO_URL', 'as the host of a plain http URL', { OAUTH_USERINFO_URL: `http://${encodeURIComponent(SECRET)}.example/` }],
    ['OAUTH_USERINFO_URL', 'as OAUTH_ISSUER beside it', { OAUTH_ISSUER: SECRET }],
    ['PROFILE_URL', 'instead of a URL', { PROFILE_URL: SECRET }],
    ['RIDES_URL', 'in an ftp URL', { RIDES_URL: `ftp://${encodeURIComponent(SECRET)}/` }],
    ['LWA_TOKENINFO_URL', 'without LWA_CLIENT_ID', { LWA_TOKENINFO_URL: SECRET }],
    ['LWA_TOKENINFO_URL', 'instead of a loopback URL', { LWA_CLIENT_ID: 'amzn1.application-oa2-client.x', LWA_TOKENINFO_URL: SECRET }],
    ['OAUTH_JWKS_URL', 'instead of a URL', { ...JWT, OAUTH_JWKS_URL: SECRET }],
    ['OAUTH_AUDIENCE', 'as OAUTH_ISSUER, the audience missing', { ...JWT, OAUTH_AUDIENCE: undefined, OAUTH_ISSUER: SECRET }],
    ['OAUTH_JWT_ALGORITHMS', 'as a second algorithm', { ...JWT, OAUTH_JWT_ALGORITHMS: `RS256,${SECRET}` }],
    ['LWA_CLIENT_ID', 'in JWT mode', { ...JWT, LWA_CLIENT_ID: SECRET }],
    ['OAUTH_REQUIRE_AT_JWT', 'instead of true or false', { ...JWT, OAUTH_REQUIRE_AT_JWT: SECRET }],
    ['OAUTH_REQUIRE_AT_JWT', 'in opaque mode', { OAUTH_REQUIRE_AT_JWT: SECRET }],
    ['TOKEN_CACHE_MAX_TTL_SECONDS', 'instead of a number', { TOKEN_CACHE_MAX_TTL_SECONDS: SECRET }],
    ['PROVIDER_TIMEOUT_MS', 'instead of a number', { PROVIDER_TIMEOUT_MS: SECRET }],
    ['VOICE_ACCOUNT_LINKING', 'instead of true or false', { VOICE_ACCOUNT_LINKING: SECRET }],
  ])('%s, a secret %s: the log line and the error name the setting, never the value', async (setting, _, overrides) => {
    const skill = new SkillHarness(pki, overrides).serveChain();
    const res = await skill.send(launchRequest({ timestamp: NOW }));
    expect(res.status).toBe(500);
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'config_invalid', setting }));
    const logged = JSON.stringify(skill.logs.lines);
    const thrown = (() => {
      try {
        runtimeFor(skill.env, recordingLogger());
      } catch (error) {
        return error as Error;
      }
      throw new Error('the runtime was built with the settings');
    })();
    expect(thrown).toMatchObject({ code: 'CONFIG_INVALID', setting });
    for (const fragment of [SECRET, 'IwEBIAmQ', 'client-secret']) {
      expect(logged).not.toContain(fragment);
      expect(thrown.message).not.toContain(fragment);
      expect(thrown.stack ?? '').not.toContain(fragment);
    }
  });
});
