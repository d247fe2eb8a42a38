import { type RequestHandler } from 'ask-sdk-core';
import { rememberedDestination, setPendingOrder } from '../attributes.ts';
import { isIntent } from '../match.ts';
import { linkedProfileOf } from 'alexa-skill-workers/ask-sdk';
import type { RideHailerProfile } from '../ride-hailer-client.ts';
import { t } from '../services.ts';
import { slotId } from '../slots.ts';

/**
 * `OrderCar` for a linked user (the gate handled everyone else): finds the destination in the
 * profile (the slot, else the last destination remembered in persistent attributes), asks for
 * confirmation, and keeps the pending order in session attributes.
 */
export const OrderCarHandler: RequestHandler = {
  canHandle: (input) => isIntent(input, 'OrderCar'),
  async handle(input) {
    const profile = await linkedProfileOf<RideHailerProfile>(input);
    const s = t(input).order;
    const destination = slotId(input, 'destination') || (await rememberedDestination(input));
    if (!destination) return input.responseBuilder.speak(s.whereTo).reprompt(s.whereTo).getResponse();

    // Own keys only: a slot saying "constructor" must not find Object.prototype.constructor.
    const place = Object.hasOwn(profile.defaultLocations, destination) ? profile.defaultLocations[destination] : undefined;
    if (!place) {
      const known = Object.keys(profile.defaultLocations);
      return input.responseBuilder.speak(s.unknownPlace(destination, known)).reprompt(s.whereTo).getResponse();
    }
    setPendingOrder(input, { destination, label: place.label });
    return input.responseBuilder
      .speak(s.confirm(destination, place.label, profile.paymentMethod))
      .reprompt(s.confirmReprompt(place.label))
      .getResponse();
  },
};
