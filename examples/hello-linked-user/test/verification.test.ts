import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, launchRequest, recordingLogger, signedAlexaRequest, type TestPki } from 'alexa-skill-workers/testing';
import { isolate, NOW, toThisSkill, useFakeLwa, type SkillAnswer } from './support.ts';

describe('hello, linked user: every request is verified', () => {
  const lwa = useFakeLwa();
  let pki: TestPki;
  let stranger: TestPki;
  beforeAll(async () => {
    [pki, stranger] = await Promise.all([createTestPki({ now: NOW }), createTestPki({ label: 'Stranger', now: NOW })]);
  });

  it('answers a signed launch request with the welcome', async () => {
    const response = await isolate(pki)(await signedAlexaRequest(pki, launchRequest(toThisSkill())));
    expect(response.status).toBe(200);
    const answer = await response.json<SkillAnswer>();
    expect(answer.response.outputSpeech?.ssml).toContain('Welcome to Hello, linked user');
    expect(lwa.calls).toEqual([]);
  });

  it.each([
    ['signed with a key that is not the certificate’s', 'SIGNATURE_INVALID', () => signedAlexaRequest(stranger, launchRequest(toThisSkill()))],
    ['for another skill', 'SKILL_ID_MISMATCH', () => signedAlexaRequest(pki, launchRequest(toThisSkill({ skillId: 'amzn1.ask.skill.99999999-2222-4333-8444-555555555555' })))],
    ['151 s old (outside the 150 s window)', 'TIMESTAMP_OUT_OF_WINDOW', () => signedAlexaRequest(pki, launchRequest(toThisSkill({ timestamp: new Date(NOW.getTime() - 151_000) })))],
    ['151 s in the future', 'TIMESTAMP_OUT_OF_WINDOW', () => signedAlexaRequest(pki, launchRequest(toThisSkill({ timestamp: new Date(NOW.getTime() + 151_000) })))],
  ])('refuses a request %s: 400, the log names %s', async (_, code, request) => {
    const log = recordingLogger();
    const response = await isolate(pki, log)(await request());
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'bad_request', message: 'The request could not be verified.' });
    expect(log.events('request_rejected').map((line) => line.code)).toEqual([code]);
    expect(lwa.calls).toEqual([]);
  });
});
