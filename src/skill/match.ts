import type { HandlerInput } from 'ask-sdk-core';
import { intentNameOf } from 'alexa-skill-workers/ask-sdk';

/** True when the request is an IntentRequest for one of `names` (an intent without a string name is none of them). */
export function isIntent(input: HandlerInput, ...names: string[]): boolean {
  const intent = intentNameOf(input.requestEnvelope);
  return intent !== undefined && names.includes(intent);
}
