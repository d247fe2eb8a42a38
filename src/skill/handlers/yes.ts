import { type RequestHandler } from 'ask-sdk-core';
import { pendingOrder } from '../attributes.ts';
import { isIntent } from '../match.ts';
import { orderPendingRide } from '../ordering.ts';
import { t } from '../services.ts';

/**
 * `AMAZON.YesIntent` (linked users only): orders the pending ride (`orderPendingRide`: once per
 * signed request, with the speaker's own account when they linked one).
 */
export const YesHandler: RequestHandler = {
  canHandle: (input) => isIntent(input, 'AMAZON.YesIntent'),
  handle(input) {
    const pending = pendingOrder(input);
    if (!pending) {
      const strings = t(input);
      return input.responseBuilder.speak(strings.order.nothingPending).reprompt(strings.order.whereTo).getResponse();
    }
    return orderPendingRide(input, pending);
  },
};
