/**
 * IntentRequest bodies as Alexa builds them: every slot the intent declares, in the model's order, the
 * filled ones with `value` (and `resolutions` for custom types), the others with only `name` and
 * `confirmationStatus`; `dialogState` when the skill has a dialog model.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-types-reference.html#intentrequest
 */

import type { CompiledModel } from './compile.ts';
import type { Match } from './match.ts';
import type { AlexaIntent, AlexaSlot, DialogState, IntentRequestBody } from './request.ts';

/** The slots a match fills, as Alexa sends them (confirmation not asked yet). */
export function filledSlots(match: Match): Record<string, AlexaSlot> {
  return Object.fromEntries(
    match.slots.map((slot): [string, AlexaSlot] => [
      slot.name,
      {
        name: slot.name,
        value: slot.fill.value,
        confirmationStatus: 'NONE',
        ...(slot.fill.resolution && { resolutions: { resolutionsPerAuthority: [slot.fill.resolution] } }),
      },
    ]),
  );
}

/** The intent `name` with `filled` slots; its other declared slots are present without a value. */
function intentOf(model: CompiledModel, name: string, filled: Readonly<Record<string, AlexaSlot>>): AlexaIntent {
  const declared = model.intents.get(name)?.intent.slots ?? [];
  const slots = Object.fromEntries(declared.map((s): [string, AlexaSlot] => [s.name, filled[s.name] ?? { name: s.name, confirmationStatus: 'NONE' }]));
  return { name, confirmationStatus: 'NONE', ...(declared.length > 0 && { slots }) };
}

/** An IntentRequest for the intent `name`, the first turn of a dialog when the skill has one. */
export function requestFor(model: CompiledModel, name: string, filled: Readonly<Record<string, AlexaSlot>>): IntentRequestBody {
  return withDialogState(model, intentOf(model, name, filled), 'STARTED');
}

/** `intent` as a request, with `dialogState` only when the skill has a dialog model. */
export function withDialogState(model: CompiledModel, intent: AlexaIntent, dialogState: DialogState): IntentRequestBody {
  return { type: 'IntentRequest', ...(model.hasDialog && { dialogState }), intent };
}
