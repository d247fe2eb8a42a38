/**
 * The rules Amazon applies to an interaction model when it is built and certified, one function per
 * rule, each returning its problems (none when the rule holds). Pure: parsed JSON in, strings out.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/interaction-model-schema.html (the schema)
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/create-intents-utterances-and-slots.html
 *   ("Rules for sample utterances": unique across intents; slots in curly brackets, named in the intent;
 *   only letters, spaces and valid punctuation: periods for abbreviations and possessive apostrophes)
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/standard-built-in-intents.html
 *   (AMAZON.CancelIntent, HelpIntent, StopIntent and NavigateHomeIntent are required in every custom
 *   skill; FallbackIntent catches what the model does not cover)
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/best-practices-for-sample-utterances-and-custom-slot-type-values.html
 */

interface ModelSlot {
  readonly name: string;
  readonly type: string;
}

export interface ModelIntent {
  readonly name: string;
  readonly slots?: readonly ModelSlot[];
  readonly samples?: readonly string[];
}

/** A custom slot type; `id` is what entity resolution returns for a value (`resolutionsPerAuthority`). */
interface ModelSlotType {
  readonly name: string;
  readonly values?: ReadonlyArray<{ readonly id?: string; readonly name: { readonly value: string; readonly synonyms?: readonly string[] } }>;
}

/** The part of an interaction model file these rules read. */
export interface InteractionModelFile {
  readonly interactionModel: {
    readonly languageModel: {
      readonly invocationName: string;
      readonly intents: readonly ModelIntent[];
      readonly types?: readonly ModelSlotType[];
    };
    readonly dialog?: { readonly intents?: ReadonlyArray<{ readonly name: string; readonly slots?: ReadonlyArray<{ readonly name: string }> }> };
  };
}

/** The built-in intents every locale's model declares. */
const REQUIRED_BUILT_IN_INTENTS: readonly string[] = [
  'AMAZON.CancelIntent',
  'AMAZON.HelpIntent',
  'AMAZON.StopIntent',
  'AMAZON.NavigateHomeIntent',
  'AMAZON.FallbackIntent',
];

const SLOT_REFERENCE = /\{([^}]*)\}/g;
/** One spoken word: letters with possessive or contracted apostrophes, or an abbreviation letter and period. */
const SAMPLE_WORD = /^(?:[\p{L}\p{M}]+(?:'[\p{L}\p{M}]*)*|\p{L}\.|\{[A-Za-z_]+\})$/u;
/** A run of text in a language written without spaces (Japanese): letters and `{slots}`, side by side. */
const UNSPACED_RUN = /^(?:[\p{L}\p{M}]+|\{[A-Za-z_]+\})+$/u;

const intentsOf = (model: InteractionModelFile) => model.interactionModel.languageModel.intents;

/** Built-ins from {@link REQUIRED_BUILT_IN_INTENTS} that the model lacks. */
export function missingBuiltIns(model: InteractionModelFile): string[] {
  const names = new Set(intentsOf(model).map((intent) => intent.name));
  return REQUIRED_BUILT_IN_INTENTS.filter((name) => !names.has(name)).map((name) => `${name} is missing`);
}

/** Samples said the same (case and spacing aside) in two places, in one intent or across intents. */
export function duplicateSamples(model: InteractionModelFile): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const intent of intentsOf(model)) {
    for (const sample of intent.samples ?? []) {
      const key = sample.toLowerCase().replace(/\s+/g, ' ').trim();
      const first = seen.get(key);
      if (first) problems.push(`"${sample}" is a sample of ${first} and of ${intent.name}`);
      else seen.set(key, intent.name);
    }
  }
  return problems;
}

/**
 * Samples with characters Amazon does not accept (digits, symbols, stray punctuation, empty). Where
 * the language is written without spaces (`spaced: false`, Japanese), a slot may touch the words
 * around it ("{destination}まで車を呼んで").
 */
export function invalidSampleCharacters(model: InteractionModelFile, language: { readonly spaced: boolean } = { spaced: true }): string[] {
  const word = language.spaced ? SAMPLE_WORD : UNSPACED_RUN;
  const problems: string[] = [];
  for (const intent of intentsOf(model)) {
    for (const sample of intent.samples ?? []) {
      const words = sample.trim().split(/\s+/).filter(Boolean);
      const bad = words.filter((w) => !word.test(w));
      if (words.length === 0 || bad.length > 0) problems.push(`${intent.name}: "${sample}" has ${bad.length ? bad.map((w) => `"${w}"`).join(', ') : 'no words'}`);
    }
  }
  return problems;
}

/** `{slot}` references to slots the intent does not declare. */
export function undeclaredSlotReferences(model: InteractionModelFile): string[] {
  const problems: string[] = [];
  for (const intent of intentsOf(model)) {
    const declared = new Set((intent.slots ?? []).map((slot) => slot.name));
    for (const sample of intent.samples ?? []) {
      for (const [, name] of sample.matchAll(SLOT_REFERENCE)) {
        if (!declared.has(name!)) problems.push(`${intent.name}: "${sample}" uses {${name}}, which ${intent.name} does not declare`);
      }
    }
  }
  return problems;
}

/**
 * Declared slots that no sample uses and no dialog elicits: Alexa can never fill them. Not an Amazon
 * build error, but a slot nothing can fill is a defect in this skill's model, so it is checked too.
 */
export function unusedSlots(model: InteractionModelFile): string[] {
  const elicited = new Set(
    (model.interactionModel.dialog?.intents ?? []).flatMap((intent) => (intent.slots ?? []).map((slot) => `${intent.name}/${slot.name}`)),
  );
  const problems: string[] = [];
  for (const intent of intentsOf(model)) {
    const used = new Set((intent.samples ?? []).flatMap((sample) => [...sample.matchAll(SLOT_REFERENCE)].map((m) => m[1])));
    for (const slot of intent.slots ?? []) {
      if (!used.has(slot.name) && !elicited.has(`${intent.name}/${slot.name}`)) problems.push(`${intent.name}: slot ${slot.name} is in no sample and no dialog`);
    }
  }
  return problems;
}

/** Slots whose type is neither built in (`AMAZON.*`) nor declared in the model's `types`. */
export function undeclaredSlotTypes(model: InteractionModelFile): string[] {
  const declared = new Set((model.interactionModel.languageModel.types ?? []).map((type) => type.name));
  return intentsOf(model).flatMap((intent) =>
    (intent.slots ?? [])
      .filter((slot) => !slot.type.startsWith('AMAZON.') && !declared.has(slot.type))
      .map((slot) => `${intent.name}: slot ${slot.name} has type ${slot.type}, which the model does not declare`),
  );
}

/** Every sample of the model, for matching example phrases. */
export function allSamples(model: InteractionModelFile): string[] {
  return intentsOf(model).flatMap((intent) => [...(intent.samples ?? [])]);
}

/** The names of the model's intents. */
export function intentNames(model: InteractionModelFile): Set<string> {
  return new Set(intentsOf(model).map((intent) => intent.name));
}
