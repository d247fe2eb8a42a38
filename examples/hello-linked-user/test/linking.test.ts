import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, launchRequest, signedAlexaRequest, type TestPki } from 'alexa-skill-workers/testing';
import { CLIENT_ID, isolate, NOW, useFakeLwa, type SkillAnswer } from './support.ts';

describe('hello, linked user: HelloIntent needs a linked account', () => {
  const lwa = useFakeLwa();
  let pki: TestPki;
  beforeAll(async () => {
    pki = await createTestPki({ now: NOW });
  });

  async function sayHello(accessToken?: string): Promise<SkillAnswer> {
    const response = await isolate(pki)(await signedAlexaRequest(pki, intentRequest('HelloIntent', {}, { timestamp: NOW, accessToken })));
    expect(response.status).toBe(200);
    return response.json<SkillAnswer>();
  }

  it('without a token: says why and sends a LinkAccount card, without asking LWA', async () => {
    const { response } = await sayHello();
    expect(response.outputSpeech?.ssml).toContain('I need your Amazon account');
    expect(response.card?.type).toBe('LinkAccount');
    expect(lwa.calls).toEqual([]);
  });

  it('with a token LWA refuses: asks to link again, with a LinkAccount card', async () => {
    const { response } = await sayHello('Atza|expired-or-revoked');
    expect(response.outputSpeech?.ssml).toContain('link your Amazon account again');
    expect(response.card?.type).toBe('LinkAccount');
    // tokeninfo refused it, so the profile endpoint never saw it.
    expect(lwa.calls).toEqual(['tokeninfo']);
  });

  it('with a token LWA issued to another client (tokeninfo aud): refuses it, even though LWA knows the user', async () => {
    lwa.tokens.set('Atza|for-another-app', { aud: 'amzn1.application-oa2-client.someone-else', name: 'Mallory' });
    const { response } = await sayHello('Atza|for-another-app');
    expect(response.outputSpeech?.ssml).not.toContain('Mallory');
    expect(response.outputSpeech?.ssml).toContain('link your Amazon account again');
    expect(response.card?.type).toBe('LinkAccount');
    expect(lwa.calls).toEqual(['tokeninfo']);
  });

  it('when LWA is down: apologizes, with no card (linking again would not help)', async () => {
    lwa.tokens.set('Atza|good', { aud: CLIENT_ID, name: 'Ada' });
    lwa.failWith = 503;
    const { response } = await sayHello('Atza|good');
    expect(response.outputSpeech?.ssml).toContain('cannot reach Login with Amazon');
    expect(response.card).toBeUndefined();
  });

  it('the launch request needs no linking', async () => {
    const response = await isolate(pki)(await signedAlexaRequest(pki, launchRequest({ timestamp: NOW })));
    expect((await response.json<SkillAnswer>()).response.card).toBeUndefined();
    expect(lwa.calls).toEqual([]);
  });
});
