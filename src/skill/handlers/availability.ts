import type { RequestHandler } from 'ask-sdk-core';
import { cityName, findCity, offersFullRange } from '../catalogue.ts';
import { isIntent } from '../match.ts';
import { t } from '../services.ts';
import { slotValue } from '../slots.ts';

/**
 * `RideHailerAvailabilityByCity`: public; answers from the built-in catalogue, never reads the token.
 * A city with every kind of ride is said to have the full range of services, as Amazon's example does.
 * The city is found as the user says it in their language (or any other) and named in theirs.
 */
export const AvailabilityHandler: RequestHandler = {
  canHandle: (input) => isIntent(input, 'RideHailerAvailabilityByCity'),
  handle(input) {
    const strings = t(input);
    const s = strings.availability;
    const spoken = slotValue(input, 'city');
    if (!spoken) return input.responseBuilder.speak(s.noCity).reprompt(s.noCity).getResponse();
    const city = findCity(spoken, strings.language);
    if (!city) return input.responseBuilder.speak(s.unknown(spoken)).withShouldEndSession(true).getResponse();
    const answer = offersFullRange(city) ? s.fullRange : s.known;
    return input.responseBuilder
      .speak(answer(cityName(city, strings.language), city.vehicles, city.typicalEtaMinutes))
      .withShouldEndSession(true)
      .getResponse();
  },
};
