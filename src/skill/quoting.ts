import type { HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { accountHolderOf, isSameHolder, linkedProfileOf } from 'alexa-skill-workers/ask-sdk';
import { clearPendingOrder, setPendingOrder, type PendingOrder } from './attributes.ts';
import type { RideHailerProfile } from './ride-hailer-client.ts';
import { t } from './services.ts';

/**
 * Quotes a ride to the saved place `destination` for the request's speaker, from their own linked
 * account (the gate resolved it): the place's label and the card are theirs, and the pending order
 * records whom it was quoted to (`PendingOrder.quotedTo`). A place their profile lacks is said,
 * with the places it has, and nothing stays pending. `lead` (SSML) is said first.
 */
export async function quoteRide(input: HandlerInput, destination: string, lead?: string): Promise<Response> {
  const profile = await linkedProfileOf<RideHailerProfile>(input);
  const s = t(input).order;
  const say = (speech: string) => (lead ? `${lead} ${speech}` : speech);
  // Own keys only: a slot saying "constructor" must not find Object.prototype.constructor.
  const place = Object.hasOwn(profile.defaultLocations, destination) ? profile.defaultLocations[destination] : undefined;
  if (!place) {
    clearPendingOrder(input);
    const known = Object.keys(profile.defaultLocations);
    return input.responseBuilder.speak(say(s.unknownPlace(destination, known))).reprompt(s.whereTo).getResponse();
  }
  setPendingOrder(input, { destination, label: place.label, quotedTo: await accountHolderOf(input) });
  return input.responseBuilder
    .speak(say(s.confirm(destination, place.label, profile.paymentMethod)))
    .reprompt(s.confirmReprompt(place.label))
    .getResponse();
}

/**
 * True when `pending` was quoted to the request's speaker: the same link level and the same
 * person or account (`accountHolderOf`), so the Yes orders on the account whose place and card
 * they heard.
 */
export async function quotedToSpeaker(input: HandlerInput, pending: PendingOrder): Promise<boolean> {
  return isSameHolder(pending.quotedTo, await accountHolderOf(input));
}

/**
 * The answer to a Yes (or a PIN confirmation) for a ride quoted to someone else: nothing is
 * ordered; the same destination is quoted again for this speaker, from their own account, or they
 * hear why not.
 */
export function requote(input: HandlerInput, pending: PendingOrder): Promise<Response> {
  return quoteRide(input, pending.destination, t(input).order.quotedToSomeoneElse);
}
