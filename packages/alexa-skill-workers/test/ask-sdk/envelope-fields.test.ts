import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, skillEvent, type TestPki } from '../../src/testing.ts';
import { KitHarness, NOW } from '../support/harness.ts';
import { testKv } from '../support/kv.ts';
import { FakeProvider } from '../support/provider.ts';

/**
 * The fields a request cannot be answered without, as the kit reads them
 * (`context.System.user.userId`: credentialsOf, the persistence adapter, the skill events; the
 * `request.requestId`: answerOnce; the `session` object: sessionGuard), are refused when missing
 * or of another shape with an EnvelopeError naming the field, which the skill's error handler
 * answers; nothing is done or kept. Optional fields of the wrong shape read as absent
 * (test/properties/envelopes.properties.test.ts).
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

type Json = Record<string, unknown>;
type Envelope = { request: Json; session: Json; context: { System: Json } };

/** The fixture's ActIntent from a linked user, then changed by `change`. */
function act(provider: FakeProvider, change: (envelope: Envelope) => void): Json {
  const envelope = intentRequest('ActIntent', {}, { timestamp: NOW, accessToken: provider.opaqueToken() });
  change(envelope as Envelope);
  return envelope;
}

const malformed = (kit: KitHarness) => kit.log.lines.filter((line) => line.event === 'skill_error').map((line) => [line.code, line.field]);
/** The KV keys the skill wrote, but the certificate chain's. */
const kvKeys = async () => (await testKv.list()).keys.map((key) => key.name).filter((name) => !name.startsWith('cert:'));

describe('a field the request cannot be answered without', () => {
  it.each([
    ['missing', undefined],
    ['an object whose toString is not a function', { toString: 'x' }],
    ['a number', 42],
    ['empty', ''],
  ])('a request ID %s: the side effect does not run, twice, and no answer is kept', async (_, requestId) => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki);
    const envelope = act(provider, (e) => (e.request.requestId = requestId));
    for (let i = 0; i < 2; i++) expect(await kit.turn(envelope)).toMatchObject({ status: 200, speech: 'error' });
    expect(provider.acts).toEqual([]);
    expect(malformed(kit)).toEqual([['ENVELOPE_MALFORMED', 'request.requestId'], ['ENVELOPE_MALFORMED', 'request.requestId']]);
    expect((await kvKeys()).filter((key) => key.startsWith('done:'))).toEqual([]);
  });

  it.each([
    ['missing', (system: Json) => delete (system.user as Json).userId],
    ['an object whose toString is not a function', (system: Json) => ((system.user as Json).userId = { toString: 'x' })],
    ['a number', (system: Json) => ((system.user as Json).userId = 42)],
    ['empty', (system: Json) => ((system.user as Json).userId = '')],
    ['a user that is null', (system: Json) => (system.user = null)],
  ])('a user ID %s: nothing is done, and nothing is read or kept under a key such requests would share', async (_, change) => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki);
    await kit.turn(intentRequest('PublicIntent', {}, { timestamp: NOW }));
    const envelope = act(provider, (e) => change(e.context.System));
    const keysBefore = await kvKeys();
    expect((await kit.turn(envelope)).speech).toBe('error');
    expect(provider.acts).toEqual([]);
    expect(provider.totalCalls()).toBe(0);
    expect(malformed(kit)).toEqual([['ENVELOPE_MALFORMED', 'context.System.user.userId']]);
    expect(await kvKeys()).toEqual(keysBefore);
  });

  it('a SkillDisabled event without a user ID purges nobody', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki);
    await kit.turn(intentRequest('ActIntent', {}, { timestamp: NOW, accessToken: provider.opaqueToken() }));
    const keysBefore = await kvKeys();
    const event = skillEvent('AlexaSkillEvent.SkillDisabled', { timestamp: NOW }, { userInformationPersistenceStatus: 'NOT_PERSISTED' });
    delete ((event.context as Json).System as { user: Json }).user.userId;
    expect((await kit.turn(event)).status).toBe(200);
    expect(malformed(kit)).toEqual([['ENVELOPE_MALFORMED', 'context.System.user.userId']]);
    expect(await kvKeys()).toEqual(keysBefore);
  });

  it.each([[null], [0], [''], [42], [['a']]])('a session that is %j: the error handler, and no handler runs on it', async (session) => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki);
    expect((await kit.turn(act(provider, (e) => ((e as unknown as Json).session = session)))).speech).toBe('error');
    expect(provider.acts).toEqual([]);
    expect(malformed(kit)).toEqual([['ENVELOPE_MALFORMED', 'session']]);
  });
});

describe('session attributes of another shape', () => {
  it.each([[42], ['text'], [['acted']], [true]])('(%j) are answered as none, and sent back as {}, the map Alexa expects', async (attributes) => {
    const kit = new KitHarness(pki);
    const envelope = intentRequest('PublicIntent', {}, { timestamp: NOW }) as { session: Json };
    envelope.session.attributes = attributes;
    const answer = await kit.turn(envelope);
    expect(answer.speech).toBe('public');
    expect(answer.body?.sessionAttributes).toEqual({});
  });
});
