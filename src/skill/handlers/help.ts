import { type RequestHandler } from 'ask-sdk-core';
import { isIntent } from '../match.ts';
import { t } from '../services.ts';

/** AMAZON.HelpIntent: what the skill can do; keeps the session open. */
export const HelpHandler: RequestHandler = {
  canHandle: (input) => isIntent(input, 'AMAZON.HelpIntent'),
  handle(input) {
    const s = t(input).help;
    return input.responseBuilder.speak(s.speech).reprompt(s.reprompt).getResponse();
  },
};
