import type { HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { accountOf, answerOnce } from 'alexa-skill-workers/ask-sdk';
import type { RideHailerProfile } from './ride-hailer-client.ts';
import { clearPendingOrder, rememberDestination, type PendingOrder } from './attributes.ts';
import { linkingProblemResponse } from './responses.ts';
import { contextOf, t } from './services.ts';

/**
 * Orders `pending` through the Ride Hailer API with the request's linked account (the one the
 * linking gate resolved and validated: the recognized speaker's own when they linked one, so each
 * person pays with their own payment method), says when it arrives, and remembers the
 * destination. Used by `AMAZON.YesIntent` and by the PIN confirmation's resumption, both behind
 * the gate, and only for a pending order quoted to this speaker (`quoting.ts`).
 *
 * The pending order comes from the session attributes of the signed request, so a replayed copy
 * carries it too: the order runs inside `answerOnce`, and a copy gets the first answer without
 * ordering or saving again. Whatever the first copy answered is kept, failures included: a replay
 * must not order a ride the user was told could not be ordered.
 */
export function orderPendingRide(input: HandlerInput, pending: PendingOrder): Promise<Response> {
  return answerOnce(input, async (idempotencyKey) => {
    const ctx = contextOf(input);
    const account = await accountOf<RideHailerProfile>(input);
    clearPendingOrder(input);
    if (account.kind !== 'linked') return linkingProblemResponse(input, account.kind);
    const ride = { destination: pending.destination, idempotencyKey };
    const order = await ctx.accounts.useToken(account, { run: (bearer) => ctx.rides.orderRide(bearer, ride), event: 'ride_order_failed' }, ctx);
    if (order.kind !== 'done') return linkingProblemResponse(input, order.kind);
    await rememberDestination(input, pending.destination);
    return input.responseBuilder.speak(t(input).order.placed(pending.label, order.value.etaMinutes)).withShouldEndSession(true).getResponse();
  });
}
