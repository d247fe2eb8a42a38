import { getSlotValue, type RequestHandler } from 'ask-sdk-core';
import { findCity } from '../catalogue';
import { isIntent } from '../match';
import { t } from '../services';

/** `RideHailerAvailabilityByCity`: public; answers from the built-in catalogue, never reads the token. */
export const AvailabilityHandler: RequestHandler = {
  canHandle: (input) => isIntent(input, 'RideHailerAvailabilityByCity'),
  handle(input) {
    const s = t(input).availability;
    const spoken = getSlotValue(input.requestEnvelope, 'city');
    if (!spoken) return input.responseBuilder.speak(s.noCity).reprompt(s.noCity).getResponse();
    const city = findCity(spoken);
    const speech = city
      ? s.known(city.name, listOf(city.vehicles), city.typicalEtaMinutes)
      : s.unknown(spoken);
    return input.responseBuilder.speak(speech).withShouldEndSession(true).getResponse();
  },
};

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return `${items[0] ?? ''} rides`;
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)} rides`;
}
