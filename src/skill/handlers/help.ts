import { getIntentName, getRequestType, type RequestHandler } from 'ask-sdk-core';
import { t } from '../services';

/** AMAZON.HelpIntent: what the skill can do; keeps the session open. */
export const HelpHandler: RequestHandler = {
  canHandle: (input) =>
    getRequestType(input.requestEnvelope) === 'IntentRequest' &&
    getIntentName(input.requestEnvelope) === 'AMAZON.HelpIntent',
  handle(input) {
    const s = t(input).help;
    return input.responseBuilder.speak(s.speech).reprompt(s.reprompt).getResponse();
  },
};
