import { getRequestType, type ErrorHandler } from 'ask-sdk-core';
import { EnvelopeError, errorCode } from 'alexa-skill-workers/errors';
import { contextOf, t } from '../services.ts';

/**
 * The last line of defence: logs what failed (its stable code, or the error's name, never its
 * payload; for a malformed envelope, the field) and speaks a short apology, so an unexpected
 * request never becomes an HTTP 500. Nothing in it reads the envelope unchecked (`t` takes any
 * `request.locale`), so it cannot fail on the request that brought it here.
 */
export const SkillErrorHandler: ErrorHandler = {
  canHandle: () => true,
  handle(input, error) {
    contextOf(input).log.error('skill_error', {
      code: errorCode(error),
      name: error.name,
      ...(error instanceof EnvelopeError && { field: error.field }),
      requestType: getRequestType(input.requestEnvelope),
    });
    return input.responseBuilder.speak(t(input).error).withShouldEndSession(true).getResponse();
  },
};
