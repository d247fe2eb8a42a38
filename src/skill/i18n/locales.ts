import type { Language } from './strings.ts';

/** The locales the skill has a table for: the Alexa locales it is published in (`skill-package/skill.json`). */
export const LOCALES = [
  'en-US', 'en-GB', 'en-CA', 'en-AU', 'en-IN', 'de-DE', 'fr-FR', 'es-ES', 'es-MX', 'it-IT', 'ja-JP', 'pt-BR',
] as const;

export type Locale = (typeof LOCALES)[number];

/** The default locale: Amazon's Ride Hailer example speaks en-US, and so does any language the skill lacks. */
const DEFAULT_LOCALE: Locale = 'en-US';

/** Each language's locale for countries without a table of their own. */
const BY_LANGUAGE: Readonly<Record<Language, Locale>> = {
  en: 'en-US', de: 'de-DE', fr: 'fr-FR', es: 'es-ES', it: 'it-IT', ja: 'ja-JP', pt: 'pt-BR',
};

/**
 * Countries that share a locale's Alexa region more than its language's default. Amazon's
 * English (AU) model serves Australia and New Zealand, the UK store serves Ireland
 * (https://developer.amazon.com/en-US/alexa/feature-updates/, "Features Available In");
 * Spanish in the Americas (es-US, es-419 and each country) is closer to Mexico's than to Spain's.
 */
const BY_REGION: Readonly<Record<string, Locale>> = {
  'en-NZ': 'en-AU',
  'en-IE': 'en-GB',
  ...Object.fromEntries(
    ['US', '419', 'AR', 'BO', 'CL', 'CO', 'CR', 'CU', 'DO', 'EC', 'GT', 'HN', 'NI', 'PA', 'PE', 'PR', 'PY', 'SV', 'UY', 'VE'].map(
      (region) => [`es-${region}`, 'es-MX'],
    ),
  ),
};

const KNOWN: ReadonlySet<string> = new Set(LOCALES);

/** True when the skill has a table for `tag` exactly as written. */
function isLocale(tag: unknown): tag is Locale {
  return typeof tag === 'string' && KNOWN.has(tag);
}

/**
 * The locale that answers a request for `requested` (`request.locale`, a BCP 47 tag): the same
 * locale when the skill has it; else the one its region is closest to (de-AT → de-DE, fr-CA →
 * fr-FR, es-US → es-MX, en-NZ → en-AU, en-IE → en-GB); else its language's (en-ZA → en-US,
 * pt-PT → pt-BR); else en-US, also for a missing or malformed tag, or a value that is not a
 * string at all (`request.locale` is read from the envelope as it came).
 */
export function resolveLocale(requested: unknown): Locale {
  if (isLocale(requested)) return requested;
  if (typeof requested !== 'string') return DEFAULT_LOCALE;
  let tag: Intl.Locale;
  try {
    tag = new Intl.Locale(requested);
  } catch {
    return DEFAULT_LOCALE;
  }
  const regional = tag.region === undefined ? undefined : `${tag.language}-${tag.region}`;
  if (isLocale(regional)) return regional;
  return (regional && BY_REGION[regional]) || (BY_LANGUAGE as Readonly<Record<string, Locale>>)[tag.language] || DEFAULT_LOCALE;
}
