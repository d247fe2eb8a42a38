import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, USER_ID, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';
import { kvKeys, probeKv } from '../support/kv.ts';
import type { FakeRideHailer } from '../support/provider.ts';
import { turn } from '../support/talk.ts';

/**
 * Ride Hailer's last destination (persistent attributes, through the kit's KvPersistenceAdapter)
 * when KV fails. The adapter's own guarantees are the kit's test
 * (packages/alexa-skill-workers/test/storage/persistence.test.ts).
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

/**
 * The session a device sends back after OrderCar to work with `token`: quoted by another isolate
 * on healthy KV (the quote records whom it was made to), so only the Yes meets the failing KV.
 */
async function quoted(provider: FakeRideHailer, token: string): Promise<Record<string, unknown>> {
  const quoting = new SkillHarness(pki, {}, provider).serveChain();
  return (await turn(quoting, intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken: token }))).attributes;
}
const STORED = { lastDestination: 'home', note: 'kept' };

/** The real KV namespace with its reads failing and its writes working: the case that used to lose data. */
function readsFail(kv: KVNamespace): KVNamespace {
  return new Proxy(kv, {
    get(target, prop, receiver) {
      if (prop === 'get' || prop === 'getWithMetadata') return () => Promise.reject(new Error('KV read failed (injected)'));
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const events = (skill: SkillHarness) => skill.logs.lines.map((line) => line.event);

describe('persistent attributes are never lost', () => {
  it('KV whose reads fail but whose writes work: Yes does not save over the stored attributes', async () => {
    const key = await kvKeys.attributes(USER_ID);
    await env.CACHE.put(key, JSON.stringify(STORED));
    const skill = new SkillHarness(pki, { CACHE: readsFail(env.CACHE) }).serveChain();
    const token = skill.provider.opaqueToken();

    const attributes = await quoted(skill.provider, token);
    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, { timestamp: NOW, accessToken: token, attributes }));
    expect(yes.speech).toContain('on its way');
    expect(await env.CACHE.get(key, 'json')).toEqual(STORED);
    expect(events(skill)).toContain('attributes_write_skipped');
  });

  it('KV that fails to read on OrderCar without a destination: asks where to', async () => {
    await env.CACHE.put(await kvKeys.attributes(USER_ID), JSON.stringify(STORED));
    const kv = probeKv();
    kv.fail = 'throw';
    const skill = new SkillHarness(pki, { CACHE: kv.kv }).serveChain();
    const answer = await turn(skill, intentRequest('OrderCar', {}, { timestamp: NOW, accessToken: skill.provider.opaqueToken() }));
    expect(answer.speech).toContain('Where would you like to go');
    expect(events(skill)).toContain('attributes_unavailable');
  });

  it('no stored attributes is not a failure: Yes saves the destination', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();
    const attributes = await quoted(skill.provider, token);
    await turn(skill, intentRequest('AMAZON.YesIntent', {}, { timestamp: NOW, accessToken: token, attributes }));
    expect(await env.CACHE.get(await kvKeys.attributes(USER_ID), 'json')).toEqual({ lastDestination: 'work' });
    expect(events(skill)).not.toContain('attributes_unavailable');
  });
});
