import { describe, expect, it } from 'vitest';
import { CONVERSATION_FORMAT, ConversationError, formatConversation, parseConversation, playConversation } from '../../src/testing.ts';
import trip from '../nlu/fixtures/plan-my-trip.json';
import { NOW } from '../support/harness.ts';

/** What the stub reads of a request envelope. */
interface Sent {
  readonly session: { readonly sessionId: string };
  readonly context: { readonly System: { readonly user: { readonly accessToken?: string }; readonly person?: { readonly authenticationConfidenceLevel?: { readonly level: number } } } };
  readonly request: {
    readonly type: string;
    readonly dialogState?: string;
    readonly intent: { readonly name: string; readonly confirmationStatus: string; readonly slots: Record<string, { readonly value?: string }> };
    readonly cause: { readonly token: string; readonly status: { readonly code: string }; readonly result?: { readonly status: string } };
  };
}

/**
 * A stub skill over Amazon's PlanMyTrip model (Dialog Interface Reference): it delegates every turn
 * of PlanMyTripIntent until COMPLETED; Help asks for the PIN (VerifyPerson) or, with `askLinking`,
 * for voice-forward linking; a SessionResumedRequest says what it was resumed with.
 */
function stubSkill() {
  const requests: Sent[] = [];
  const send = (json: Record<string, unknown>): Promise<Response> => Promise.resolve(answer(json as unknown as Sent));
  const answer = (envelope: Sent): Response => {
    const { request, context } = envelope;
    requests.push(envelope);
    const speak = (text: string, end: boolean) => Response.json({ version: '1.0', sessionAttributes: { turns: requests.length }, response: { outputSpeech: { type: 'PlainText', text }, shouldEndSession: end } });
    if (request.type === 'IntentRequest' && request.intent.name === 'PlanMyTripIntent') {
      if (request.dialogState !== 'COMPLETED') return Response.json({ version: '1.0', response: { directives: [{ type: 'Dialog.Delegate' }] } });
      const s = request.intent.slots;
      return speak(`Saved: ${s.fromCity?.value} to ${s.toCity?.value} on ${s.travelDate?.value}, ${request.intent.confirmationStatus}.`, true);
    }
    if (request.type === 'IntentRequest' && request.intent.name === 'AMAZON.HelpIntent') {
      const uri = context.System.user.accessToken ? 'connection://AMAZON.VerifyPerson/2' : 'connection://AMAZON.AskForAccountLinking/1';
      return Response.json({ version: '1.0', response: { outputSpeech: { type: 'PlainText', text: 'One moment.' }, directives: [{ type: 'Connections.StartConnection', uri, token: 'tok-1', onCompletion: 'RESUME_SESSION' }] } });
    }
    if (request.type === 'SessionResumedRequest') {
      const level = context.System.person?.authenticationConfidenceLevel?.level;
      return speak(`Resumed ${request.cause.token}: ${request.cause.result?.status ?? `status ${request.cause.status.code}`}, level ${level ?? 'undefined'}, token ${context.System.user.accessToken ?? 'none'}.`, false);
    }
    return speak('Welcome.', false);
  };
  return { requests, send };
}

const conversation = (steps: unknown[], person?: string) => ({ format: CONVERSATION_FORMAT, locale: 'en-US', ...(person && { person }), steps });
const play = (skill: ReturnType<typeof stubSkill>, steps: unknown[], person?: string) =>
  playConversation(conversation(steps, person), { model: trip, now: () => NOW, send: skill.send, link: (name) => `token-${name}` }, 'trip.json');

