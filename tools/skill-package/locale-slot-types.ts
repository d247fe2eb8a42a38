/**
 * The slots whose built-in type differs by locale, and the type each locale declares. Every other
 * slot has the same type in every locale's model (rule `model-locales-agree`).
 *
 * The city slot names a city of the Ride Hailer catalogue, all of them US cities (src/skill/catalogue.ts).
 * `AMAZON.US_CITY` ("cities in the United States with a population over 100,000") fits them exactly and
 * is offered in the English locales; the other languages have no US-city list of their own, so they use
 * `AMAZON.City` ("local and world cities"), offered in every locale, which hears "Nueva York",
 * "Nova York" or 「ニューヨーク」 as that language says it. `AMAZON.DE_CITY` (German cities) and
 * `AMAZON.GB_CITY` (British cities) would miss the catalogue's cities; `AMAZON.EUROPE_CITY` is an
 * older, narrower list than `AMAZON.City`.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/slot-type-reference.html
 *   ("Slot Type Reference": the list slot types and the languages each supports)
 */
export const LOCALE_SLOT_TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'RideHailerAvailabilityByCity.city': {
    'en-US': 'AMAZON.US_CITY',
    'en-GB': 'AMAZON.US_CITY',
    'en-CA': 'AMAZON.US_CITY',
    'en-AU': 'AMAZON.US_CITY',
    'en-IN': 'AMAZON.US_CITY',
    'de-DE': 'AMAZON.City',
    'fr-FR': 'AMAZON.City',
    'es-ES': 'AMAZON.City',
    'es-MX': 'AMAZON.City',
    'it-IT': 'AMAZON.City',
    'ja-JP': 'AMAZON.City',
    'pt-BR': 'AMAZON.City',
  },
};
