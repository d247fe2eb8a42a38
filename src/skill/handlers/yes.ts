import { type RequestHandler } from 'ask-sdk-core';
import { pendingOrder } from '../attributes.ts';
import { isIntent } from '../match.ts';
import { orderPendingRide } from '../ordering.ts';
import { quotedToSpeaker, requote } from '../quoting.ts';
import { t } from '../services.ts';

/**
 * `AMAZON.YesIntent` (linked users only): orders the pending ride when it was quoted to this
 * speaker (`orderPendingRide`: once per signed request, with the speaker's own account when they
 * linked one); a ride quoted to someone else is quoted again for this speaker instead.
 */
export const YesHandler: RequestHandler = {
  canHandle: (input) => isIntent(input, 'AMAZON.YesIntent'),
  async handle(input) {
    const pending = pendingOrder(input);
    if (!pending) {
      const strings = t(input);
      return input.responseBuilder.speak(strings.order.nothingPending).reprompt(strings.order.whereTo).getResponse();
    }
    if (!(await quotedToSpeaker(input, pending))) return requote(input, pending);
    return orderPendingRide(input, pending);
  },
};
