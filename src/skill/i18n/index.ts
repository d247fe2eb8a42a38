import { enUS, type Strings } from './en-US.ts';
import { escapingArguments } from './ssml.ts';

/** Every locale's table, as written. Add a locale here; it is escaped with the others below. */
const TABLES: Readonly<Record<string, Strings>> = { 'en-US': enUS };

/** The tables handlers see: every string function escapes its arguments for SSML (`./ssml.ts`). */
const LOCALES: ReadonlyMap<string, Strings> = new Map(
  Object.entries(TABLES).map(([locale, table]) => [locale, escapingArguments(table)]),
);
const FALLBACK = LOCALES.get('en-US')!;

/**
 * The strings for `locale` (e.g. `request.locale`), falling back to en-US. Every function in
 * them escapes its arguments for SSML, so data is passed to them as it is.
 */
export function stringsFor(locale: string | undefined): Strings {
  return (locale && LOCALES.get(locale)) || FALLBACK;
}

/** The locales with a table of their own. */
export const LOCALE_NAMES: readonly string[] = [...LOCALES.keys()];

export type { Strings };
