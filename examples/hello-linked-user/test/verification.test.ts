import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, launchRequest, signedAlexaRequest, type TestPki } from 'alexa-skill-workers/testing';
import { isolate, NOW, recordingLogger, useFakeLwa, type SkillAnswer } from './support.ts';

describe('hello, linked user: every request is verified', () => {
  const lwa = useFakeLwa();
  let pki: TestPki;
  let stranger: TestPki;
  beforeAll(async () => {
    [pki, stranger] = await Promise.all([createTestPki({ now: NOW }), createTestPki({ label: 'Stranger', now: NOW })]);
  });

  it('answers a signed launch request with the welcome', async () => {
    const response = await isolate(pki)(await signedAlexaRequest(pki, launchRequest({ timestamp: NOW })));
    expect(response.status).toBe(200);
    const answer = await response.json<SkillAnswer>();
    expect(answer.response.outputSpeech?.ssml).toContain('Welcome to Hello, linked user');
    expect(lwa.calls).toEqual([]);
  });

  it('refuses a request signed with a key that is not the certificate’s (400)', async () => {
    const log = recordingLogger();
    const response = await isolate(pki, log)(await signedAlexaRequest(stranger, launchRequest({ timestamp: NOW })));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'bad_request', message: 'The request could not be verified.' });
    expect(log.events).toContain('request_rejected');
  });

  it('refuses a signed request for another skill (400)', async () => {
    const envelope = launchRequest({ timestamp: NOW, skillId: 'amzn1.ask.skill.99999999-2222-4333-8444-555555555555' });
    const response = await isolate(pki)(await signedAlexaRequest(pki, envelope));
    expect(response.status).toBe(400);
  });

  it('refuses a signed request whose timestamp is outside the 150 s window (400)', async () => {
    const response = await isolate(pki)(await signedAlexaRequest(pki, launchRequest({ timestamp: new Date(NOW.getTime() - 151_000) })));
    expect(response.status).toBe(400);
  });
});
