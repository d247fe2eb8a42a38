/**
 * The rules that hold the locales of one skill together: every locale's model declares the intents
 * and slots of the reference model (en-US), the slot types differing only where the project declares
 * a type per locale ({@link LocaleSlotTypes}: a built-in type Amazon offers in some languages only,
 * such as `AMAZON.US_CITY`); every custom slot value carries the same entity-resolution ids in every
 * locale, since a skill's handlers read those ids, not the words; and each listed locale's country is a distribution country. Pure: parsed JSON in,
 * problems out.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/develop-skills-in-multiple-languages.html
 *   ("Develop Skills in Multiple Languages": one interaction model per locale, one skill service for all)
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/define-synonyms-and-ids-for-slot-type-values-entity-resolution.html
 *   (entity resolution: a value's `id` is returned in `resolutionsPerAuthority[].values[].value.id`)
 */
import type { InteractionModelFile, ModelIntent } from './model-rules.ts';

/**
 * The slots whose built-in type differs by locale (`"Intent.slot"`), and the type each locale
 * declares: the project's `check.localeSlotTypes`. Every other slot has the reference model's type
 * in every locale. Amazon, "Slot Type Reference" (the languages each list type supports):
 * https://developer.amazon.com/en-US/docs/alexa/custom-skills/slot-type-reference.html
 */
export type LocaleSlotTypes = Readonly<Record<string, Readonly<Record<string, string>>>>;

const byName = <T extends { readonly name: string }>(items: readonly T[] | undefined) => new Map((items ?? []).map((item) => [item.name, item]));
const intentsOf = (model: InteractionModelFile) => byName(model.interactionModel.languageModel.intents);

/** Names in `expected` and not in `actual`, and the other way round, as messages. */
function sameNames(what: string, expected: Iterable<string>, actual: Iterable<string>): string[] {
  const want = new Set(expected);
  const have = new Set(actual);
  return [
    ...[...want].filter((n) => !have.has(n)).map((n) => `${what} ${n} is missing; the reference model declares it`),
    ...[...have].filter((n) => !want.has(n)).map((n) => `${what} ${n} is not in the reference model`),
  ];
}

/**
 * How the `locale` model's intents and slots differ from `reference`'s: a missing or extra intent or
 * slot, or a slot type other than the reference's (or, for a slot in `declared`, other than the type
 * declared for `locale`).
 */
export function intentDisagreements(
  reference: InteractionModelFile,
  model: InteractionModelFile,
  locale: string,
  declared: LocaleSlotTypes = {},
): string[] {
  const want = intentsOf(reference);
  const have = intentsOf(model);
  const problems = sameNames('intent', want.keys(), have.keys());
  for (const [name, intent] of have) {
    const expected: ModelIntent | undefined = want.get(name);
    if (!expected) continue;
    const wantSlots = byName(expected.slots);
    const haveSlots = byName(intent.slots);
    problems.push(...sameNames(`${name}: slot`, wantSlots.keys(), haveSlots.keys()));
    for (const [slotName, slot] of haveSlots) {
      const key = `${name}.${slotName}`;
      const perLocale = declared[key];
      const type = perLocale ? perLocale[locale] : wantSlots.get(slotName)?.type;
      if (perLocale && !type) problems.push(`${key}: no type is declared for ${locale} (check.localeSlotTypes in the project's package.json)`);
      else if (type && slot.type !== type) problems.push(`${key} has type ${slot.type}; ${perLocale ? `${locale} declares` : 'the reference model has'} ${type}`);
    }
  }
  return problems;
}

/** Custom slot values without an `id`, and ids other than the reference model's, per slot type. */
export function valueIdDisagreements(reference: InteractionModelFile, model: InteractionModelFile): string[] {
  const want = byName(reference.interactionModel.languageModel.types);
  const have = byName(model.interactionModel.languageModel.types);
  const problems: string[] = [];
  for (const [name, type] of have) {
    const values = type.values ?? [];
    problems.push(...values.filter((v) => !v.id).map((v) => `${name}: "${v.name.value}" has no id, so entity resolution returns none`));
    const expected = want.get(name);
    if (expected) {
      const ids = (t: typeof type) => (t.values ?? []).flatMap((v) => (v.id ? [v.id] : []));
      problems.push(...sameNames(`${name}: value id`, ids(expected), ids(type)));
    }
  }
  return problems;
}

interface Distribution {
  readonly isAvailableWorldwide?: boolean;
  readonly distributionCountries?: readonly string[];
  readonly locales?: Readonly<Record<string, unknown>>;
}

/** Listed locales whose country (`GB` of `en-GB`) is not a distribution country of a skill not available worldwide. */
export function localeCountryProblems(publishing: Distribution | undefined): string[] {
  if (!publishing || publishing.isAvailableWorldwide !== false) return [];
  const countries = new Set(publishing.distributionCountries ?? []);
  return Object.keys(publishing.locales ?? {})
    .map((locale) => [locale, locale.split('-')[1]?.toUpperCase()] as const)
    .filter(([, country]) => !country || !countries.has(country))
    .map(([locale, country]) => `${locale} is listed, but ${country ?? 'its country'} is not in distributionCountries`);
}
