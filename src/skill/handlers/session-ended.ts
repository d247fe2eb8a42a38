import { getRequestType, type RequestHandler } from 'ask-sdk-core';
import { isRecord } from '../../lib/json.ts';
import { contextOf } from '../services.ts';

/** An enumerated value as Amazon documents them (`USER_INITIATED`, `ENDPOINT_TIMEOUT`); anything else is not logged. */
const enumerated = (value: unknown): string | undefined => (typeof value === 'string' && /^[A-Z][A-Z_]{0,63}$/.test(value) ? value : undefined);

/**
 * SessionEndedRequest: Alexa accepts no speech here; log the reason and the error's type and
 * answer empty.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-types-reference.html#sessionendedrequest
 */
export const SessionEndedHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'SessionEndedRequest',
  handle(input) {
    const request = input.requestEnvelope.request as { reason?: unknown; error?: unknown };
    const error = isRecord(request.error) ? request.error.type : undefined;
    contextOf(input).log.info('session_ended', { reason: enumerated(request.reason), error: enumerated(error) });
    return input.responseBuilder.getResponse();
  },
};
