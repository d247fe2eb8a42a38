import type { ResponseEnvelope } from 'ask-sdk-model';
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resumeToken } from '../../src/ask-sdk/voice-linking.ts';
import { LoginWithAmazonValidator } from '../../src/linking.ts';
import {
  createTestPki,
  intentRequest,
  launchRequest,
  sessionEndedRequest,
  sessionResumedRequest,
  skillEvent,
  type EnvelopeOptions,
  type TestPki,
} from '../../src/testing.ts';
import { KitHarness, NOW } from '../support/harness.ts';
import { CLIENT_ID, FakeProvider, URLS } from '../support/provider.ts';

/**
 * Alexa signs what it sends, but the kit still reads every field as it came: a signed envelope
 * with garbage where the kit expects a session, attributes, a person, a user, an intent, slots, a
 * connection's cause or a skill event's body (JSON of any shape: null, numbers, arrays, objects,
 * strings) is read as if the field were absent or, where nothing can be done without it, refused
 * with an EnvelopeError the skill's error handler answers. Never an HTTP 5xx, never
 * `unhandled_error`, never a bare TypeError behind the error handler, and always something the
 * user hears. Run through the fixture Worker, whose handlers read the envelope only with the kit.
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

type Json = Record<string, unknown>;

/** Any JSON value, small, with the shapes a reader is most likely to trip on first. */
const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 0, 42, -1, 1.5, true, false, '', ' ', 'x', '42', '300', '200', '[]', '{}', [], {}, [null], { length: 1 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', { toString: 'x' }, { value: 1 }, ['ana'], [{}]),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Where garbage may go: every field of the envelope the kit reads. */
const FIELDS: readonly (readonly string[])[] = [
  ['request', 'requestId'],
  ['request', 'intent'],
  ['request', 'intent', 'name'],
  ['request', 'intent', 'slots'],
  ['request', 'intent', 'slots', 'who'],
  ['request', 'intent', 'slots', 'who', 'name'],
  ['request', 'intent', 'slots', 'who', 'value'],
  ['request', 'intent', 'slots', 'who', 'resolutions'],
  ['request', 'intent', 'slots', 'who', 'resolutions', 'resolutionsPerAuthority'],
  ['request', 'intent', 'slots', 'who', 'resolutions', 'resolutionsPerAuthority', '0'],
  ['request', 'intent', 'slots', 'who', 'resolutions', 'resolutionsPerAuthority', '0', 'status'],
  ['request', 'intent', 'slots', 'who', 'resolutions', 'resolutionsPerAuthority', '0', 'status', 'code'],
  ['request', 'intent', 'slots', 'who', 'resolutions', 'resolutionsPerAuthority', '0', 'values'],
  ['request', 'intent', 'slots', 'who', 'resolutions', 'resolutionsPerAuthority', '0', 'values', '0'],
  ['request', 'intent', 'slots', 'who', 'resolutions', 'resolutionsPerAuthority', '0', 'values', '0', 'value'],
  ['request', 'intent', 'slots', 'who', 'resolutions', 'resolutionsPerAuthority', '0', 'values', '0', 'value', 'id'],
  ['request', 'cause'],
  ['request', 'cause', 'type'],
  ['request', 'cause', 'token'],
  ['request', 'cause', 'status'],
  ['request', 'cause', 'status', 'code'],
  ['request', 'cause', 'result'],
  ['request', 'cause', 'result', 'status'],
  ['request', 'body'],
  ['request', 'body', 'userInformationPersistenceStatus'],
  ['session'],
  ['session', 'new'],
  ['session', 'sessionId'],
  ['session', 'user'],
  ['session', 'attributes'],
  ['session', 'attributes', 'acted'],
  ['context', 'System', 'user'],
  ['context', 'System', 'user', 'userId'],
  ['context', 'System', 'user', 'accessToken'],
  ['context', 'System', 'person'],
  ['context', 'System', 'person', 'personId'],
  ['context', 'System', 'person', 'accessToken'],
  ['context', 'System', 'person', 'authenticationConfidenceLevel'],
  ['context', 'System', 'person', 'authenticationConfidenceLevel', 'level'],
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

/** The fixture's requests that answer with speech (or a connection Alexa speaks for), before garbage is put in. */
type Kind = 'launch' | 'public' | 'greet' | 'act' | 'unknown' | 'voice-resumed';
const SPOKEN: readonly Kind[] = ['launch', 'public', 'greet', 'act', 'unknown', 'voice-resumed'];

function base(kind: Kind | 'ended' | 'disabled' | 'linked', options: EnvelopeOptions): Json {
  switch (kind) {
    case 'launch': return launchRequest(options);
    case 'public': return intentRequest('PublicIntent', {}, options);
    case 'greet': return intentRequest('GreetIntent', { who: 'Ana' }, options);
    case 'act': return intentRequest('ActIntent', {}, { ...options, attributes: { acted: 'act-0' } });
    case 'unknown': return intentRequest('NotInTheModel', {}, options);
    case 'voice-resumed':
      return sessionResumedRequest(
        { token: resumeToken({ intent: 'GreetIntent', slots: { who: 'Ana' }, ids: {} }), result: { status: 'LINKED' } },
        { ...options, attributes: {} },
      );
    case 'ended': return sessionEndedRequest(options);
    case 'disabled': return skillEvent('AlexaSkillEvent.SkillDisabled', options, { userInformationPersistenceStatus: 'PERSISTED' });
    case 'linked': return skillEvent('AlexaSkillEvent.SkillAccountLinked', options);
  }
}

/** A whole envelope: one of the requests above, linked or not, spoken by a recognized person or not, with garbage in 1 to 4 fields. */
const envelopes = (kinds: readonly (Kind | 'ended' | 'disabled' | 'linked')[]) =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    linked: fc.boolean(),
    person: fc.constantFrom('none', 'recognized', 'own-link'),
    voice: fc.boolean(),
    fields: fc.uniqueArray(fc.tuple(fc.constantFrom(...FIELDS), garbage), { minLength: 1, maxLength: 4, selector: ([path]) => path.join('.') }),
  });

