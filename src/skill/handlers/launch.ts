import { getRequestType, type RequestHandler } from 'ask-sdk-core';
import { t } from '../services';

/** LaunchRequest: welcome, and what the user can ask. */
export const LaunchHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'LaunchRequest',
  handle(input) {
    const s = t(input).launch;
    return input.responseBuilder.speak(s.speech).reprompt(s.reprompt).getResponse();
  },
};
