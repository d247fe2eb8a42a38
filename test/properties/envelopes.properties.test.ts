import type { ResponseEnvelope } from 'ask-sdk-model';
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestPki,
  intentRequest,
  launchRequest,
  sessionEndedRequest,
  sessionResumedRequest,
  skillEvent,
  type EnvelopeOptions,
  type TestPki,
} from 'alexa-skill-workers/testing';
import { PIN_TOKEN } from '../../src/skill/pin-confirmation.ts';
import { NOW, SkillHarness } from '../support/harness.ts';
import { LWA_CLIENT_ID } from '../support/provider.ts';
import { turn } from '../support/talk.ts';

/**
 * Alexa signs what it sends, but the skill still reads every field as it came: a signed envelope
 * with garbage where the skill expects a locale, a session, attributes, a person, a user, an
 * intent, slots, a connection's cause or a device (JSON of any shape: null, numbers, arrays,
 * objects, strings) is answered as if the field were absent or, where the skill cannot do without
 * it, with the error handler's apology under a stable code. Never an HTTP 5xx, never
 * `unhandled_error`, never a bare TypeError behind the apology, and always something the user hears.
 * The same property over the kit's own fixture is packages/alexa-skill-workers/test/properties/envelopes.properties.test.ts.
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

type Json = Record<string, unknown>;

/** Any JSON value, small, with the shapes a reader is most likely to trip on first. */
const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 0, 42, -1, 1.5, true, false, '', ' ', 'x', '42', '300', '200', '[]', '{}', [], {}, [null], { length: 1 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', { toString: 'x' }, { value: 1 }, ['work'], [{}]),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Where garbage may go: every field of the envelope the skill or the kit reads. */
const FIELDS: readonly (readonly string[])[] = [
  ['request', 'locale'],
  ['request', 'requestId'],
  ['request', 'dialogState'],
  ['request', 'intent'],
  ['request', 'intent', 'name'],
  ['request', 'intent', 'confirmationStatus'],
  ['request', 'intent', 'slots'],
  ...['destination', 'city'].flatMap((slot) => [
    ['request', 'intent', 'slots', slot],
    ['request', 'intent', 'slots', slot, 'name'],
    ['request', 'intent', 'slots', slot, 'value'],
    ['request', 'intent', 'slots', slot, 'resolutions'],
    ['request', 'intent', 'slots', slot, 'resolutions', 'resolutionsPerAuthority'],
    ['request', 'intent', 'slots', slot, 'resolutions', 'resolutionsPerAuthority', '0'],
    ['request', 'intent', 'slots', slot, 'resolutions', 'resolutionsPerAuthority', '0', 'status'],
    ['request', 'intent', 'slots', slot, 'resolutions', 'resolutionsPerAuthority', '0', 'status', 'code'],
    ['request', 'intent', 'slots', slot, 'resolutions', 'resolutionsPerAuthority', '0', 'values'],
    ['request', 'intent', 'slots', slot, 'resolutions', 'resolutionsPerAuthority', '0', 'values', '0'],
    ['request', 'intent', 'slots', slot, 'resolutions', 'resolutionsPerAuthority', '0', 'values', '0', 'value'],
    ['request', 'intent', 'slots', slot, 'resolutions', 'resolutionsPerAuthority', '0', 'values', '0', 'value', 'id'],
  ]),
  ['request', 'cause'],
  ['request', 'cause', 'type'],
  ['request', 'cause', 'token'],
  ['request', 'cause', 'status'],
  ['request', 'cause', 'status', 'code'],
  ['request', 'cause', 'result'],
  ['request', 'cause', 'result', 'status'],
  ['request', 'reason'],
  ['request', 'error'],
  ['request', 'body'],
  ['request', 'body', 'userInformationPersistenceStatus'],
  ['session'],
  ['session', 'new'],
  ['session', 'sessionId'],
  ['session', 'user'],
  ['session', 'attributes'],
  ['session', 'attributes', 'pending'],
  ['session', 'attributes', 'pending', 'destination'],
  ['session', 'attributes', 'pending', 'label'],
  ['context', 'System', 'user'],
  ['context', 'System', 'user', 'userId'],
  ['context', 'System', 'user', 'accessToken'],
  ['context', 'System', 'person'],
  ['context', 'System', 'person', 'personId'],
  ['context', 'System', 'person', 'accessToken'],
  ['context', 'System', 'person', 'authenticationConfidenceLevel'],
  ['context', 'System', 'person', 'authenticationConfidenceLevel', 'level'],
  ['context', 'System', 'device'],
  ['context', 'System', 'device', 'deviceId'],
  ['context', 'System', 'device', 'supportedInterfaces'],
  ['context', 'System', 'apiEndpoint'],
  ['context', 'System', 'apiAccessToken'],
];

/** Puts `value` at `path`, building the objects on the way; a path through a non-object is left as it is. */
function put(envelope: Json, path: readonly string[], value: unknown): void {
  let node: unknown = envelope;
  for (const [i, key] of path.entries()) {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (i === path.length - 1) {
      record[key] = structuredClone(value);
      return;
    }
    if (record[key] === undefined) record[key] = /^\d+$/.test(path[i + 1]!) ? [] : {};
    node = record[key];
  }
}

const PENDING = { pending: { destination: 'work', label: 'Contoso Tower' } };

/** The requests that answer with speech (or a connection Alexa speaks for), before garbage is put in. */
type Kind = 'launch' | 'order' | 'yes' | 'no' | 'availability' | 'help' | 'stop' | 'fallback' | 'home' | 'unknown' | 'pin' | 'voice-resumed';
const SPOKEN: readonly Kind[] = ['launch', 'order', 'yes', 'no', 'availability', 'help', 'stop', 'fallback', 'home', 'unknown', 'pin', 'voice-resumed'];

/** The connection token of the voice-forward linking Ride Hailer starts for OrderCar to work (read from a real turn). */
let voiceLinkingToken: string;

function base(kind: Kind | 'ended' | 'event', options: EnvelopeOptions): Json {
  switch (kind) {
    case 'launch': return launchRequest(options);
    case 'order': return intentRequest('OrderCar', { destination: 'work' }, options);
    case 'yes': return intentRequest('AMAZON.YesIntent', {}, { ...options, attributes: PENDING });
    case 'no': return intentRequest('AMAZON.NoIntent', {}, { ...options, attributes: PENDING });
    case 'availability': return intentRequest('RideHailerAvailabilityByCity', { city: 'Seattle' }, options);
    case 'help': return intentRequest('AMAZON.HelpIntent', {}, options);
    case 'stop': return intentRequest('AMAZON.StopIntent', {}, options);
    case 'fallback': return intentRequest('AMAZON.FallbackIntent', {}, options);
    case 'home': return intentRequest('AMAZON.NavigateHomeIntent', {}, options);
    case 'unknown': return intentRequest('NotInTheModel', {}, options);
    case 'pin':
      return sessionResumedRequest({ token: PIN_TOKEN, result: { status: 'ACHIEVED' } }, { ...options, attributes: PENDING });
    case 'voice-resumed':
      return sessionResumedRequest(
        { token: voiceLinkingToken, result: { status: 'LINKED' } },
        { ...options, attributes: {} },
      );
    case 'ended': return sessionEndedRequest(options);
    case 'event': return skillEvent('AlexaSkillEvent.SkillDisabled', options, { userInformationPersistenceStatus: 'PERSISTED' });
  }
}

/** A whole envelope: one of the requests above, linked or not, spoken by a recognized person or not, with garbage in 1 to 4 fields. */
const envelopes = (kinds: readonly (Kind | 'ended' | 'event')[]) =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    linked: fc.boolean(),
    person: fc.constantFrom('none', 'recognized', 'own-link'),
    voice: fc.boolean(),
    fields: fc.uniqueArray(fc.tuple(fc.constantFrom(...FIELDS), garbage), { minLength: 1, maxLength: 4, selector: ([path]) => path.join('.') }),
  });

