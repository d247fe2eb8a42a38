import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, launchRequest, signedAlexaRequest, type TestPki } from 'alexa-skill-workers/testing';
import { isolate, NOW, toThisSkill, useFakeLwa, type SkillAnswer } from './support.ts';

describe('hello, linked user: HelloIntent needs a linked account', () => {
  const lwa = useFakeLwa();
  let pki: TestPki;
  beforeAll(async () => {
    pki = await createTestPki({ now: NOW });
  });

  async function sayHello(accessToken?: string): Promise<SkillAnswer> {
    const response = await isolate(pki)(await signedAlexaRequest(pki, intentRequest('HelloIntent', {}, toThisSkill({ accessToken }))));
    expect(response.status).toBe(200);
    return response.json<SkillAnswer>();
  }

  it('without a token: says why and sends a LinkAccount card, without asking LWA', async () => {
    const { response } = await sayHello();
    expect(response.outputSpeech?.ssml).toContain('I need your Amazon account');
    expect(response.card?.type).toBe('LinkAccount');
    expect(lwa.calls).toEqual([]);
  });

  it.each([
    ['revoked', async () => {
      const token = await lwa.issue({ sub: 'amzn1.account.ADA', name: 'Ada' });
      lwa.revoke(token);
      return token;
    }],
    ['expired', () => lwa.issue({ sub: 'amzn1.account.ADA', name: 'Ada' }, { now: new Date(NOW.getTime() - 2 * 3600_000) })],
    ['never issued', () => Promise.resolve('Atza|never-issued')],
  ])('with a token LWA refuses (%s): asks to link again, with a LinkAccount card', async (_, tokenOf) => {
    const { response } = await sayHello(await tokenOf());
    expect(response.outputSpeech?.ssml).toContain('link your Amazon account again');
    expect(response.card?.type).toBe('LinkAccount');
    // tokeninfo refused it, so the profile endpoint never saw it.
    expect(lwa.calls).toEqual(['tokeninfo']);
  });

  it('with a token LWA issued to another client (tokeninfo aud): refuses it, even though LWA knows the user', async () => {
    const token = await lwa.issue({ sub: 'amzn1.account.MALLORY', name: 'Mallory' }, { audience: 'amzn1.application-oa2-client.someone-else' });
    const { response } = await sayHello(token);
    expect(response.outputSpeech?.ssml).not.toContain('Mallory');
    expect(response.outputSpeech?.ssml).toContain('link your Amazon account again');
    expect(response.card?.type).toBe('LinkAccount');
    expect(lwa.calls).toEqual(['tokeninfo']);
  });

  it('when LWA is down: apologizes, with no card (linking again would not help)', async () => {
    const token = await lwa.issue({ sub: 'amzn1.account.ADA', name: 'Ada' });
    lwa.failWith = 503;
    const { response } = await sayHello(token);
    expect(response.outputSpeech?.ssml).toContain('cannot reach Login with Amazon');
    expect(response.card).toBeUndefined();
  });

  it('the launch request needs no linking', async () => {
    const response = await isolate(pki)(await signedAlexaRequest(pki, launchRequest(toThisSkill())));
    expect((await response.json<SkillAnswer>()).response.card).toBeUndefined();
    expect(lwa.calls).toEqual([]);
  });
});
