import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, launchRequest, type TestPki } from 'alexa-skill-workers/testing';
import { stringsFor } from '../../src/skill/i18n/index.ts';
import { NOW, SkillHarness } from '../support/harness.ts';
import { turn } from '../support/talk.ts';

/**
 * The fields a request cannot be answered without (`context.System.user.userId`, which keys what
 * is kept per user; `request.requestId`, which tells a replayed copy from another request; the
 * `session` object) are refused when missing or of another shape: the apology, logged
 * `skill_error` with code `ENVELOPE_MALFORMED` and the field, and nothing done or kept. Optional
 * fields of the wrong shape read as absent (test/properties/envelopes.properties.test.ts). The
 * kit's readers and sessionGuard are tested on their own in
 * packages/alexa-skill-workers/test/ask-sdk/envelope-fields.test.ts.
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

type Json = Record<string, unknown>;
const APOLOGY = `<speak>${stringsFor('en-US').error}</speak>`;

/**
 * A Yes that would order a ride (its pending order quoted by a real OrderCar turn, so it records
 * whom it was quoted to), then changed by `change`.
 */
async function yes(skill: SkillHarness, change: (envelope: { request: Json; session: Json; context: { System: Json } }) => void): Promise<Json> {
  const accessToken = skill.provider.opaqueToken();
  const { attributes } = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken }));
  expect(attributes).toHaveProperty('pending');
  const envelope = intentRequest('AMAZON.YesIntent', {}, { timestamp: NOW, accessToken, attributes });
  change(envelope as Parameters<typeof change>[0]);
  return envelope;
}

const malformed = (skill: SkillHarness) => skill.logs.lines.filter((line) => line.event === 'skill_error').map((line) => [line.code, line.field]);
/** The KV keys the skill wrote, but the certificate chain's (the request was verified). */
const kvKeys = async () => (await env.CACHE.list()).keys.map((key) => key.name).filter((name) => !name.startsWith('cert:'));

describe('a field the request cannot be answered without', () => {
  it.each([
    ['missing', undefined],
    ['an object whose toString is not a function', { toString: 'x' }],
    ['a number', 42],
    ['empty', ''],
  ])('a request ID %s: the ride is not ordered, twice, and no answer is kept', async (_, requestId) => {
    const skill = new SkillHarness(pki).serveChain();
    for (let i = 0; i < 2; i++) {
      const answer = await turn(skill, await yes(skill, (e) => (e.request.requestId = requestId)));
      expect(answer.speech).toBe(APOLOGY);
    }
    expect(skill.provider.rides).toEqual([]);
    expect(malformed(skill)).toEqual([['ENVELOPE_MALFORMED', 'request.requestId'], ['ENVELOPE_MALFORMED', 'request.requestId']]);
    expect((await kvKeys()).filter((key) => key.startsWith('done:'))).toEqual([]);
  });

  it.each([
    ['missing', (system: Json) => delete (system.user as Json).userId],
    ['an object whose toString is not a function', (system: Json) => ((system.user as Json).userId = { toString: 'x' })],
    ['a number', (system: Json) => ((system.user as Json).userId = 42)],
    ['a user that is null', (system: Json) => (system.user = null)],
  ])('a user ID %s: nothing is ordered, and nothing is read or kept under a key such requests would share', async (_, change) => {
    const skill = new SkillHarness(pki).serveChain();
    const envelope = await yes(skill, (e) => change(e.context.System));
    const [callsBefore, keysBefore] = [skill.provider.totalCalls(), await kvKeys()];
    const answer = await turn(skill, envelope);
    expect(answer.speech).toBe(APOLOGY);
    expect(skill.provider.rides).toEqual([]);
    expect(skill.provider.totalCalls()).toBe(callsBefore);
    expect(malformed(skill)).toEqual([['ENVELOPE_MALFORMED', 'context.System.user.userId']]);
    expect(await kvKeys()).toEqual(keysBefore);
  });

  it.each([[null], [0], [''], [42], [['a']]])('a session that is %j: the apology, and no handler runs on it', async (session) => {
    const skill = new SkillHarness(pki).serveChain();
    const answer = await turn(skill, await yes(skill, (e) => ((e as Json).session = session)));
    expect(answer.speech).toBe(APOLOGY);
    expect(skill.provider.rides).toEqual([]);
    expect(malformed(skill)).toEqual([['ENVELOPE_MALFORMED', 'session']]);
  });
});

describe('session attributes of another shape', () => {
  it.each([[42], ['text'], [['pending']], [true]])('(%j) are answered as none, and sent back as {}, the map Alexa expects', async (attributes) => {
    const skill = new SkillHarness(pki).serveChain();
    const envelope = launchRequest({ timestamp: NOW }) as { session: Json };
    envelope.session.attributes = attributes;
    const answer = await turn(skill, envelope);
    expect(answer.speech).toContain('Welcome');
    expect(answer.body.sessionAttributes).toEqual({});
  });
});
