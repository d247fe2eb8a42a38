import { describe, expect, it } from 'vitest';
import { NoMatchError, compileModel, resolveUtterance, type IntentRequestBody, type ResolveOptions } from '../../src/nlu/index.ts';
import { NOW, fixture, rideHailer, thrown } from './support.ts';

const SKILL_ID = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';
const kitchen = fixture('kitchen.json');
const enUS = rideHailer('en-US');
const inSession: ResolveOptions = { locale: 'en-US', now: NOW, inSession: true, skillId: SKILL_ID };

/** The IntentRequest for `utterance` inside a session of the kitchen model. */
const say = (utterance: string, options: Partial<ResolveOptions> = {}) =>
  resolveUtterance(kitchen, utterance, { ...inSession, ...options }).request as IntentRequestBody;

describe('invocation forms', () => {
  it.each(['open ride hailer', 'ask ride hailer', 'launch ride hailer', 'start ride hailer', 'tell ride hailer', 'Alexa, open Ride Hailer!'])(
    '%j is a LaunchRequest',
    (utterance) => {
      expect(resolveUtterance(enUS, utterance, { locale: 'en-US', now: NOW }).request).toEqual({ type: 'LaunchRequest' });
    },
  );

  it.each([
    ['ask ride hailer to get me a ride to my office', 'ask {name} to {request}'],
    ['ask ride hailer get me a ride to my office', 'ask {name} {request}'],
    ['tell ride hailer to get me a ride to my office', 'tell {name} to {request}'],
    ['open ride hailer and get me a ride to my office', 'open {name} and {request}'],
    ['get me a ride to my office using ride hailer', '{request} using {name}'],
    ['Alexa, ask ride hailer to get me a ride to my office', 'ask {name} to {request}'],
  ])('%j is OrderCar through %j', (utterance, phrase) => {
    const { request, trace } = resolveUtterance(enUS, utterance, { locale: 'en-US', now: NOW });
    expect(trace.invocation).toEqual({ form: 'one-shot', phrase, request: 'get me a ride to my office' });
    expect(request).toMatchObject({ type: 'IntentRequest', intent: { name: 'OrderCar', slots: { destination: { value: 'my office' } } } });
  });

  it('takes a bare utterance as the request inside a session', () => {
    const { trace } = resolveUtterance(enUS, 'order a car', { locale: 'en-US', now: NOW, inSession: true });
    expect(trace.invocation).toEqual({ form: 'session', request: 'order a car' });
    expect(trace.match).toMatchObject({ intent: 'OrderCar', sample: 'order a car' });
  });

  it('refuses a bare utterance outside a session: Alexa would not route it to the skill', () => {
    const error = thrown(() => resolveUtterance(enUS, 'order a car', { locale: 'en-US', now: NOW }));
    expect(error.code).toBe('ERR_NOT_INVOKED');
    expect(error.message).toContain('"ride hailer"');
  });

  it('refuses a locale whose language it has no words for', () => {
    expect(thrown(() => resolveUtterance(enUS, 'open ride hailer', { locale: 'hi-IN', now: NOW })).code).toBe('ERR_LOCALE_UNSUPPORTED');
  });
});

describe('sample utterances', () => {
  it.each(['Get me a ride to my office', 'get me a ride to my office?', '  GET me a   ride, to my office.  ', 'get me a ride to my-office'])(
    'match insensitive to case, punctuation and spacing: %j',
    (utterance) => {
      const { request } = resolveUtterance(enUS, utterance, inSession);
      expect(request).toMatchObject({ intent: { name: 'OrderCar', slots: { destination: { value: 'my office' } } } });
    },
  );

  it('prefers the sample with more literal words, whatever the model order', () => {
    const { trace } = resolveUtterance(kitchen, 'play the song', inSession);
    expect(trace.match).toEqual({ intent: 'PlayMediaIntent', sample: 'play the {mediaType}', source: 'model', literals: 2, ties: 1 });
    expect(trace.slots).toMatchObject([{ name: 'mediaType', spoken: 'song', status: 'ER_SUCCESS_MATCH' }]);
  });

  it('between samples with as many literal words, prefers the one whose slots are understood', () => {
    expect(say('order two large pizzas').intent.slots).toMatchObject({ count: { value: '2' }, size: { value: 'large' } });
  });

  it('breaks a remaining tie by the model order, the same way every time', () => {
    const { trace } = resolveUtterance(kitchen, 'order twenty one pizzas', inSession);
    expect(trace.match).toMatchObject({ sample: 'order {count} pizzas', ties: 2 });
    expect(trace.slots).toEqual([{ name: 'count', type: 'AMAZON.NUMBER', spoken: 'twenty one', value: '21' }]);
  });

  it('matches a slot-only sample, but never over a phrase with literal words', () => {
    expect(say('forty two').intent).toMatchObject({ name: 'AnswerIntent', slots: { answer: { value: '42' } } });
    expect(say('stop').intent.name).toBe('AMAZON.StopIntent');
  });

  it('does not fill a number slot with words that are not a number', () => {
    const error = thrown(() => say('blue'));
    expect(error).toBeInstanceOf(NoMatchError);
  });

  it("extends a built-in intent with the model's own samples", () => {
    expect(say('what can i cook').intent.name).toBe('AMAZON.HelpIntent');
    expect(say('help me').intent.name).toBe('AMAZON.HelpIntent');
  });
});

