/**
 * Dialog.Delegate emulated as a pure state machine over the model's dialog: Alexa elicits each required
 * slot with its prompt, confirms the slots and the intent that need it, and sends the skill one
 * IntentRequest per turn (manual delegation, `dialogState` STARTED, then IN_PROGRESS) or only the last one
 * (auto delegation, `delegationStrategy` ALWAYS), which is COMPLETED. A step is either a request the skill
 * gets or a prompt Alexa speaks itself and then waits for the user's answer.
 *
 * Choices where Amazon's pages leave the detail open (docs/resolve.md): a slot whose confirmation the user
 * denied is elicited again; after the last answer the skill gets IN_PROGRESS, and COMPLETED when it
 * delegates once more; a denied intent confirmation completes the dialog at once (DENIED); without a
 * `delegationStrategy` in the model the skill answers each turn (SKILL_RESPONSE).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/dialog-interface-reference.html
 *   ("Dialog Interface Reference": the Delegate directive, dialogState, slot and intent confirmationStatus)
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/delegate-dialog-to-alexa.html
 *   ("Delegate the Dialog to Alexa": "Enable auto delegation … Alexa sends your skill a single IntentRequest
 *   when the dialog is complete"; "Delegate manually with the Dialog.Delegate directive. In this case, Alexa
 *   sends your skill an IntentRequest for each turn of the conversation")
 */

import { filledSlots, withDialogState } from './build.ts';
import { compileModel, compileSample, type CompiledModel } from './compile.ts';
import { NluError } from './errors.ts';
import { bestMatch } from './match.ts';
import type { DialogIntent, InteractionModel, PromptVariation } from './model.ts';
import type { AlexaIntent, AlexaSlot, IntentRequestBody } from './request.ts';
import { resolveUtterance, type ResolveOptions } from './resolve.ts';
import { PLACEHOLDER_SKILL_ID } from './slots.ts';
import { normalizeSpoken, tokensOf } from './text.ts';

/** A question Alexa asks from the dialog model. */
export interface DialogPrompt {
  readonly kind: 'elicitSlot' | 'confirmSlot' | 'confirmIntent';
  /** The slot asked about (elicitSlot, confirmSlot). */
  readonly slot?: string;
  readonly promptId: string;
  /** Every variation, `{slot}` references filled in; Alexa picks one at random. */
  readonly variations: readonly PromptVariation[];
  /** The first variation's text, for a console. */
  readonly speech: string;
}

/** Where a delegated dialog stands: the intent so far and the question Alexa is waiting on, if any. */
export interface DialogSession {
  readonly intent: AlexaIntent;
  readonly pending?: DialogPrompt;
}

/** What happens next: the skill gets `request`, or Alexa speaks `prompt` and waits for the user. */
export type DialogStep =
  | { readonly kind: 'request'; readonly request: IntentRequestBody; readonly session: DialogSession }
  | { readonly kind: 'prompt'; readonly prompt: DialogPrompt; readonly session: DialogSession };

/**
 * The first turn of a dialog for `request` (from resolveUtterance): with manual delegation the skill gets it
 * (STARTED); with auto delegation Alexa goes straight on (a prompt, or COMPLETED when nothing is missing).
 * @throws NluError `ERR_DIALOG_STATE` when the intent has no dialog model.
 */
export function startDialog(model: InteractionModel, request: IntentRequestBody, options: Pick<ResolveOptions, 'locale'>): DialogStep {
  const compiled = compileModel(model, options.locale);
  const { strategy } = dialogIntentOf(compiled, request.intent.name);
  const session: DialogSession = { intent: request.intent };
  if (strategy === 'ALWAYS') return delegateDialog(model, session, options);
  return { kind: 'request', request: withDialogState(compiled, request.intent, 'STARTED'), session };
}

/**
 * The skill answered `Dialog.Delegate` (with `updatedIntent` when it changed slots): the next question from
 * the dialog model, or the COMPLETED request when every required slot is filled and every confirmation given.
 * @throws NluError `ERR_DIALOG_STATE` when the intent has no dialog model.
 */
export function delegateDialog(
  model: InteractionModel,
  session: DialogSession,
  options: Pick<ResolveOptions, 'locale'> & { readonly updatedIntent?: AlexaIntent },
): DialogStep {
  const compiled = compileModel(model, options.locale);
  let intent = options.updatedIntent ?? session.intent;
  const { dialog } = dialogIntentOf(compiled, intent.name);
  const ask = (kind: DialogPrompt['kind'], promptId: string, slot?: string): DialogStep => {
    const prompt = promptOf(compiled, kind, promptId, intent, slot);
    return { kind: 'prompt', prompt, session: { intent, pending: prompt } };
  };
  if (intent.confirmationStatus !== 'DENIED') {
    for (const slot of dialog.slots ?? []) {
      if (intent.slots?.[slot.name]?.confirmationStatus === 'DENIED') intent = withSlot(intent, { name: slot.name, confirmationStatus: 'NONE' });
      const elicitation = slot.prompts?.elicitation;
      if (slot.elicitationRequired && elicitation && intent.slots?.[slot.name]?.value === undefined) return ask('elicitSlot', elicitation, slot.name);
    }
    for (const slot of dialog.slots ?? []) {
      const current = intent.slots?.[slot.name];
      const confirmation = slot.prompts?.confirmation;
      if (slot.confirmationRequired && confirmation && current?.value !== undefined && current.confirmationStatus === 'NONE') {
        return ask('confirmSlot', confirmation, slot.name);
      }
    }
    const confirmation = dialog.prompts?.confirmation;
    if (dialog.confirmationRequired && confirmation && intent.confirmationStatus === 'NONE') return ask('confirmIntent', confirmation);
  }
  return { kind: 'request', request: withDialogState(compiled, intent, 'COMPLETED'), session: { intent } };
}

