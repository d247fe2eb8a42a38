import { describe, expect, it } from 'vitest';
import { createAlexaVerifier, type AlexaVerifierOptions } from '../../src/verification/verifier.ts';
import { createTestPki } from '../../src/testing/pki.ts';
import { SKILL_ID } from '../../src/testing/envelopes.ts';
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
