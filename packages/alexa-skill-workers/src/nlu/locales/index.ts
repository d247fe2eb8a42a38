/**
 * The language of a locale tag: "de-DE" → German. One table per language, as Amazon gives one table of
 * invocation phrases per language ("English (All)", "Spanish (All)", "German (DE)", …).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/develop-skills-in-multiple-languages.html
 *   (the supported locales)
 */

import { NluError } from '../errors.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { it } from './it.ts';
import { ja } from './ja.ts';
import type { Language } from './language.ts';
import { pt } from './pt.ts';

const LANGUAGES: Readonly<Record<string, Language>> = { en, de, fr, es, it, pt, ja };

/**
 * The language of `locale`, by its first subtag.
 * @throws NluError `ERR_LOCALE_UNSUPPORTED` for a language the resolver has no words for.
 */
export function languageOf(locale: string): Language {
  const language = LANGUAGES[locale.split('-')[0]!.toLowerCase()];
  if (!language) {
    throw new NluError('ERR_LOCALE_UNSUPPORTED', `no words for the language of ${JSON.stringify(locale)} (known: ${Object.keys(LANGUAGES).join(', ')})`);
  }
  return language;
}
