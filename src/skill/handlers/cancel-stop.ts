import { getIntentName, getRequestType, type RequestHandler } from 'ask-sdk-core';
import { t } from '../services';

const INTENTS = new Set(['AMAZON.CancelIntent', 'AMAZON.StopIntent']);

/** AMAZON.CancelIntent and AMAZON.StopIntent: say goodbye and end the session. */
export const CancelAndStopHandler: RequestHandler = {
  canHandle: (input) =>
    getRequestType(input.requestEnvelope) === 'IntentRequest' && INTENTS.has(getIntentName(input.requestEnvelope)),
  handle: (input) => input.responseBuilder.speak(t(input).goodbye).withShouldEndSession(true).getResponse(),
};