/**
 * The user's answer to the pending question. A slot value (from the slot's samples, the intent's samples,
 * or the bare value) or a yes/no to a confirmation updates the intent: the skill gets it IN_PROGRESS
 * (manual delegation) or Alexa goes on (auto); "no" to the intent confirmation completes the dialog, DENIED.
 * Anything else (Stop, Cancel, Help, another intent) leaves the dialog: the request resolveUtterance gives.
 * @throws NluError `ERR_DIALOG_STATE` when no question is pending; as resolveUtterance when leaving the dialog.
 */
export function answerDialog(model: InteractionModel, session: DialogSession, utterance: string, options: ResolveOptions): DialogStep {
  const compiled = compileModel(model, options.locale);
  const { pending } = session;
  if (!pending) throw new NluError('ERR_DIALOG_STATE', `no question of ${session.intent.name} is waiting for an answer`);
  const { strategy } = dialogIntentOf(compiled, session.intent.name);
  const spoken = normalizeSpoken(utterance, compiled.language);
  const phrases = compiled.language.intents;
  const leave = (): DialogStep => {
    const { request } = resolveUtterance(model, utterance, { ...options, inSession: true });
    if (request.type !== 'IntentRequest') throw new NluError('ERR_DIALOG_STATE', `${JSON.stringify(utterance)} is not an answer to ${pending.kind}`);
    return { kind: 'request', request, session: { intent: request.intent } };
  };
  const next = (intent: AlexaIntent): DialogStep =>
    strategy === 'ALWAYS'
      ? delegateDialog(model, { intent }, options)
      : { kind: 'request', request: withDialogState(compiled, intent, 'IN_PROGRESS'), session: { intent } };
  const yes = phrases['AMAZON.YesIntent'].includes(spoken);
  const no = phrases['AMAZON.NoIntent'].includes(spoken);
  if (pending.kind === 'confirmIntent' && (yes || no)) {
    const intent = { ...session.intent, confirmationStatus: yes ? ('CONFIRMED' as const) : ('DENIED' as const) };
    if (no) return { kind: 'request', request: withDialogState(compiled, intent, 'COMPLETED'), session: { intent } };
    return next(intent);
  }
  if (pending.kind === 'confirmSlot' && (yes || no)) {
    const slot = session.intent.slots![pending.slot!]!;
    return next(withSlot(session.intent, { ...slot, confirmationStatus: yes ? 'CONFIRMED' : 'DENIED' }));
  }
  const leaving = (['AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.HelpIntent', 'AMAZON.NavigateHomeIntent'] as const).some((i) => phrases[i].includes(spoken));
  if (pending.kind !== 'elicitSlot' || leaving) return leave();
  const answer = slotAnswer(compiled, session.intent.name, pending.slot!, spoken, options);
  if (!answer) return leave();
  let intent = session.intent;
  for (const slot of Object.values(answer)) intent = withSlot(intent, slot);
  return next(intent);
}

/** The slots an answer to "which {slot}?" fills: the slot's samples, its bare value, or the intent's samples. */
function slotAnswer(model: CompiledModel, intent: string, slot: string, spoken: string, options: ResolveOptions) {
  const declared = model.intents.get(intent)!;
  const texts = [...(declared.slots.get(slot)?.samples ?? []), `{${slot}}`, ...(declared.intent.samples ?? [])];
  const samples = texts.map((text, i) => compileSample(intent, text, 'model', i, model.language)).sort((a, b) => b.literals - a.literals || a.order - b.order);
  const context = { now: options.now, timeZone: options.timeZone, skillId: options.skillId ?? PLACEHOLDER_SKILL_ID };
  const match = bestMatch(model, samples, spoken, tokensOf(spoken, model.language), context);
  return match && filledSlots(match);
}

function withSlot(intent: AlexaIntent, slot: AlexaSlot): AlexaIntent {
  return { ...intent, slots: { ...intent.slots, [slot.name]: slot } };
}

function dialogIntentOf(model: CompiledModel, name: string): { dialog: DialogIntent; strategy: 'ALWAYS' | 'SKILL_RESPONSE' } {
  const dialogModel = model.model.interactionModel.dialog;
  const dialog = dialogModel?.intents.find((i) => i.name === name);
  if (!dialog) throw new NluError('ERR_DIALOG_STATE', `${name} has no dialog model in interactionModel.dialog.intents`);
  return { dialog, strategy: dialog.delegationStrategy ?? dialogModel?.delegationStrategy ?? 'SKILL_RESPONSE' };
}

function promptOf(model: CompiledModel, kind: DialogPrompt['kind'], promptId: string, intent: AlexaIntent, slot?: string): DialogPrompt {
  const prompt = model.model.interactionModel.prompts!.find((p) => p.id === promptId)!;
  const variations = prompt.variations.map((v) => ({ type: v.type, value: v.value.replace(/\{([^{}]+)\}/g, (all, name: string) => intent.slots?.[name]?.value ?? all) }));
  return { kind, ...(slot !== undefined && { slot }), promptId, variations, speech: variations[0]!.value };
}
