import { getRequestType, type RequestHandler } from 'ask-sdk-core';
import type { SessionEndedRequest } from 'ask-sdk-model';
import { contextOf } from '../services.ts';

/** SessionEndedRequest: Alexa accepts no speech here; log the reason and answer empty. */
export const SessionEndedHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'SessionEndedRequest',
  handle(input) {
    const request = input.requestEnvelope.request as SessionEndedRequest;
    contextOf(input).log.info('session_ended', { reason: request.reason, error: request.error?.type });
    return input.responseBuilder.getResponse();
  },
};
