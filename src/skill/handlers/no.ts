import { type RequestHandler } from 'ask-sdk-core';
import { clearSession, pendingOrder } from '../attributes.ts';
import { isIntent } from '../match.ts';
import { t } from '../services.ts';

/** `AMAZON.NoIntent`: declines a pending ride kindly and ends the session. Public. */
export const NoHandler: RequestHandler = {
  canHandle: (input) => isIntent(input, 'AMAZON.NoIntent'),
  handle(input) {
    const strings = t(input);
    const pending = pendingOrder(input) !== undefined;
    clearSession(input);
    return input.responseBuilder
      .speak(pending ? strings.order.declined : strings.goodbye)
      .withShouldEndSession(true)
      .getResponse();
  },
};
