/**
 * Grammar a locale table needs, done by `Intl` for the table's locale, so no table joins lists or
 * picks plural endings by hand. Formatters are built once per locale and option set (they are
 * costly to build and cheap to use).
 *
 * @see https://tc39.es/ecma402/#listformat-objects (Intl.ListFormat: conjunctions and disjunctions)
 * @see https://tc39.es/ecma402/#numberformat-objects (Intl.NumberFormat, `style: 'unit'`)
 * @see https://tc39.es/ecma402/#pluralrules-objects (Intl.PluralRules: a number's plural category)
 */

const lists = new Map<string, Intl.ListFormat>();
const numbers = new Map<string, Intl.NumberFormat>();
const plurals = new Map<string, Intl.PluralRules>();

function memo<T>(cache: Map<string, T>, key: string, build: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = build();
    cache.set(key, value);
  }
  return value;
}

/** "work, home, or gym" (en-US), "Arbeit, Zuhause oder gym" (de-DE): an either-or list. */
export function orList(locale: string, items: readonly string[]): string {
  return memo(lists, `${locale}|or`, () => new Intl.ListFormat(locale, { type: 'disjunction' })).format(items);
}

/** "a, b, and c" (en-US), "a、b、c" (ja-JP): a list of everything named. */
export function andList(locale: string, items: readonly string[]): string {
  return memo(lists, `${locale}|and`, () => new Intl.ListFormat(locale, { type: 'conjunction' })).format(items);
}

/** A whole number as the locale writes it ("1,000", "1.000"). */
export function integer(locale: string, value: number): string {
  return memo(numbers, `${locale}|integer`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })).format(value);
}

/** A duration in minutes, with the unit's word in its plural form: "1 minute", "7 Minuten", "7 minutos". */
export function minutes(locale: string, value: number): string {
  return memo(
    numbers,
    `${locale}|minutes`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long', maximumFractionDigits: 0 }),
  ).format(value);
}

/** The plural category of `value` in the locale ("one" for 1 in German, "other" for 0 and 7). */
export function pluralOf(locale: string, value: number): Intl.LDMLPluralRule {
  return memo(plurals, locale, () => new Intl.PluralRules(locale)).select(value);
}

/**
 * The locale's word for `id` in `words` (a saved place, a vehicle class), or `id` itself when the
 * locale has none: a user's own saved place is said as they named it. Own keys only, so an ID
 * such as `constructor` is not found on Object's prototype.
 */
export function wordFor(words: Readonly<Record<string, string>>, id: string): string {
  return Object.hasOwn(words, id) ? words[id]! : id;
}
