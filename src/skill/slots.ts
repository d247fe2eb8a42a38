import { getSlot, type HandlerInput } from 'ask-sdk-core';

/**
 * A slot's canonical value: the entity-resolution ID when Alexa matched a slot-type value
 * (so "the office" becomes `work`), else what was heard, lower-cased.
 */
export function slotId(input: HandlerInput, name: string): string | undefined {
  const slot = getSlot(input.requestEnvelope, name);
  if (!slot?.value) return undefined;
  for (const authority of slot.resolutions?.resolutionsPerAuthority ?? []) {
    const id = authority.status.code === 'ER_SUCCESS_MATCH' ? authority.values[0]?.value.id : undefined;
    if (id) return id;
  }
  return slot.value.trim().toLowerCase();
}
