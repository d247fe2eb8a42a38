import { describe, expect, it } from 'vitest';
import {
  answerDialog,
  delegateDialog,
  resolveUtterance,
  startDialog,
  type DialogStep,
  type InteractionModel,
  type IntentRequestBody,
  type ResolveOptions,
} from '../../src/nlu/index.ts';
import { NOW, fixture, rideHailer, thrown } from './support.ts';

// Amazon's PlanMyTrip example (Dialog Interface Reference), rebuilt small: toCity, fromCity and travelDate
// required, travelDate confirmed, the intent confirmed.
const trip = fixture('plan-my-trip.json');
const options: ResolveOptions = { locale: 'en-US', now: NOW };

/** `trip` with the dialog's delegation strategy set to `strategy`. */
function tripWith(strategy: 'ALWAYS' | 'SKILL_RESPONSE'): InteractionModel {
  const { dialog } = trip.interactionModel;
  return { interactionModel: { ...trip.interactionModel, dialog: { ...dialog!, delegationStrategy: strategy } } };
}

function begin(model: InteractionModel, utterance: string): DialogStep {
  const { request } = resolveUtterance(model, utterance, options);
  return startDialog(model, request as IntentRequestBody, options);
}

/** The request of a step (fails the test when Alexa speaks instead). */
function requestOf(step: DialogStep): IntentRequestBody {
  if (step.kind !== 'request') throw new Error(`expected a request, Alexa asks "${step.prompt.speech}"`);
  return step.request;
}

/** The prompt of a step (fails the test when the skill gets a request instead). */
function promptOf(step: DialogStep) {
  if (step.kind !== 'prompt') throw new Error(`expected a prompt, the skill gets ${JSON.stringify(step.request)}`);
  return step.prompt;
}

const values = (request: IntentRequestBody) =>
  Object.fromEntries(Object.values(request.intent.slots ?? {}).flatMap((s) => (s.value === undefined ? [] : [[s.name, `${s.value} ${s.confirmationStatus}`]])));

