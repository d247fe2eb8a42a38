import { getRequestType, type ErrorHandler } from 'ask-sdk-core';
import { errorCode } from 'alexa-skill-workers/ask-sdk';
import { contextOf, t } from '../services.ts';

/**
 * The last line of defence: logs what failed (its stable code, or the error's name, never its
 * payload) and speaks a short apology, so an unexpected request never becomes an HTTP 500.
 */
export const SkillErrorHandler: ErrorHandler = {
  canHandle: () => true,
  handle(input, error) {
    contextOf(input).log.error('skill_error', {
      code: errorCode(error),
      name: error.name,
      requestType: getRequestType(input.requestEnvelope),
    });
    return input.responseBuilder.speak(t(input).error).withShouldEndSession(true).getResponse();
  },
};
