import type { RequestHandler } from 'ask-sdk-core';
import { isIntent } from '../match.ts';
import { t } from '../services.ts';

/** AMAZON.CancelIntent and AMAZON.StopIntent: say goodbye and end the session. */
export const CancelAndStopHandler: RequestHandler = {
  canHandle: (input) => isIntent(input, 'AMAZON.CancelIntent', 'AMAZON.StopIntent'),
  handle: (input) => input.responseBuilder.speak(t(input).goodbye).withShouldEndSession(true).getResponse(),
};
