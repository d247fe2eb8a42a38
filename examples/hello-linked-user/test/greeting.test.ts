import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, signedAlexaRequest, skillEvent, type TestPki } from 'alexa-skill-workers/testing';
import { CLIENT_ID, isolate, NOW, useFakeLwa, type SkillAnswer } from './support.ts';

describe('hello, linked user: greets the linked user by name', () => {
  const lwa = useFakeLwa();
  let pki: TestPki;
  beforeAll(async () => {
    pki = await createTestPki({ now: NOW });
  });

  const hello = async (accessToken: string) => signedAlexaRequest(pki, intentRequest('HelloIntent', {}, { timestamp: NOW, accessToken }));
  const speechOf = async (response: Response) => (await response.json<SkillAnswer>()).response.outputSpeech?.ssml;

  it('says the name from the LWA profile, and ends the session', async () => {
    lwa.tokens.set('Atza|ada', { aud: CLIENT_ID, name: 'Ada Lovelace' });
    const response = await isolate(pki)(await hello('Atza|ada'));
    const answer = await response.json<SkillAnswer>();
    expect(answer.response.outputSpeech?.ssml).toBe('<speak>Hello, Ada Lovelace!</speak>');
    expect(answer.response.card).toBeUndefined();
    expect(answer.response.shouldEndSession).toBe(true);
    expect(lwa.calls.sort()).toEqual(['profile', 'tokeninfo']);
  });

  it('a second request with the same token makes no call to LWA (the isolate remembers it)', async () => {
    lwa.tokens.set('Atza|ada', { aud: CLIENT_ID, name: 'Ada' });
    const send = isolate(pki);
    await send(await hello('Atza|ada'));
    const calls = lwa.calls.length;
    // Emptying KV leaves only the isolate's memory to remember the token.
    const { keys } = await env.CACHE.list();
    await Promise.all(keys.map(({ name }) => env.CACHE.delete(name)));
    expect(await speechOf(await send(await hello('Atza|ada')))).toBe('<speak>Hello, Ada!</speak>');
    expect(lwa.calls.length).toBe(calls);
  });

  it('another isolate finds the validated token in KV and makes no call to LWA', async () => {
    lwa.tokens.set('Atza|ada', { aud: CLIENT_ID, name: 'Ada' });
    await isolate(pki)(await hello('Atza|ada'));
    const calls = lwa.calls.length;
    expect(await speechOf(await isolate(pki)(await hello('Atza|ada')))).toBe('<speak>Hello, Ada!</speak>');
    expect(lwa.calls.length).toBe(calls);
  });

  it('linking warms the cache: the first HelloIntent after SkillAccountLinked makes no call to LWA', async () => {
    lwa.tokens.set('Atza|new', { aud: CLIENT_ID, name: 'Grace' });
    const send = isolate(pki);
    const linked = await send(await signedAlexaRequest(pki, skillEvent('AlexaSkillEvent.SkillAccountLinked', { timestamp: NOW, accessToken: 'Atza|new' })));
    expect(linked.status).toBe(200);
    const calls = lwa.calls.length;
    expect(await speechOf(await send(await hello('Atza|new')))).toBe('<speak>Hello, Grace!</speak>');
    expect(lwa.calls.length).toBe(calls);
  });

  it('escapes the name for SSML', async () => {
    lwa.tokens.set('Atza|markup', { aud: CLIENT_ID, name: 'Tom & <Jerry>' });
    expect(await speechOf(await isolate(pki)(await hello('Atza|markup')))).toBe('<speak>Hello, Tom &#38; &#60;Jerry&#62;!</speak>');
  });

  it('greets without a name when the profile has none', async () => {
    lwa.tokens.set('Atza|anonymous', { aud: CLIENT_ID });
    expect(await speechOf(await isolate(pki)(await hello('Atza|anonymous')))).toContain('did not share your name');
  });
});
