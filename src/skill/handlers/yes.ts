import { type RequestHandler } from 'ask-sdk-core';
import { clearPendingOrder, pendingOrder, rememberDestination } from '../attributes.ts';
import { isIntent } from '../match.ts';
import { linkingProblemResponse } from '../responses.ts';
import { answerOnce, credentialsOf } from 'alexa-skill-workers/ask-sdk';
import { contextOf, t } from '../services.ts';

/**
 * `AMAZON.YesIntent` (linked users only): orders the pending ride through the Ride Hailer API,
 * says when it arrives, and remembers the destination in persistent attributes.
 *
 * The pending order comes from the session attributes of the signed request, so a replayed copy
 * of this request carries it too: the order runs inside {@link answerOnce}, and a copy gets the
 * first answer without ordering or saving again. Whatever the first copy answered is kept,
 * failures included: a replay must not order a ride the user was told could not be ordered.
 */
export const YesHandler: RequestHandler = {
  canHandle: (input) => isIntent(input, 'AMAZON.YesIntent'),
  async handle(input) {
    const strings = t(input);
    const pending = pendingOrder(input);
    if (!pending) {
      return input.responseBuilder.speak(strings.order.nothingPending).reprompt(strings.order.whereTo).getResponse();
    }
    return answerOnce(input, async (idempotencyKey) => {
      const ctx = contextOf(input);
      const { userId, token } = credentialsOf(input.requestEnvelope);
      clearPendingOrder(input);
      const ride = { destination: pending.destination, idempotencyKey };
      const order = await ctx.accounts.useToken(userId, token ?? '', (bearer) => ctx.rides.orderRide(bearer, ride), ctx, 'ride_order_failed');
      if (order.kind !== 'done') return linkingProblemResponse(input, order.kind);
      await rememberDestination(input, pending.destination);
      return input.responseBuilder.speak(strings.order.placed(pending.label, order.value.etaMinutes)).withShouldEndSession(true).getResponse();
    });
  },
};