/** Two isolates, with and without voice-forward linking (Login with Amazon), made again for each test (its outbound routes are). */
let provider: FakeProvider;
let kits: { card: KitHarness; voice: KitHarness };
beforeEach(() => {
  provider = new FakeProvider().install();
  kits = {
    card: new KitHarness(pki),
    voice: new KitHarness(pki, { validator: () => new LoginWithAmazonValidator({ clientId: CLIENT_ID, userinfoUrl: URLS.userinfo }), voiceLinking: true }),
  };
});

type Generated = { kind: Kind | 'ended' | 'disabled' | 'linked'; linked: boolean; person: string; voice: boolean; fields: [readonly string[], unknown][] };

async function answer(g: Generated) {
  // Alexa resumes a voice-forward linking only where the skill started one.
  const kit = g.voice || g.kind === 'voice-resumed' ? kits.voice : kits.card;
  const token = g.linked ? provider.opaqueToken() : undefined;
  const person =
    g.person === 'none' ? undefined
    : g.person === 'recognized' ? { personId: 'amzn1.ask.person.ANA' }
    : { personId: 'amzn1.ask.person.ANA', accessToken: provider.opaqueToken() };
  const envelope = base(g.kind, { timestamp: NOW, accessToken: token, person });
  for (const [path, value] of g.fields) put(envelope, path, value);
  kit.log.lines.length = 0;
  const response = await kit.send(envelope);
  const text = await response.text();
  return { envelope, status: response.status, text, logs: [...kit.log.lines] };
}

function expectNoCrash(result: Awaited<ReturnType<typeof answer>>): ResponseEnvelope {
  const context = `${JSON.stringify(result.envelope)}\n→ ${result.status} ${result.text}\n${JSON.stringify(result.logs)}`;
  expect(result.status, context).toBe(200);
  expect(result.logs.filter((line) => line.event === 'unhandled_error'), context).toEqual([]);
  // The error handler is for a field nothing can be done without (a stable code), never a TypeError.
  expect(result.logs.filter((line) => line.event === 'skill_error' && line.code !== 'ENVELOPE_MALFORMED'), context).toEqual([]);
  const body = JSON.parse(result.text) as ResponseEnvelope;
  const attributes: unknown = body.sessionAttributes;
  expect(attributes === undefined || (typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes)), context).toBe(true);
  return body;
}

describe('every field of the envelope the kit reads, any shape (properties, through the fixture Worker)', () => {
  // Without garbage, each request gets its own answer, not the error handler: the properties start from real conversations.
  it.each(SPOKEN)('answers a well-formed %s without the error handler', async (kind) => {
    const result = await answer({ kind, linked: true, person: 'none', voice: false, fields: [] });
    expectNoCrash(result);
    expect(result.logs.map((line) => line.event)).not.toContain('skill_error');
  });

  it('answers a request that speaks with something the user hears, whatever garbage is in the fields the kit reads', async () => {
    await fc.assert(
      fc.asyncProperty(envelopes(SPOKEN), async (g) => {
        const result = await answer(g);
        const body = expectNoCrash(result);
        const ssml = (body.response.outputSpeech as { ssml?: string } | undefined)?.ssml ?? '';
        // A StartConnection (voice-forward linking) is Alexa speaking for the skill.
        const connection = (body.response.directives ?? []).some((d) => d.type === 'Connections.StartConnection');
        expect(/^<speak>.+<\/speak>$/s.test(ssml) || connection, `${JSON.stringify(result.envelope)}\n→ ${result.text}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('answers a session end or a skill event with 200 and no error, whatever garbage is in its fields', async () => {
    await fc.assert(
      fc.asyncProperty(envelopes(['ended', 'disabled', 'linked']), async (g) => {
        expectNoCrash(await answer(g));
      }),
      { numRuns: 100 },
    );
  });
});
