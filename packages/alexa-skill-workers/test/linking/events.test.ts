import { beforeAll, describe, expect, it } from 'vitest';
import { attributesKey, purgeKey } from '../../src/lib/kv-keys.ts';
import { createTestPki, intentRequest, skillEvent, USER_ID, type TestPki } from '../../src/testing.ts';
import { KitHarness, NOW } from '../support/harness.ts';
import { testKv } from '../support/kv.ts';
import { FakeProvider } from '../support/provider.ts';

/**
 * The skill events account linking needs (`linkingEventHandlers`; Amazon, "Use skill events"):
 * SkillAccountLinked warms the cache, SkillDisabled purges the user, winning against validations
 * in flight in this isolate and, through KV, in another.
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const OTHER_USER = 'amzn1.ask.account.SOMEONE-ELSE';
const tokKeys = async () => (await testKv.list({ prefix: 'tok:' })).keys.map((k) => k.name);
const greet = (kit: KitHarness, token: string) => kit.turn(intentRequest('GreetIntent', {}, { timestamp: kit.now, accessToken: token }));
const disabled = (kit: KitHarness) =>
  kit.turn(skillEvent('AlexaSkillEvent.SkillDisabled', { timestamp: kit.now }, { userInformationPersistenceStatus: 'PERSISTED' }));

describe('skill events', () => {
  it('SkillAccountLinked validates the new token and warms the cache for the next request', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki);
    const token = provider.opaqueToken();
    const event = await kit.turn(skillEvent('AlexaSkillEvent.SkillAccountLinked', { timestamp: NOW, accessToken: token }, { accessToken: token }));
    expect(event.body?.response).toEqual({});
    expect(provider.calls('userinfo')).toBe(1);
    expect(await tokKeys()).toHaveLength(1);

    const fresh = new KitHarness(pki);
    expect((await greet(fresh, token)).speech).toBe('Hello, Ana.');
    expect(provider.calls('userinfo')).toBe(1);
  });

  it('SkillAccountLinked with a token the provider refuses is logged and answered empty', async () => {
    new FakeProvider().install();
    const kit = new KitHarness(pki);
    const event = await kit.turn(skillEvent('AlexaSkillEvent.SkillAccountLinked', { timestamp: NOW, accessToken: 'Atza|bad' }));
    expect(event.body?.response).toEqual({});
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'skill_event', account: 'invalid' }));
    expect(await tokKeys()).toEqual([]);
  });

  /** Two users, each linked and with persistent attributes (written by ActIntent). */
  async function linkedUsersWithAttributes(kit: KitHarness, provider: FakeProvider) {
    for (const userId of [USER_ID, OTHER_USER]) {
      const act = await kit.turn(intentRequest('ActIntent', {}, { timestamp: NOW, accessToken: provider.opaqueToken(), userId }));
      expect(act.speech).toMatch(/^done /);
    }
    expect(await tokKeys()).toHaveLength(2);
  }

  it('SkillDisabled (NOT_PERSISTED) removes that user\'s tokens, profiles and attributes, and only theirs', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki);
    await linkedUsersWithAttributes(kit, provider);
    const calls = provider.totalCalls();
    await kit.turn(skillEvent('AlexaSkillEvent.SkillDisabled', { timestamp: NOW }, { userId: USER_ID, userInformationPersistenceStatus: 'NOT_PERSISTED' }));

    const remaining = await tokKeys();
    expect(remaining).toHaveLength(1);
    expect(remaining[0]!.startsWith(`tok:`)).toBe(true);
    expect(await testKv.get(await attributesKey(USER_ID))).toBeNull();
    expect(await testKv.get(await attributesKey(OTHER_USER))).not.toBeNull();
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'skill_event', removedTokens: 1 }));
    expect(provider.totalCalls()).toBe(calls);
  });

  it('SkillDisabled also empties the isolate memory: the next request validates again', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki);
    const token = provider.opaqueToken();
    await greet(kit, token);
    await disabled(kit);
    await greet(kit, token);
    expect(provider.calls('userinfo')).toBe(2);
  });

  it('SkillDisabled wins against a validation in flight in the same isolate: nothing is stored after the purge', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki);
    const token = provider.opaqueToken();
    const userinfo = provider.hold('userinfo');
    const greeting = greet(kit, token);
    await userinfo.reached;
    await disabled(kit);
    userinfo.release();
    expect((await greeting).speech).toBe('Hello, Ana.');

    expect(await tokKeys()).toEqual([]);
    await greet(kit, token);
    expect(provider.calls('userinfo')).toBe(2);
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'token_store_skipped', reason: 'purged' }));
  });

  it('SkillDisabled in another isolate wins against a validation in flight here, through KV', async () => {
    const provider = new FakeProvider().install();
    const here = new KitHarness(pki);
    const elsewhere = new KitHarness(pki);
    elsewhere.now = new Date(NOW.getTime() + 1000);
    const token = provider.opaqueToken();
    const userinfo = provider.hold('userinfo');
    const greeting = greet(here, token);
    await userinfo.reached;
    await disabled(elsewhere);
    userinfo.release();
    expect((await greeting).speech).toBe('Hello, Ana.');

    expect(await tokKeys()).toEqual([]);
    expect(await testKv.get(await purgeKey(USER_ID), 'json')).toEqual({ at: elsewhere.now.getTime() });
    // This isolate dropped it from memory too: its next request validates again.
    await greet(here, token);
    expect(provider.calls('userinfo')).toBe(2);
  });

  it('SkillDisabled does not stop a validation that starts after it: the new link is cached', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki);
    await disabled(kit);
    kit.now = new Date(NOW.getTime() + 1000);
    const token = provider.opaqueToken();
    await greet(kit, token);
    expect(await tokKeys()).toHaveLength(1);
    await greet(kit, token);
    expect(provider.calls('userinfo')).toBe(1);
  });

  it('SkillDisabled (PERSISTED) keeps the persistent attributes, since the user ID will come back', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki);
    await linkedUsersWithAttributes(kit, provider);
    await kit.turn(skillEvent('AlexaSkillEvent.SkillDisabled', { timestamp: NOW }, { userInformationPersistenceStatus: 'PERSISTED' }));
    expect(await tokKeys()).toHaveLength(1);
    expect(await testKv.get(await attributesKey(USER_ID), 'json')).toEqual({ lastAct: 'act-1' });
  });
});
