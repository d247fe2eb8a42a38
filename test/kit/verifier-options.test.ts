import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { alexaVerifier, type AlexaVariables } from '../../packages/alexa-skill-workers/src/hono/middleware.ts';
import { createAlexaVerifier, type AlexaVerifierOptions } from '../../packages/alexa-skill-workers/src/verification/verifier.ts';
import { createTestPki } from '../../packages/alexa-skill-workers/src/testing/pki.ts';
import { signedAlexaRequest } from '../../packages/alexa-skill-workers/src/testing/requests.ts';
import { launchRequest, SKILL_ID } from '../../packages/alexa-skill-workers/src/testing/envelopes.ts';
import { NOW } from '../support/harness.ts';
import { captureLogs } from '../support/logs.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

describe('the verifier checks its options when it is created, naming the bad one', () => {
  it.each<[string, AlexaVerifierOptions]>([
    ['skillId', { skillId: undefined }],
    ['skillId', { skillId: '' }],
    ['skillId', { skillId: 'amzn1.ask.skill.ok, not-a-skill-id' }],
    ['skillId', { skillId: [SKILL_ID, ''] }],
    ['trustedRootsPem', { skillId: SKILL_ID, trustedRootsPem: 'not a pem' }],
    ['trustedRootsPem', { skillId: SKILL_ID, trustedRootsPem: PEM }],
    ['devCertChainPem', { skillId: SKILL_ID, devCertChainPem: PEM }],
    ['maxBodyBytes', { skillId: SKILL_ID, maxBodyBytes: 10 }],
  ])('%s: %j', (option, options) => {
    expect(() => createAlexaVerifier({ log: captureLogs(), ...options })).toThrow(
      expect.objectContaining({ name: 'ConfigError', code: 'CONFIG_INVALID', setting: option }),
    );
  });

  it.each([
    ['trustedRootsPem', ['trustedRootsPem']],
    ['devCertChainPem', ['devCertChainPem']],
    ['trustedRootsPem', ['trustedRootsPem', 'devCertChainPem']],
  ] as const)('allowDevelopmentTrust false or unset (the default) refuses %s (given %j), never quoting the PEM', async (setting, given) => {
    const pki = await createTestPki({ now: NOW });
    const pems = { trustedRootsPem: pki.rootPem, devCertChainPem: pki.chainPem };
    const options = Object.fromEntries(given.map((name) => [name, pems[name]]));
    for (const allowDevelopmentTrust of [false, undefined]) {
      let error: unknown;
      try {
        createAlexaVerifier({ skillId: SKILL_ID, log: captureLogs(), allowDevelopmentTrust, ...options });
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ name: 'ConfigError', code: 'CONFIG_INVALID', setting });
      expect((error as Error).message).not.toContain('CERTIFICATE');
    }
  });

  it('accepts a verifier with only the bundled roots by default; allowDevelopmentTrust: true (a test PKI\'s trust) makes them overridable', async () => {
    const pki = await createTestPki({ now: NOW });
    expect(() => createAlexaVerifier({ skillId: SKILL_ID, log: captureLogs() })).not.toThrow();
    expect(() => createAlexaVerifier({ skillId: SKILL_ID, log: captureLogs(), ...pki.trust })).not.toThrow();
    expect(pki.trust).toEqual({ trustedRootsPem: pki.rootPem, devCertChainPem: pki.chainPem, allowDevelopmentTrust: true });
  });

  it('accepts one skill ID, several, or a comma-separated list', () => {
    for (const skillId of [SKILL_ID, [SKILL_ID], `${SKILL_ID}, amzn1.ask.skill.other`]) {
      expect(() => createAlexaVerifier({ skillId, log: captureLogs() })).not.toThrow();
    }
  });
});

describe('alexaVerifier (Hono middleware)', () => {
  function app(source: Parameters<typeof alexaVerifier<{ SKILL?: string }>>[0], log = captureLogs()) {
    const hono = new Hono<{ Bindings: { SKILL?: string }; Variables: AlexaVariables }>();
    hono.post('/', alexaVerifier(source, { now: () => NOW, log }), (c) => c.json({ type: c.var.alexa.request.type, at: c.var.alexaContext.now.toISOString() }));
    return { hono, log };
  }

  it('throws at creation for static options that are wrong, naming the option', () => {
    expect(() => app({ skillId: 'nope' })).toThrow(expect.objectContaining({ setting: 'skillId' }));
  });

  it('puts the verified envelope and the request context on the Hono context', async () => {
    const pki = await createTestPki({ now: NOW });
    const { hono } = app({ skillId: SKILL_ID, ...pki.trust });
    const response = await hono.request(await signedAlexaRequest(pki, launchRequest({ timestamp: NOW })));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 'LaunchRequest', at: NOW.toISOString() });
  });

  it('answers 400 with the generic body, and logs the code, for a request that fails', async () => {
    const pki = await createTestPki({ now: NOW });
    const { hono, log } = app({ skillId: SKILL_ID, ...pki.trust });
    const request = await signedAlexaRequest(pki, launchRequest({ timestamp: NOW, skillId: 'amzn1.ask.skill.someone-else' }));
    const response = await hono.request(request);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'bad_request', message: 'The request could not be verified.' });
    expect(log.lines).toContainEqual(expect.objectContaining({ event: 'request_rejected', code: 'SKILL_ID_MISMATCH' }));
  });

  it('options from bindings: a bad one answers 500 naming it, and is not remembered once fixed', async () => {
    const pki = await createTestPki({ now: NOW });
    const { hono, log } = app((env) => ({ skillId: env.SKILL, ...pki.trust }));
    const env: { SKILL?: string } = {};
    const send = async () => hono.request(await signedAlexaRequest(pki, launchRequest({ timestamp: NOW })), undefined, env);
    expect((await send()).status).toBe(500);
    expect(log.lines).toContainEqual(expect.objectContaining({ event: 'config_invalid', setting: 'skillId' }));
    env.SKILL = SKILL_ID;
    expect((await send()).status).toBe(200);
  });
});
