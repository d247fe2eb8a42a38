import { beforeAll, describe, expect, it } from 'vitest';
import { attributesKey } from '../../src/lib/kv-keys.ts';
import { createTestPki, intentRequest, USER_ID, type TestPki } from '../../src/testing.ts';
import { KitHarness, NOW } from '../support/harness.ts';
import { probeKv, testKv } from '../support/kv.ts';
import { FakeProvider } from '../support/provider.ts';

/**
 * KvPersistenceAdapter, through the fixture's ActIntent (which reads the persistent attributes
 * after its side effect, adds `lastAct` and saves them): a read that fails never becomes a write.
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const STORED = { lastAct: 'act-0', note: 'kept' };

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

const events = (kit: KitHarness) => kit.log.lines.map((line) => line.event);
const act = (accessToken: string) => intentRequest('ActIntent', {}, { timestamp: NOW, accessToken });

describe('persistent attributes are never lost', () => {
  it.each(['throw', 'hang'] as const)('KV that fails to read (%s): the intent is answered, nothing is written', async (fail) => {
    const provider = new FakeProvider().install();
    const key = await attributesKey(USER_ID);
    await testKv.put(key, JSON.stringify(STORED));
    const kv = probeKv();
    kv.fail = fail;
    const kit = new KitHarness(pki, { kv: kv.kv });

    expect((await kit.turn(act(provider.opaqueToken()))).speech).toBe('done {"id":"act-1"}');
    expect(provider.acts).toHaveLength(1);
    expect(kv.ops).not.toContain(`put ${key}`);
    expect(events(kit)).toEqual(expect.arrayContaining(['attributes_unavailable', 'attributes_write_skipped']));
    expect(await testKv.get(key, 'json')).toEqual(STORED);
  });

  it('KV whose reads fail but whose writes work: the save does not replace the stored attributes', async () => {
    const provider = new FakeProvider().install();
    const key = await attributesKey(USER_ID);
    await testKv.put(key, JSON.stringify(STORED));
    const kit = new KitHarness(pki, { kv: readsFail(testKv) });

    expect((await kit.turn(act(provider.opaqueToken()))).speech).toBe('done {"id":"act-1"}');
    expect(await testKv.get(key, 'json')).toEqual(STORED);
    expect(events(kit)).toContain('attributes_write_skipped');
  });

  it('keeps what else is stored when it saves', async () => {
    const provider = new FakeProvider().install();
    const key = await attributesKey(USER_ID);
    await testKv.put(key, JSON.stringify(STORED));
    const kit = new KitHarness(pki);
    await kit.turn(act(provider.opaqueToken()));
    expect(await testKv.get(key, 'json')).toEqual({ lastAct: 'act-1', note: 'kept' });
  });

  it('no stored attributes is not a failure: the save writes them', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki);
    await kit.turn(act(provider.opaqueToken()));
    expect(await testKv.get(await attributesKey(USER_ID), 'json')).toEqual({ lastAct: 'act-1' });
    expect(events(kit)).not.toContain('attributes_unavailable');
  });

  it.each([
    ['text that is not JSON', 'lastAct=act-0'],
    ['a JSON array', JSON.stringify(['act-0'])],
    ['a JSON string', JSON.stringify('act-0')],
  ])('stored attributes that are %s read as none (attributes_malformed), and the save replaces them', async (_, stored) => {
    const provider = new FakeProvider().install();
    const key = await attributesKey(USER_ID);
    await testKv.put(key, stored);
    const kit = new KitHarness(pki);
    await kit.turn(act(provider.opaqueToken()));
    expect(events(kit)).toContain('attributes_malformed');
    expect(await testKv.get(key, 'json')).toEqual({ lastAct: 'act-1' });
  });
});
