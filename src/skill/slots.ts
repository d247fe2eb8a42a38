import type { HandlerInput } from 'ask-sdk-core';
import { slotsOf } from 'alexa-skill-workers/ask-sdk';

/** What the user said for slot `name` (its `value`), or `undefined` when it is unfilled or not a string. */
export function slotValue(input: HandlerInput, name: string): string | undefined {
  return slotsOf(input.requestEnvelope).get(name)?.value;
}

/**
 * A slot's canonical value: the entity-resolution ID when Alexa matched a slot-type value
 * (so "the office" becomes `work`), else what was heard, lower-cased. Slots and resolutions are
 * read by the kit's `slotsOf`: one of another shape is unfilled.
 */
export function slotId(input: HandlerInput, name: string): string | undefined {
  const slot = slotsOf(input.requestEnvelope).get(name);
  if (!slot) return undefined;
  return slot.id ?? slot.value.trim().toLowerCase();
}
