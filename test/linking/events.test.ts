import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { attributesKey, purgeKey } from '../../packages/alexa-skill-workers/src/lib/kv-keys.ts';
import { USER_ID, intentRequest, skillEvent } from '../../packages/alexa-skill-workers/src/testing/envelopes.ts';
import { NOW, SkillHarness } from '../support/harness.ts';
import { createTestPki, type TestPki } from '../../packages/alexa-skill-workers/src/testing/pki.ts';
import { turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const OTHER_USER = 'amzn1.ask.account.SOMEONE-ELSE';
const tokKeys = async () => (await env.CACHE.list({ prefix: 'tok:' })).keys.map((k) => k.name);

describe('skill events', () => {
  it('SkillAccountLinked validates the new token and warms the cache for the next request', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();
    const event = await turn(skill, skillEvent('AlexaSkillEvent.SkillAccountLinked', { timestamp: NOW, accessToken: token }, { accessToken: token }));
    expect(event.body.response).toEqual({});
    expect(skill.provider.calls('userinfo')).toBe(1);
    expect(await tokKeys()).toHaveLength(1);

    const fresh = new SkillHarness(pki, {}, skill.provider);
    const answer = await turn(fresh, intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken: token }));
    expect(answer.speech).toContain('Contoso Tower');
    expect(skill.provider.calls('userinfo')).toBe(1);
  });

  it('SkillAccountLinked with a token the provider refuses is logged and answered empty', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const event = await turn(skill, skillEvent('AlexaSkillEvent.SkillAccountLinked', { timestamp: NOW, accessToken: 'Atza|bad' }));
    expect(event.body.response).toEqual({});
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'skill_event', account: 'invalid' }));
    expect(await tokKeys()).toEqual([]);
  });

  async function linkedUsersWithAttributes(skill: SkillHarness) {
    for (const userId of [USER_ID, OTHER_USER]) {
      const token = skill.provider.opaqueToken();
      const options = { timestamp: NOW, accessToken: token, userId };
      const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, options));
      await turn(skill, intentRequest('AMAZON.YesIntent', {}, { ...options, attributes: ask.attributes }));
    }
    expect(await tokKeys()).toHaveLength(2);
  }

  it('SkillDisabled (NOT_PERSISTED) removes that user\'s tokens, profiles and attributes, and only theirs', async () => {
    const skill = new SkillHarness(pki).serveChain();
    await linkedUsersWithAttributes(skill);
    const calls = skill.provider.totalCalls();
    await turn(skill, skillEvent('AlexaSkillEvent.SkillDisabled', { timestamp: NOW }, { userId: USER_ID, userInformationPersistenceStatus: 'NOT_PERSISTED' }));

    const remaining = await tokKeys();
    expect(remaining).toHaveLength(1);
    expect(remaining[0]!.startsWith(`tok:`)).toBe(true);
    expect(await env.CACHE.get(await attributesKey(USER_ID))).toBeNull();
    expect(await env.CACHE.get(await attributesKey(OTHER_USER))).not.toBeNull();
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'skill_event', removedTokens: 1 }));
    expect(skill.provider.totalCalls()).toBe(calls);
  });

  it('SkillDisabled also empties the isolate memory: the next request validates again', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();
    await turn(skill, intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken: token }));
    await turn(skill, skillEvent('AlexaSkillEvent.SkillDisabled', { timestamp: NOW }, { userInformationPersistenceStatus: 'PERSISTED' }));
    await turn(skill, intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken: token }));
    expect(skill.provider.calls('userinfo')).toBe(2);
  });

  const disabled = (skill: SkillHarness) =>
    turn(skill, skillEvent('AlexaSkillEvent.SkillDisabled', { timestamp: skill.now }, { userInformationPersistenceStatus: 'PERSISTED' }));
  const orderWork = (skill: SkillHarness, token: string) =>
    turn(skill, intentRequest('OrderCar', { destination: 'work' }, { timestamp: skill.now, accessToken: token }));

  it('SkillDisabled wins against a validation in flight in the same isolate: nothing is stored after the purge', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();
    const profile = skill.provider.hold('profile');
    const ordering = orderWork(skill, token);
    await profile.reached;
    await disabled(skill);
    profile.release();
    expect((await ordering).speech).toContain('Contoso Tower');

    expect(await tokKeys()).toEqual([]);
    await orderWork(skill, token);
    expect(skill.provider.calls('userinfo')).toBe(2);
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'token_store_skipped', reason: 'purged' }));
  });

  it('SkillDisabled in another isolate wins against a validation in flight here, through KV', async () => {
    const here = new SkillHarness(pki).serveChain();
    const elsewhere = new SkillHarness(pki, {}, here.provider);
    elsewhere.now = new Date(NOW.getTime() + 1000);
    const token = here.provider.opaqueToken();
    const profile = here.provider.hold('profile');
    const ordering = orderWork(here, token);
    await profile.reached;
    await disabled(elsewhere);
    profile.release();
    expect((await ordering).speech).toContain('Contoso Tower');

    expect(await tokKeys()).toEqual([]);
    expect(await env.CACHE.get(await purgeKey(USER_ID), 'json')).toEqual({ at: elsewhere.now.getTime() });
    // This isolate dropped it from memory too: its next request validates again.
    await orderWork(here, token);
    expect(here.provider.calls('userinfo')).toBe(2);
  });

  it('SkillDisabled does not stop a validation that starts after it: the new link is cached', async () => {
    const skill = new SkillHarness(pki).serveChain();
    await disabled(skill);
    skill.now = new Date(NOW.getTime() + 1000);
    const token = skill.provider.opaqueToken();
    await orderWork(skill, token);
    expect(await tokKeys()).toHaveLength(1);
    await orderWork(skill, token);
    expect(skill.provider.calls('userinfo')).toBe(1);
  });

  it('SkillDisabled (PERSISTED) keeps the persistent attributes, since the user ID will come back', async () => {
    const skill = new SkillHarness(pki).serveChain();
    await linkedUsersWithAttributes(skill);
    await turn(skill, skillEvent('AlexaSkillEvent.SkillDisabled', { timestamp: NOW }, { userInformationPersistenceStatus: 'PERSISTED' }));
    expect(await tokKeys()).toHaveLength(1);
    expect(await env.CACHE.get(await attributesKey(USER_ID), 'json')).toEqual({ lastDestination: 'work' });
  });
});
