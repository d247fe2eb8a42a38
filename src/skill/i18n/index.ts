import type { Logger } from 'alexa-skill-workers';
import { deDE } from './de-DE.ts';
import { enAU } from './en-AU.ts';
import { enCA } from './en-CA.ts';
import { enGB } from './en-GB.ts';
import { enIN } from './en-IN.ts';
import { enUS } from './en-US.ts';
import { esES } from './es-ES.ts';
import { esMX } from './es-MX.ts';
import { frFR } from './fr-FR.ts';
import { itIT } from './it-IT.ts';
import { jaJP } from './ja-JP.ts';
import { LOCALES, resolveLocale, type Locale } from './locales.ts';
import { ptBR } from './pt-BR.ts';
import { escapingArguments } from './ssml.ts';
import type { Language, Strings } from './strings.ts';

/** Every locale's table, as written: the compiler asks for one per locale in `LOCALES`. */
const TABLES: Readonly<Record<Locale, Strings>> = {
  'en-US': enUS, 'en-GB': enGB, 'en-CA': enCA, 'en-AU': enAU, 'en-IN': enIN,
  'de-DE': deDE, 'fr-FR': frFR, 'es-ES': esES, 'es-MX': esMX, 'it-IT': itIT, 'ja-JP': jaJP, 'pt-BR': ptBR,
};

/**
 * The tables handlers see: every string function escapes its arguments for SSML (`./ssml.ts`).
 * Each is made the first time its locale answers, not at startup: an isolate mostly speaks one.
 */
const escaping = new Map<Locale, Strings>();

function escapingTable(locale: Locale): Strings {
  let table = escaping.get(locale);
  if (!table) {
    table = escapingArguments(TABLES[locale]);
    escaping.set(locale, table);
  }
  return table;
}

/** Requested locales already logged as falling back, in this isolate; bounded, then quiet. */
const fallbacksLogged = new Set<string>();
const MAX_FALLBACKS_LOGGED = 64;

/**
 * The strings for `requested` (a request's `request.locale`, as the envelope has it: any JSON
 * value), resolved as `resolveLocale` says (by region, then language, then en-US). Never throws:
 * the skill's error handler speaks through it too. A locale the skill has no table for is logged
 * once per isolate as `locale_fallback`, with the locale that answers (a missing one as `(none)`,
 * a value that is not a string as `(not a string)`, never the value); Alexa sends only the
 * locales in `skill.json`, so this means a misconfigured skill. Every function in the strings
 * escapes its arguments for SSML, so data is passed to them as it is.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-types-reference.html (`locale`, a string)
 */
export function stringsFor(requested: unknown, log?: Logger): Strings {
  const locale = resolveLocale(requested);
  if (locale !== requested && log) {
    const key = requested === undefined ? '(none)' : typeof requested === 'string' ? requested.slice(0, 35) : '(not a string)';
    if (!fallbacksLogged.has(key) && fallbacksLogged.size < MAX_FALLBACKS_LOGGED) {
      fallbacksLogged.add(key);
      log.warn('locale_fallback', { requested: key, locale });
    }
  }
  return escapingTable(locale);
}

/** The locales with a table of their own. */
export const LOCALE_NAMES: readonly Locale[] = LOCALES;

export { resolveLocale, type Language, type Locale, type Strings };
