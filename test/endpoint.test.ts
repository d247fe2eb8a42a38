import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { SKILL_ID, createTestPki, intentRequest, launchRequest, signBody, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from './support/harness.ts';

/**
 * Ride Hailer's HTTP boundary as a whole: its Worker answers Alexa with its skill, reads its own
 * settings, and logs no secret. The kit's verification rules and HTTP mapping are the kit's to test
 * (packages/alexa-skill-workers/test/: endpoint.test.ts, verification/).
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

/** The body every refused request gets (the kit's generic 400). */
const BAD_REQUEST_BODY = { error: 'bad_request', message: 'The request could not be verified.' };

describe('POST / with a validly signed request', () => {
  it('answers 200 with the skill response', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const res = await skill.send(launchRequest({ timestamp: NOW }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const json = await res.json<{ version: string; response: { outputSpeech: { ssml: string } } }>();
    expect(json.version).toBe('1.0');
    expect(json.response.outputSpeech.ssml).toContain('Welcome to Ride Hailer');
  });

  it('accepts any skill ID of a comma-separated ALEXA_SKILL_ID', async () => {
    const other = 'amzn1.ask.skill.99999999-2222-4333-8444-555555555555';
    const skill = new SkillHarness(pki, { ALEXA_SKILL_ID: `${other}, ${SKILL_ID}` }).serveChain();
    expect((await skill.send(launchRequest({ timestamp: NOW, skillId: other }))).status).toBe(200);
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
  });

  it('uses the bundled Amazon roots when ALEXA_TRUSTED_ROOTS_PEM is unset, so a test chain is refused', async () => {
    const skill = new SkillHarness(pki, { ALEXA_TRUSTED_ROOTS_PEM: undefined }).serveChain();
    const res = await skill.send(launchRequest({ timestamp: NOW }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(BAD_REQUEST_BODY);
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'request_rejected', code: 'CERT_CHAIN_UNTRUSTED' }));
    expect(skill.logs.lines.map((l) => l.event)).not.toContain('trusted_roots_overridden');
  });
});

describe('HTTP surface', () => {
  it('is what the deployed module exports (405 and 400 through the real entry point)', async () => {
    const get = await exports.default.fetch('https://skill.example/');
    expect(get.status).toBe(405);
    const post = await exports.default.fetch('https://skill.example/', { method: 'POST', body: '{}' });
    expect(post.status).toBe(400);
    expect(await post.json()).toEqual(BAD_REQUEST_BODY);
  });
});

describe('logs', () => {
  it('never contain the access token, the signature or the body', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = 'Atza|SECRET-TOKEN-VALUE-123';
    const envelope = intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken: token });
    const text = JSON.stringify(envelope);
    const signature = await signBody(text, pki.leaf.privateKey);
    await skill.send(text);
    await skill.send(text.replace('OrderCar', 'OrderCaR'), { headers: { 'Signature-256': signature } });
    await skill.send(intentRequest('Unknown', {}, { timestamp: NOW, accessToken: token }));
    const logged = JSON.stringify(skill.logs.lines);
    expect(skill.logs.lines.length).toBeGreaterThan(2);
    for (const secret of [token, 'SECRET-TOKEN', signature, text, 'amzn1.echo-api.request']) {
      expect(logged).not.toContain(secret);
    }
  });
});
