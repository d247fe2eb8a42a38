import { type RequestHandler } from 'ask-sdk-core';
import { isIntent } from '../match.ts';
import { t } from '../services.ts';

/** AMAZON.FallbackIntent: an utterance outside the skill's model; say what it can do. */
export const FallbackHandler: RequestHandler = {
  canHandle: (input) => isIntent(input, 'AMAZON.FallbackIntent'),
  handle(input) {
    const s = t(input).fallback;
    return input.responseBuilder.speak(s.speech).reprompt(s.reprompt).getResponse();
  },
};
