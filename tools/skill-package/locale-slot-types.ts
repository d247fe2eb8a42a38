/**
 * The slots whose built-in type differs by locale, and the type each locale declares. Every other
 * slot has the same type in every locale's model (rule `model-locales-agree`).
 *
 * The city slot names a city of the Ride Hailer catalogue, all of them US cities (src/skill/catalogue.ts).
 * `AMAZON.US_CITY` ("cities in the United States with a population over 100,000") fits them exactly, but
 * Amazon offers it only in English (US), English (UK) and German; for English (IN), English (CA),
 * English (AU), Japanese and French it says to use `AMAZON.City` instead ("5 tips for building
 * multi-language Alexa skills", below). The other locales use `AMAZON.City` ("local and world cities"), which hears "Nueva York",
 * "Nova York" or 「ニューヨーク」 as that language says it. `AMAZON.DE_CITY` (German cities) and
 * `AMAZON.GB_CITY` (British cities) would miss the catalogue's cities; `AMAZON.EUROPE_CITY` is an
 * older, narrower list than `AMAZON.City`.
 *
 * @see https://developer.amazon.com/blogs/alexa/post/bbc5ea2e-d7ae-43f9-8f02-7b3583e8de96/5-tips-for-building-multi-language-alexa-skills
 *   ("AMAZON.US_FIRST_NAME, AMAZON.US_CITY are available for US English, UK English, and German. For
 *   Japanese, English (India), English (Canada), English (Australia), and French language models,
 *   instead consider AMAZON.FirstName and AMAZON.City")
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/slot-type-reference.html
 *   ("Slot Type Reference": the list slot types and the languages each supports)
 */
export const LOCALE_SLOT_TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'RideHailerAvailabilityByCity.city': {
    'en-US': 'AMAZON.US_CITY',
    'en-GB': 'AMAZON.US_CITY',
    'en-CA': 'AMAZON.City',
    'en-AU': 'AMAZON.City',
    'en-IN': 'AMAZON.City',
    'de-DE': 'AMAZON.City',
    'fr-FR': 'AMAZON.City',
    'es-ES': 'AMAZON.City',
    'es-MX': 'AMAZON.City',
    'it-IT': 'AMAZON.City',
    'ja-JP': 'AMAZON.City',
    'pt-BR': 'AMAZON.City',
  },
};