/** Two isolates, with and without voice-forward linking (Login with Amazon), made again for each test (its outbound routes are). */
let skills: { card: SkillHarness; voice: SkillHarness };
beforeEach(async () => {
  skills = {
    card: new SkillHarness(pki).serveChain(),
    voice: new SkillHarness(pki, { LWA_CLIENT_ID, VOICE_ACCOUNT_LINKING: 'true' }).serveChain(),
  };
  const linking = await turn(skills.voice, intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW }));
  const [directive] = (linking.body.response.directives ?? []) as { type: string; token?: string }[];
  expect(directive?.type).toBe('Connections.StartConnection');
  voiceLinkingToken = directive!.token!;
});
const skillFor = (voice: boolean): SkillHarness => (voice ? skills.voice : skills.card);

type Generated = { kind: Kind | 'ended' | 'event'; linked: boolean; person: string; voice: boolean; fields: [readonly string[], unknown][] };

async function answer(g: Generated) {
  // Alexa resumes a voice-forward linking only where the skill started one.
  const skill = skillFor(g.voice || g.kind === 'voice-resumed');
  const token = g.linked ? skill.provider.opaqueToken() : undefined;
  const person =
    g.person === 'none' ? undefined
    : g.person === 'recognized' ? { personId: 'amzn1.ask.person.ANA' }
    : { personId: 'amzn1.ask.person.ANA', accessToken: skill.provider.opaqueToken() };
  const envelope = base(g.kind, { timestamp: NOW, accessToken: token, person });
  for (const [path, value] of g.fields) put(envelope, path, value);
  skill.logs.lines.length = 0;
  const response = await skill.send(envelope);
  const text = await response.text();
  return { skill, envelope, status: response.status, text, logs: [...skill.logs.lines] };
}