describe('custom slot types and entity resolution', () => {
  // Amazon's example: MEDIA_TYPE, value "song" with synonyms "track" and "single", id SONG.
  it.each(['song', 'track', 'single'])('resolves %j to the entity song / SONG, keeping the words said as value', (said) => {
    expect(say(`play the ${said}`).intent.slots!.mediaType).toEqual({
      name: 'mediaType',
      value: said,
      confirmationStatus: 'NONE',
      resolutions: {
        resolutionsPerAuthority: [
          {
            authority: `amzn1.er-authority.echo-sdk.${SKILL_ID}.MEDIA_TYPE`,
            status: { code: 'ER_SUCCESS_MATCH' },
            values: [{ value: { name: 'song', id: 'SONG' } }],
          },
        ],
      },
    });
  });

  it('captures a value outside the list with ER_SUCCESS_NO_MATCH and no values', () => {
    expect(say('play the podcast').intent.slots!.mediaType).toEqual({
      name: 'mediaType',
      value: 'podcast',
      confirmationStatus: 'NONE',
      resolutions: { resolutionsPerAuthority: [{ authority: `amzn1.er-authority.echo-sdk.${SKILL_ID}.MEDIA_TYPE`, status: { code: 'ER_SUCCESS_NO_MATCH' } }] },
    });
  });

  // Amazon's example: the user says "holland" for a country slot, Alexa resolves it to "Netherlands".
  it('resolves a synonym to its canonical value, and gives a value without id the MD5 of its name as Alexa does', () => {
    const resolution = say('tell me about Holland').intent.slots!.country!.resolutions!.resolutionsPerAuthority[0]!;
    expect(resolution.values).toEqual([{ value: { name: 'Netherlands', id: 'a67d4cbdd1b59e0ffccc6bafc83eb033' } }]);
    expect(say('tell me about stück').intent.slots!.country!.resolutions!.resolutionsPerAuthority[0]!.values).toEqual([
      { value: { name: 'Stück', id: '93ef9aa6537da8aed9d768b7a360b817' } },
    ]);
  });

  it('lists every entity a phrase resolves to, in model order', () => {
    const trip = fixture('plan-my-trip.json');
    const { trace } = resolveUtterance(trip, 'i want to go to denver to go hiking', inSession);
    expect(trace.slots.find((s) => s.name === 'activity')!.resolvedTo).toEqual([
      { name: 'hiking', id: 'HIKING' },
      { name: 'walking', id: 'WALKING' },
    ]);
  });

  it('keeps built-in types without resolutions, the words as said', () => {
    expect(say('book a table for Ana').intent.slots!.guest).toEqual({ name: 'guest', value: 'ana', confirmationStatus: 'NONE' });
  });
});

describe('the request object', () => {
  it('holds every slot of the intent, the unfilled ones as name and confirmationStatus only', () => {
    expect(resolveUtterance(enUS, 'order a car', inSession).request).toEqual({
      type: 'IntentRequest',
      intent: { name: 'OrderCar', confirmationStatus: 'NONE', slots: { destination: { name: 'destination', confirmationStatus: 'NONE' } } },
    });
  });

  it('has no slots for an intent without slots, and no dialogState for a skill without a dialog model', () => {
    expect(resolveUtterance(enUS, 'yes', inSession).request).toEqual({ type: 'IntentRequest', intent: { name: 'AMAZON.YesIntent', confirmationStatus: 'NONE' } });
  });

  it('starts every intent request with dialogState STARTED when the skill has a dialog model', () => {
    const trip = fixture('plan-my-trip.json');
    expect(resolveUtterance(trip, 'help', inSession).request).toEqual({
      type: 'IntentRequest',
      dialogState: 'STARTED',
      intent: { name: 'AMAZON.HelpIntent', confirmationStatus: 'NONE' },
    });
  });

  it('uses a placeholder skill ID in authorities when none is given', () => {
    const { request } = resolveUtterance(enUS, 'take me to work', { locale: 'en-US', now: NOW, inSession: true });
    expect((request as IntentRequestBody).intent.slots!.destination!.resolutions!.resolutionsPerAuthority[0]!.authority).toBe(
      'amzn1.er-authority.echo-sdk.amzn1.ask.skill.00000000-0000-0000-0000-000000000000.DESTINATION',
    );
  });
});

describe('compiling', () => {
  it('compiles a model once per locale and reuses it', () => {
    expect(compileModel(kitchen, 'en-US')).toBe(compileModel(kitchen, 'en-US'));
    expect(compileModel(kitchen, 'en-GB')).not.toBe(compileModel(kitchen, 'en-US'));
  });
});

describe('nothing matched', () => {
  it('is AMAZON.FallbackIntent when the model has it, with the closest samples in the trace', () => {
    const { request, trace } = resolveUtterance(enUS, 'what is the weather like in my office', inSession);
    expect(request).toEqual({ type: 'IntentRequest', intent: { name: 'AMAZON.FallbackIntent', confirmationStatus: 'NONE' } });
    expect(trace.match).toBeUndefined();
    expect(trace.closest![0]).toMatchObject({ intent: 'RideHailerAvailabilityByCity' });
  });

  it('is a NoMatchError listing the closest samples when the model has no fallback', () => {
    const error = thrown(() => say('please order some pizzas now')) as NoMatchError;
    expect(error.code).toBe('ERR_NO_MATCH');
    expect(error.closest.map((c) => c.sample)).toEqual(['order {count} pizzas', 'order {count} {size} pizzas', 'order a {size} pizza']);
    expect(error.message).toBe(
      'no intent of "kitchen helper" (en-US) matches "please order some pizzas now" and the model has no AMAZON.FallbackIntent; ' +
        'closest samples: OrderPizzaIntent "order {count} pizzas", OrderPizzaIntent "order {count} {size} pizzas", OrderPizzaIntent "order a {size} pizza"',
    );
  });
});
