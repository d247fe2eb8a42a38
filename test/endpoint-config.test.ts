import { beforeAll, describe, expect, it } from 'vitest';
import { SKILL_ID, launchRequest } from '../packages/alexa-skill-workers/src/testing/envelopes.ts';
import { createTestPki, type TestPki } from '../packages/alexa-skill-workers/src/testing/pki.ts';
import { NOW, SkillHarness } from './support/harness.ts';
import { outbound } from './support/outbound.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
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

describe('ALEXA_DEV_CERT_CHAIN_PEM (local simulation)', () => {
  it('serves the chain without any download, still under Amazon\'s URL rules and chain checks', async () => {
    const skill = new SkillHarness(pki, { ALEXA_DEV_CERT_CHAIN_PEM: pki.chainPem.replace(/\n/g, '\\n') });
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(outbound.requests).toEqual([]);
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'dev_certificate_source' }));

    const bad = await skill.send(launchRequest({ timestamp: NOW }), {
      headers: { SignatureCertChainUrl: 'https://dev.local/echo.api/cert.pem' },
    });
    expect(bad.status).toBe(400);
    expect(skill.logs.codes()).toContain('CERT_URL_INVALID');
  });

  it('still refuses a served chain that does not reach a trusted root', async () => {
    const stranger = await createTestPki('rsa', 'Stranger');
    const skill = new SkillHarness(pki, { ALEXA_DEV_CERT_CHAIN_PEM: stranger.chainPem });
    const res = await skill.send(launchRequest({ timestamp: NOW }), { signWith: stranger.leaf.privateKey });
    expect(res.status).toBe(400);
    expect(skill.logs.codes()).toContain('CERT_CHAIN_UNTRUSTED');
  });

  it('is a configuration error without ALEXA_TRUSTED_ROOTS_PEM (it could never validate against Amazon\'s roots)', async () => {
    const skill = new SkillHarness(pki, { ALEXA_TRUSTED_ROOTS_PEM: undefined, ALEXA_DEV_CERT_CHAIN_PEM: pki.chainPem });
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(500);
    expect(skill.logs.lines).toContainEqual(
      expect.objectContaining({ event: 'config_invalid', setting: 'ALEXA_DEV_CERT_CHAIN_PEM' }),
    );
  });
});
