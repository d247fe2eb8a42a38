import { type RequestHandler } from 'ask-sdk-core';
import { rememberedDestination, setPendingOrder } from '../attributes.ts';
import { isIntent } from '../match.ts';
import { accountOf, t } from '../services.ts';
import { slotId } from '../slots.ts';

/**
 * `OrderCar` for a linked user (the gate handled everyone else): finds the destination in the
 * profile (the slot, else the last destination remembered in persistent attributes), asks for
 * confirmation, and keeps the pending order in session attributes.
 */
export const OrderCarHandler: RequestHandler = {
  canHandle: (input) => isIntent(input, 'OrderCar'),
  async handle(input) {
    const account = await accountOf(input);
    if (account.kind !== 'linked') throw new Error('OrderCar reached without a linked account');
    const s = t(input).order;
    const destination = slotId(input, 'destination') || (await rememberedDestination(input));
    if (!destination) return input.responseBuilder.speak(s.whereTo).reprompt(s.whereTo).getResponse();

    const { profile } = account.account;
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
