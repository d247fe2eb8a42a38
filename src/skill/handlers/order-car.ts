import { type RequestHandler } from 'ask-sdk-core';
import { rememberedDestination } from '../attributes.ts';
import { isIntent } from '../match.ts';
import { quoteRide } from '../quoting.ts';
import { t } from '../services.ts';
import { slotId } from '../slots.ts';

/**
 * `OrderCar` for a linked user (the gate handled everyone else): finds the destination (the slot,
 * else the last destination remembered in persistent attributes) and quotes the ride from the
 * speaker's own profile (`quoteRide`), keeping the pending order in session attributes.
 */
export const OrderCarHandler: RequestHandler = {
  canHandle: (input) => isIntent(input, 'OrderCar'),
  async handle(input) {
    const destination = slotId(input, 'destination') || (await rememberedDestination(input));
    if (!destination) {
      const s = t(input).order;
      return input.responseBuilder.speak(s.whereTo).reprompt(s.whereTo).getResponse();
    }
    return quoteRide(input, destination);
  },
};
