import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, signedAlexaRequest, skillEvent, type TestPki } from 'alexa-skill-workers/testing';
import { bindings, isolate, NOW, toThisSkill, useFakeLwa, type SkillAnswer } from './support.ts';

describe('hello, linked user: greets the linked user by name', () => {
  const lwa = useFakeLwa();
  let pki: TestPki;
  beforeAll(async () => {
    pki = await createTestPki({ now: NOW });
  });

  const hello = (accessToken: string) => signedAlexaRequest(pki, intentRequest('HelloIntent', {}, toThisSkill({ accessToken })));
  const speechOf = async (response: Response) => (await response.json<SkillAnswer>()).response.outputSpeech?.ssml;
  const linkedUser = (name?: string) => lwa.issue({ sub: 'amzn1.account.HELLO', ...(name !== undefined && { name }) });

  it('says the name from the LWA profile, and ends the session', async () => {
    const response = await isolate(pki)(await hello(await linkedUser('Ada Lovelace')));
    const answer = await response.json<SkillAnswer>();
    expect(answer.response.outputSpeech?.ssml).toBe('<speak>Hello, Ada Lovelace!</speak>');
    expect(answer.response.card).toBeUndefined();
    expect(answer.response.shouldEndSession).toBe(true);
    expect(lwa.calls).toEqual(['tokeninfo', 'userinfo']);
  });

  it('a second request with the same token makes no call to LWA (the isolate remembers it)', async () => {
    const token = await linkedUser('Ada');
    const send = isolate(pki);
    await send(await hello(token));
    const calls = lwa.calls.length;
    // Emptying KV leaves only the isolate's memory to remember the token.
    const { keys } = await bindings.CACHE.list();
    await Promise.all(keys.map(({ name }) => bindings.CACHE.delete(name)));
    expect(await speechOf(await send(await hello(token)))).toBe('<speak>Hello, Ada!</speak>');
    expect(lwa.calls.length).toBe(calls);
  });

  it('another isolate finds the validated token in KV and makes no call to LWA', async () => {
    const token = await linkedUser('Ada');
    await isolate(pki)(await hello(token));
    const calls = lwa.calls.length;
    expect(await speechOf(await isolate(pki)(await hello(token)))).toBe('<speak>Hello, Ada!</speak>');
    expect(lwa.calls.length).toBe(calls);
  });

  it('linking warms the cache: the first HelloIntent after SkillAccountLinked makes no call to LWA', async () => {
    const token = await linkedUser('Grace');
    const send = isolate(pki);
    const linked = await send(await signedAlexaRequest(pki, skillEvent('AlexaSkillEvent.SkillAccountLinked', toThisSkill({ accessToken: token }))));
    expect(linked.status).toBe(200);
    const calls = lwa.calls.length;
    expect(calls).toBeGreaterThan(0);
    expect(await speechOf(await send(await hello(token)))).toBe('<speak>Hello, Grace!</speak>');
    expect(lwa.calls.length).toBe(calls);
  });

  it('escapes the name for SSML', async () => {
    expect(await speechOf(await isolate(pki)(await hello(await linkedUser('Tom & <Jerry>'))))).toBe('<speak>Hello, Tom &#38; &#60;Jerry&#62;!</speak>');
  });

  it('greets without a name when the profile has none', async () => {
    expect(await speechOf(await isolate(pki)(await hello(await linkedUser())))).toContain('did not share your name');
  });
});