function expectNoCrash(result: Awaited<ReturnType<typeof answer>>): ResponseEnvelope {
  const context = `${JSON.stringify(result.envelope)}\n→ ${result.status} ${result.text}\n${JSON.stringify(result.logs)}`;
  expect(result.status, context).toBe(200);
  expect(result.logs.filter((line) => line.event === 'unhandled_error'), context).toEqual([]);
  // The apology is for a field the skill cannot do without (a stable code), or for an intent no
  // handler takes (ask-sdk's dispatcher: a name outside the model, or not a string), never a TypeError.
  const crashes = result.logs.filter(
    (line) => line.event === 'skill_error' && line.code !== 'ENVELOPE_MALFORMED' && line.name !== 'AskSdk.GenericRequestDispatcher Error',
  );
  expect(crashes, context).toEqual([]);
  const body = JSON.parse(result.text) as ResponseEnvelope;
  const attributes: unknown = body.sessionAttributes;
  expect(attributes === undefined || (typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes)), context).toBe(true);
  return body;
}

describe('every field of the envelope, any shape (properties, through the whole Worker)', () => {
  // Without garbage, each request gets its own answer, not the apology: the properties start from real conversations.
  it.each(SPOKEN.filter((kind) => kind !== 'unknown'))('answers a well-formed %s without the error handler', async (kind) => {
    const result = await answer({ kind, linked: true, person: 'none', voice: false, fields: [] });
    expectNoCrash(result);
    expect(result.logs.map((line) => line.event)).not.toContain('skill_error');
  });

  it('answers a request that speaks with something the user hears, whatever garbage is in the fields the skill reads', async () => {
    await fc.assert(
      fc.asyncProperty(envelopes(SPOKEN), async (g) => {
        const result = await answer(g);
        const body = expectNoCrash(result);
        const ssml = (body.response.outputSpeech as { ssml?: string } | undefined)?.ssml ?? '';
        // A StartConnection (PIN confirmation, voice-forward linking) is Alexa speaking for the skill.
        const connection = (body.response.directives ?? []).some((d) => d.type === 'Connections.StartConnection');
        expect(/^<speak>.+<\/speak>$/s.test(ssml) || connection, `${JSON.stringify(result.envelope)}\n→ ${result.text}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('answers a session end or a skill event with 200 and no error, whatever garbage is in its fields', async () => {
    await fc.assert(
      fc.asyncProperty(envelopes(['ended', 'event']), async (g) => {
        expectNoCrash(await answer(g));
      }),
      { numRuns: 100 },
    );
  });
});