describe('Dialog.Delegate, delegated by the skill each turn (SKILL_RESPONSE)', () => {
  it('runs the whole dialog: STARTED, an elicitation per missing slot, the confirmations, then COMPLETED', () => {
    let step = begin(trip, 'ask plan my trip to plan a trip to portland');
    expect(requestOf(step)).toMatchObject({ dialogState: 'STARTED', intent: { name: 'PlanMyTripIntent', confirmationStatus: 'NONE' } });
    expect(values(requestOf(step))).toEqual({ toCity: 'portland NONE' });

    step = delegateDialog(trip, step.session, options);
    expect(promptOf(step)).toEqual({
      kind: 'elicitSlot',
      slot: 'fromCity',
      promptId: 'Elicit.Slot.fromCity',
      variations: [
        { type: 'PlainText', value: 'What city are you leaving from?' },
        { type: 'PlainText', value: 'Where are you starting your trip?' },
      ],
      speech: 'What city are you leaving from?',
    });

    step = answerDialog(trip, step.session, "I'm starting from Seattle", options);
    expect(requestOf(step).dialogState).toBe('IN_PROGRESS');
    expect(values(requestOf(step))).toEqual({ toCity: 'portland NONE', fromCity: 'seattle NONE' });

    step = delegateDialog(trip, step.session, options);
    expect(promptOf(step)).toMatchObject({ kind: 'elicitSlot', slot: 'travelDate', speech: 'When are you starting this trip?' });
    step = answerDialog(trip, step.session, 'tomorrow', options);
    expect(values(requestOf(step))).toMatchObject({ travelDate: '2025-03-15 NONE' });

    step = delegateDialog(trip, step.session, options);
    expect(promptOf(step)).toMatchObject({ kind: 'confirmSlot', slot: 'travelDate', speech: "You're leaving 2025-03-15, right?" });
    step = answerDialog(trip, step.session, 'yes', options);
    expect(requestOf(step)).toMatchObject({ dialogState: 'IN_PROGRESS', intent: { slots: { travelDate: { confirmationStatus: 'CONFIRMED' } } } });

    step = delegateDialog(trip, step.session, options);
    expect(promptOf(step)).toMatchObject({ kind: 'confirmIntent', speech: "I'm saving your trip from seattle to portland on 2025-03-15. Is that OK?" });
    step = answerDialog(trip, step.session, 'yes', options);
    expect(requestOf(step)).toMatchObject({ dialogState: 'IN_PROGRESS', intent: { confirmationStatus: 'CONFIRMED' } });

    step = delegateDialog(trip, step.session, options);
    expect(requestOf(step)).toMatchObject({ dialogState: 'COMPLETED', intent: { name: 'PlanMyTripIntent', confirmationStatus: 'CONFIRMED' } });
    expect(values(requestOf(step))).toEqual({ toCity: 'portland NONE', fromCity: 'seattle NONE', travelDate: '2025-03-15 CONFIRMED' });
  });

  it('elicits a slot again after the user denies its value', () => {
    let step = begin(trip, 'ask plan my trip to plan a trip from seattle to portland');
    step = delegateDialog(trip, step.session, options);
    step = delegateDialog(trip, answerDialog(trip, step.session, 'on tomorrow', options).session, options);
    expect(promptOf(step).kind).toBe('confirmSlot');
    step = answerDialog(trip, step.session, 'no', options);
    expect(requestOf(step).intent.slots!.travelDate).toMatchObject({ value: '2025-03-15', confirmationStatus: 'DENIED' });
    step = delegateDialog(trip, step.session, options);
    expect(promptOf(step)).toMatchObject({ kind: 'elicitSlot', slot: 'travelDate' });
    expect(step.session.intent.slots!.travelDate).toEqual({ name: 'travelDate', confirmationStatus: 'NONE' });
  });

  it('completes the dialog at once, DENIED, when the user denies the intent', () => {
    let step = begin(trip, 'ask plan my trip to plan a trip from seattle to portland');
    const filled = { ...step.session.intent, slots: { ...step.session.intent.slots, travelDate: { name: 'travelDate', value: '2025-03-15', confirmationStatus: 'CONFIRMED' as const } } };
    step = delegateDialog(trip, step.session, { ...options, updatedIntent: filled });
    expect(promptOf(step).kind).toBe('confirmIntent');
    step = answerDialog(trip, step.session, 'no', options);
    expect(requestOf(step)).toMatchObject({ dialogState: 'COMPLETED', intent: { confirmationStatus: 'DENIED' } });
  });

  it('takes an answer that fills the slot through one of the intent\'s own samples', () => {
    let step = delegateDialog(trip, begin(trip, 'ask plan my trip to plan a trip to portland').session, options);
    step = answerDialog(trip, step.session, 'plan a trip from denver to portland', options);
    expect(values(requestOf(step))).toEqual({ toCity: 'portland NONE', fromCity: 'denver NONE' });
  });

  it('leaves the dialog for Cancel, Stop or Help, as a request for that intent', () => {
    const step = delegateDialog(trip, begin(trip, 'ask plan my trip to plan a trip to portland').session, options);
    const cancelled = answerDialog(trip, step.session, 'cancel', options);
    expect(requestOf(cancelled)).toEqual({ type: 'IntentRequest', dialogState: 'STARTED', intent: { name: 'AMAZON.CancelIntent', confirmationStatus: 'NONE' } });
    expect(cancelled.session.pending).toBeUndefined();
  });
});

describe('Dialog.Delegate with auto delegation (ALWAYS)', () => {
  it('asks every question itself and sends the skill one request, COMPLETED', () => {
    const auto = tripWith('ALWAYS');
    let step = begin(auto, 'ask plan my trip to plan a trip to portland');
    expect(promptOf(step).slot).toBe('fromCity');
    step = answerDialog(auto, step.session, 'seattle', options);
    expect(promptOf(step).slot).toBe('travelDate');
    step = answerDialog(auto, step.session, 'today', options);
    expect(promptOf(step).kind).toBe('confirmSlot');
    step = answerDialog(auto, step.session, 'yeah', options);
    expect(promptOf(step).kind).toBe('confirmIntent');
    step = answerDialog(auto, step.session, 'sure', options);
    expect(requestOf(step)).toMatchObject({ dialogState: 'COMPLETED', intent: { confirmationStatus: 'CONFIRMED' } });
    expect(values(requestOf(step))).toEqual({ toCity: 'portland NONE', fromCity: 'seattle NONE', travelDate: '2025-03-14 CONFIRMED' });
  });
});

describe('dialog errors', () => {
  it('refuses to start a dialog for an intent without a dialog model', () => {
    const model = rideHailer('en-US');
    const { request } = resolveUtterance(model, 'order a car', { ...options, inSession: true });
    expect(thrown(() => startDialog(model, request as IntentRequestBody, options)).code).toBe('ERR_DIALOG_STATE');
  });

  it('refuses an answer when no question is pending', () => {
    const step = begin(trip, 'ask plan my trip to plan a trip to portland');
    expect(thrown(() => answerDialog(trip, step.session, 'seattle', options)).code).toBe('ERR_DIALOG_STATE');
  });
});
