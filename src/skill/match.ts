import { getIntentName, getRequestType, type HandlerInput } from 'ask-sdk-core';

/** True when the request is an IntentRequest for one of `names`. */
export function isIntent(input: HandlerInput, ...names: string[]): boolean {
  const envelope = input.requestEnvelope;
  return getRequestType(envelope) === 'IntentRequest' && names.includes(getIntentName(envelope));
}