describe('playConversation: Dialog.Delegate played as Alexa would', () => {
  it('elicits each required slot with the model prompt, confirms, and sends the skill the COMPLETED intent', async () => {
    const skill = stubSkill();
    const { mismatches, played, recorded } = await play(skill, [
      { say: 'ask plan my trip i want to visit portland', hear: 'What city are you leaving from?', sessionEnds: false },
      { say: "I'm starting from Seattle", hear: 'When are you starting this trip?', sessionEnds: false },
      { say: 'tomorrow', hear: "You're leaving 2026-06-02, right?", card: 'none' },
      { say: 'yes', hear: "I'm saving your trip from seattle to portland on 2026-06-02. Is that OK?" },
      { say: 'yes', hear: 'Saved: seattle to portland on 2026-06-02, CONFIRMED.', sessionEnds: true },
    ]);
    expect(mismatches).toEqual([]);
    expect(skill.requests.map((e) => e.request.dialogState)).toEqual(['STARTED', 'IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'COMPLETED']);
    expect(new Set(skill.requests.map((e) => e.session.sessionId)).size).toBe(1);
    expect(played.map((p) => p.sessionEnds)).toEqual([false, false, false, false, true]);
    expect(recorded.steps[0]).toEqual({ say: 'ask plan my trip i want to visit portland', hear: 'What city are you leaving from?', card: 'none', sessionEnds: false });
  });

  it('delegates from the first turn with auto delegation (ALWAYS): the skill gets only the COMPLETED intent', async () => {
    const skill = stubSkill();
    const auto = { interactionModel: { ...trip.interactionModel, dialog: { ...trip.interactionModel.dialog, delegationStrategy: 'ALWAYS' } } };
    const { mismatches } = await playConversation(
      conversation([
        { say: 'ask plan my trip i want to travel from seattle to portland tomorrow', hear: "You're leaving 2026-06-02, right?" },
        { say: 'yes', hear: "I'm saving your trip from seattle to portland on 2026-06-02. Is that OK?" },
        { say: 'no', hear: 'Saved: seattle to portland on 2026-06-02, DENIED.' },
      ]),
      { model: auto, now: () => NOW, send: skill.send },
    );
    expect(mismatches).toEqual([]);
    expect(skill.requests.map((e) => e.request.dialogState)).toEqual(['COMPLETED']);
  });
});

describe('playConversation: a Connections.StartConnection answered by a connection step', () => {
  it('keeps the session suspended and resumes it with the PIN confirmation outcome; accepted, the speaker is at level 400', async () => {
    const skill = stubSkill();
    const { mismatches, played } = await play(
      skill,
      [
        { link: 'ana' },
        { say: 'ask plan my trip for help', hear: 'One moment.', sessionEnds: false },
        { connection: 'accept', hear: 'Resumed tok-1: ACHIEVED, level 400, token token-ana.', sessionEnds: false },
        { say: 'help' },
        { connection: 'decline', hear: 'Resumed tok-1: NOT_ACHIEVED, level 400, token token-ana.' },
        { say: 'help' },
        { connection: 'fail', hear: 'Resumed tok-1: status 500, level 400, token token-ana.' },
      ],
      'amzn1.ask.person.ANA',
    );
    expect(mismatches).toEqual([]);
    expect(played[1]).toMatchObject({ connection: 'connection://AMAZON.VerifyPerson/2' });
    expect(new Set(skill.requests.map((e) => e.session.sessionId)).size).toBe(1);
    expect(skill.requests[1]!.request).toMatchObject({ type: 'SessionResumedRequest', cause: { type: 'ConnectionCompleted', token: 'tok-1', status: { code: '200' } } });
  });

  it('links the account an accepted AskForAccountLinking names, and answers a declined one DENIED', async () => {
    const skill = stubSkill();
    const { mismatches } = await play(skill, [
      { say: 'ask plan my trip for help' },
      { connection: 'decline', hear: 'Resumed tok-1: DENIED, level undefined, token none.' },
      { say: 'help' },
      { connection: 'accept', link: 'ben', hear: 'Resumed tok-1: LINKED, level undefined, token token-ben.' },
    ]);
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['words while a connection waits', [{ say: 'ask plan my trip for help' }, { say: 'help' }], 'steps[1].say: the skill started connection://AMAZON.AskForAccountLinking/1: answer it first'],
    ['a connection step with none started', [{ say: 'ask plan my trip to stop' }, { connection: 'accept' }], 'steps[1].connection: answers a connection, but the last answer started none'],
    ['an accepted linking that names no account', [{ say: 'ask plan my trip for help' }, { connection: 'accept' }], 'steps[1].link: an accepted account-linking connection links an account'],
    ['a link on a declined connection', [{ say: 'ask plan my trip for help' }, { connection: 'decline', link: 'ana' }], 'steps[1].link: only an accepted'],
  ])('refuses %s, naming the file and the step', async (_, steps, message) => {
    const error = await play(stubSkill(), steps).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConversationError);
    expect((error as Error).message).toContain(`trip.json: ${message}`);
  });

  it('checks the step shape: a connection answer that is not one of the four', async () => {
    const error = await play(stubSkill(), [{ say: 'ask plan my trip for help' }, { connection: 'maybe' }]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CONVERSATION_INVALID', path: 'steps[1].connection', message: 'trip.json: steps[1].connection: must be one of accept, decline, unmet, fail' });
  });
});

describe('playConversation: an intent step, as simulate sends a named intent', () => {
  it('sends the intent with its slots, COMPLETED, no words resolved, and records it', async () => {
    const skill = stubSkill();
    const { mismatches, recorded } = await play(skill, [
      { intent: 'PlanMyTripIntent', slots: { fromCity: 'seattle', toCity: 'portland', travelDate: '2026-06-02' }, hear: 'Saved: seattle to portland on 2026-06-02, NONE.', sessionEnds: true },
    ]);
    expect(mismatches).toEqual([]);
    expect(skill.requests[0]!.request).toMatchObject({ type: 'IntentRequest', dialogState: 'COMPLETED', intent: { name: 'PlanMyTripIntent', slots: { toCity: { value: 'portland' } } } });
    expect(recorded.steps[0]).toMatchObject({ intent: 'PlanMyTripIntent', card: 'none' });
  });

  it('refuses slots that are not a map of values', () => {
    const error = play(stubSkill(), [{ intent: 'PlanMyTripIntent', slots: ['portland'] }]);
    return expect(error).rejects.toThrow('trip.json: steps[0].slots: must map slot names to values');
  });
});

describe('formatConversation: the file as kept', () => {
  it('writes one step a line, and parses back to the same conversation', () => {
    const json = conversation([{ say: 'open plan my trip', hear: 'Welcome.', card: 'none', sessionEnds: false }, { link: 'ana' }]);
    const text = formatConversation(parseConversation(json));
    expect(text).toBe(
      `{\n  "format": "${CONVERSATION_FORMAT}",\n  "locale": "en-US",\n  "steps": [\n    {"say":"open plan my trip","hear":"Welcome.","card":"none","sessionEnds":false},\n    {"link":"ana"}\n  ]\n}\n`,
    );
    expect(JSON.parse(text)).toEqual(json);
  });
});
