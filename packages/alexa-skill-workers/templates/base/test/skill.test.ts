import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, launchRequest, recordingLogger, signedAlexaRequest, skillEvent, type TestPki } from 'alexa-skill-workers/testing';
import { stringsFor } from '../src/strings/index.ts';
import { FIRST_CALLS } from './provider.ts';
import { isolate, NOW, toThisSkill, useFakeProvider, type SkillAnswer } from './support.ts';

describe('{{skillName}}', () => {
  const provider = useFakeProvider();
  let pki: TestPki;
  let stranger: TestPki;
  beforeAll(async () => {
    [pki, stranger] = await Promise.all([createTestPki({ now: NOW }), createTestPki({ label: 'Stranger', now: NOW })]);
  });

  const ask = async (send: (request: Request) => Promise<Response>, envelope: object): Promise<SkillAnswer['response']> => {
    const response = await send(await signedAlexaRequest(pki, envelope));
    expect(response.status).toBe(200);
    return (await response.json<SkillAnswer>()).response;
  };
  const whoAmI = (accessToken?: string) => intentRequest('WhoAmIIntent', {}, toThisSkill({ accessToken }));

  it('answers a signed launch request, and refuses one Alexa did not sign (400, the log names why)', async () => {
    expect((await ask(isolate(pki), launchRequest(toThisSkill()))).outputSpeech?.ssml).toContain('Welcome to {{skillName}}');
    const log = recordingLogger();
    const refused = await isolate(pki, log)(await signedAlexaRequest(stranger, launchRequest(toThisSkill())));
    expect(refused.status).toBe(400);
    expect(log.events('request_rejected').map((line) => line.code)).toEqual(['SIGNATURE_INVALID']);
  });

  it('answers in the language of the request: {{locale}}', async () => {
    const response = await ask(isolate(pki), launchRequest(toThisSkill({ locale: '{{locale}}' })));
    expect(response.outputSpeech?.ssml).toBe(`<speak>${stringsFor('{{locale}}').welcome}</speak>`);
  });

  it('answers the public intent without a linked account', async () => {
    const response = await ask(isolate(pki), intentRequest('HelloIntent', {}, toThisSkill()));
    expect(response.outputSpeech?.ssml).toContain('Hello from {{skillName}}');
    expect(response.card).toBeUndefined();
    expect(provider().calls).toEqual([]);
  });

  it('answers the linked intent of an unlinked user with a LinkAccount card, without asking the provider', async () => {
    const response = await ask(isolate(pki), whoAmI());
    expect(response.outputSpeech?.ssml).toContain('I need your account');
    expect(response.card?.type).toBe('LinkAccount');
    expect(provider().calls).toEqual([]);
  });

  it('answers a linked user by name, the second time from the cache (no call to the provider)', async () => {
    const token = await provider().issue({ sub: 'user-ada', name: 'Ada Lovelace' });
    const send = isolate(pki);
    expect((await ask(send, whoAmI(token))).outputSpeech?.ssml).toBe('<speak>You are Ada Lovelace.</speak>');
    expect(provider().calls).toEqual(FIRST_CALLS);
    expect((await ask(send, whoAmI(token))).outputSpeech?.ssml).toBe('<speak>You are Ada Lovelace.</speak>');
    // Another isolate finds the validated token in KV.
    expect((await ask(isolate(pki), whoAmI(token))).outputSpeech?.ssml).toBe('<speak>You are Ada Lovelace.</speak>');
    expect(provider().calls).toEqual(FIRST_CALLS);
  });

  it('asks to link again when the provider refuses the token', async () => {
    const token = await provider().issue({ sub: 'user-ada', name: 'Ada' }, { now: new Date(NOW.getTime() - 2 * 3600_000) });
    const response = await ask(isolate(pki), whoAmI(token));
    expect(response.outputSpeech?.ssml).toContain('link your account again');
    expect(response.card?.type).toBe('LinkAccount');
  });

  it('answers the skill events: SkillAccountLinked warms the cache for the next request', async () => {
    const token = await provider().issue({ sub: 'user-grace', name: 'Grace' });
    const send = isolate(pki);
    const linked = await send(await signedAlexaRequest(pki, skillEvent('AlexaSkillEvent.SkillAccountLinked', toThisSkill({ accessToken: token }))));
    expect(linked.status).toBe(200);
    const calls = provider().calls.length;
    expect(calls).toBeGreaterThan(0);
    expect((await ask(send, whoAmI(token))).outputSpeech?.ssml).toBe('<speak>You are Grace.</speak>');
    expect(provider().calls.length).toBe(calls);
    const disabled = await send(await signedAlexaRequest(pki, skillEvent('AlexaSkillEvent.SkillDisabled', toThisSkill())));
    expect(disabled.status).toBe(200);
  });
});
