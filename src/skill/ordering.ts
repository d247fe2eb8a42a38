import type { HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { accountOf, answerOnce } from 'alexa-skill-workers/ask-sdk';
import type { RideHailerProfile } from './ride-hailer-client.ts';
import { clearPendingOrder, rememberDestination, type PendingOrder } from './attributes.ts';
import { CONSENT_PERMISSIONS } from './permissions.ts';
import { sayOneMoment } from './progress.ts';
import { linkingProblemResponse } from './responses.ts';
import { riderNameOf } from './rider-name.ts';
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
 *
 * While the order is placed, the rider hears "one moment" (a progressive response, `progress.ts`)
 * and their first name is read alongside (`rider-name.ts`): the confirmation says it, or, when the
 * rider has not granted it, comes with the `AskForPermissionsConsent` card. A replayed copy does
 * neither: it gets the first answer.
 */
export function orderPendingRide(input: HandlerInput, pending: PendingOrder): Promise<Response> {
  return answerOnce(input, async (idempotencyKey) => {
    const ctx = contextOf(input);
    const account = await accountOf<RideHailerProfile>(input);
    clearPendingOrder(input);
    if (account.kind !== 'linked') return linkingProblemResponse(input, account.kind);
    sayOneMoment(input);
    const ride = { destination: pending.destination, idempotencyKey };
    const [order, rider] = await Promise.all([
      ctx.accounts.useToken(account, { run: (bearer) => ctx.rides.orderRide(bearer, ride), event: 'ride_order_failed' }, ctx),
      riderNameOf(input),
    ]);
    if (order.kind !== 'done') return linkingProblemResponse(input, order.kind);
    await rememberDestination(input, pending.destination);
    const s = t(input).order;
    // Both sentences are the locale's SSML (its functions escaped the label and the name).
    const placed = s.placed(pending.label, order.value.etaMinutes, rider.name);
    const speech = rider.askConsent ? `${placed} ${s.nameConsent}` : placed;
    const answer = input.responseBuilder.speak(speech).withShouldEndSession(true);
    return (rider.askConsent ? answer.withAskForPermissionsConsentCard([...CONSENT_PERMISSIONS]) : answer).getResponse();
  });
}
