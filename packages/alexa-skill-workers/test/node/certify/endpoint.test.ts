import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../src/testing/pki.ts';
import { checkEndpoint } from '../../../src/cli/certify/endpoint.ts';
import type { CheckResult } from '../../../src/cli/certify/report.ts';
import { checkSkillLinking } from '../../../src/cli/certify/skill-linking.ts';
import { startFakeEndpoint, type EndpointFaults } from './support/fake-endpoint.ts';
import { serve, testNet, type Running } from './support/server.ts';

const CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-local-dev.pem';
const SKILL_ID = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';
let pki: TestPki;
let endpoint: Running | undefined;
beforeAll(async () => {
  pki = await createTestPki({ label: 'Certify Test' });
});
afterEach(async () => endpoint?.close());

async function certify(faults: EndpointFaults = {}, signed = true): Promise<CheckResult[]> {
  endpoint = await startFakeEndpoint({ certUrl: CERT_URL, publicKey: pki.leaf.publicKey }, faults);
  const target = { url: `${endpoint.url}/`, skillId: SKILL_ID, now: new Date(), net: testNet(true) };
  const signer = signed ? { certUrl: CERT_URL, key: pki.leaf.privateKey } : undefined;
  return [
    ...(await checkEndpoint({ ...target, signer, amazonCertUrl: 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem' })),
    ...(await checkSkillLinking({ ...target, signer, intents: ['AMAZON.YesIntent', 'OrderCar'] })),
  ];
}

const failures = (results: CheckResult[]) => results.filter((r) => r.status === 'fail').map((r) => r.id);

describe('certify: endpoint security and linking in the skill', () => {
  it('passes an endpoint that verifies like a skill must, and a validly signed request gets 200', async () => {
    const results = await certify();
    expect(failures(results)).toEqual([]);
    expect(results.find((r) => r.id === 'endpoint.valid-signature')?.status).toBe('pass');
    expect(results.filter((r) => r.id.startsWith('skill.linking.')).map((r) => [r.id, r.status])).toEqual([
      ['skill.linking.AMAZON.YesIntent', 'pass'], ['skill.linking.OrderCar', 'pass'],
      ['skill.linking.invalid-token.AMAZON.YesIntent', 'pass'], ['skill.linking.invalid-token.OrderCar', 'pass'],
    ]);
  });

  it.each<[string, EndpointFaults, string]>([
    ['an endpoint answering 200 to an unsigned request', { acceptUnsigned: true }, 'endpoint.no-signature'],
    ['an endpoint answering 200 to an empty signature', { acceptEmptySignature: true }, 'endpoint.empty-signature'],
    ['an endpoint that takes any certificate URL', { acceptAnyCertUrl: true }, 'endpoint.bad-cert-url'],
    ['an endpoint with a stale-timestamp hole', { skipTimestamp: true }, 'endpoint.stale-timestamp'],
    ['an endpoint refusing valid requests', { refuseValid: true }, 'endpoint.valid-signature'],
  ])('catches %s with its own ✘ line', async (_, faults, id) => {
    const results = await certify(faults);
    expect(failures(results).filter((f) => f.startsWith('endpoint.'))).toEqual([id]);
  });

  it('catches an endpoint that never checks the signature: a forger\'s key and a tampered body both pass', async () => {
    expect(failures(await certify({ skipSignatureCheck: true }))).toEqual(['endpoint.wrong-key', 'endpoint.invalid-signature']);
  });

  it('says what the wrong-key check proves: the key under the skill\'s own certificate URL, not a foreign chain', async () => {
    const wrongKey = (await certify()).find((r) => r.id === 'endpoint.wrong-key');
    expect(wrongKey).toMatchObject({ status: 'pass', detail: expect.stringContaining('cannot be staged from outside') as unknown });
    expect(wrongKey?.title).not.toMatch(/certificate that is not Amazon's/);
  });

  it.each<[string, EndpointFaults, string]>([
    ['a Simple card instead of LinkAccount', { cardType: 'Simple' }, 'card is Simple; must be LinkAccount'],
    ['speech that does not say where the card went', { speech: '<speak>Please link your account.</speak>' }, 'the speech does not say the card is in the Alexa app'],
  ])('catches %s for every intent that needs linking', async (_, faults, detail) => {
    const linking = (await certify(faults)).filter((r) => r.id.startsWith('skill.linking.'));
    expect(linking.map((r) => [r.status, r.detail])).toEqual([['fail', detail], ['fail', detail], ['fail', detail], ['fail', detail]]);
  });

  it('catches a skill that takes an invalid or expired access token as linked, on its own ✘ lines', async () => {
    const results = await certify({ trustAnyToken: true });
    expect(failures(results)).toEqual(['skill.linking.invalid-token.AMAZON.YesIntent', 'skill.linking.invalid-token.OrderCar']);
    expect(results.find((r) => r.id === 'skill.linking.invalid-token.OrderCar')?.detail).toBe('card is missing; must be LinkAccount');
  });

  it("against a deployed endpoint: the 400 checks run, the valid request and linking are skipped as needing Alexa's key", async () => {
    const results = await certify({}, false);
    expect(failures(results)).toEqual([]);
    const skipped = results.filter((r) => r.status === 'skip' && r.detail === "needs Alexa's key").map((r) => r.id);
    expect(skipped).toEqual([
      'endpoint.valid-signature', 'skill.linking.AMAZON.YesIntent', 'skill.linking.OrderCar',
      'skill.linking.invalid-token.AMAZON.YesIntent', 'skill.linking.invalid-token.OrderCar',
    ]);
  });

  it('says npm run dev is not running when the local endpoint cannot be reached', async () => {
    const gone = await serve(() => undefined);
    await gone.close();
    const results = await checkEndpoint({ url: `${gone.url}/`, skillId: SKILL_ID, signer: { certUrl: CERT_URL, key: pki.leaf.privateKey }, amazonCertUrl: CERT_URL, now: new Date(), net: testNet(true) });
    expect(results.find((r) => r.id === 'endpoint.no-signature')).toMatchObject({ status: 'fail', detail: expect.stringContaining('is npm run dev running?') as unknown });
  });

  it('skips a deployed endpoint it cannot reach while offline', async () => {
    const results = await checkEndpoint({ url: 'https://skill.certify.invalid/', skillId: SKILL_ID, amazonCertUrl: CERT_URL, now: new Date(), net: testNet(false) });
    expect(failures(results)).toEqual([]);
    expect(results.find((r) => r.id === 'endpoint.no-signature')).toMatchObject({ status: 'skip', detail: 'offline' });
  });
});
