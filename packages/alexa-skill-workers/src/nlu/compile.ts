/**
 * An interaction model compiled once for one locale: every sample utterance (the model's and the
 * language's phrases for the built-in intents it declares) as literal tokens and slots, ordered for the
 * matcher (most literal words first), and every custom slot type as a table from what users say
 * (values and synonyms, normalized) to its entities.
 */

import { languageOf } from './locales/index.ts';
import type { BuiltinIntentName, Language } from './locales/language.ts';
import { md5Hex } from './md5.ts';
import type { InteractionModel, ModelIntent, ModelSlot } from './model.ts';
import { indexSamples, type SampleIndex } from './sample-index.ts';
import { normalizeSpoken, tokensOf } from './text.ts';

/** A literal run of tokens, or a `{slot}`. */
export type SamplePart = { readonly kind: 'literal'; readonly tokens: readonly string[] } | { readonly kind: 'slot'; readonly name: string };

export interface CompiledSample {
  readonly intent: string;
  /** The sample as written in the model, or the built-in phrase. */
  readonly text: string;
  readonly source: 'model' | 'builtin';
  readonly parts: readonly SamplePart[];
  /** Literal tokens (words; characters in Japanese): more of them wins a tie. */
  readonly literals: number;
  /** Each literal run as normalized speech (padded with spaces in a spaced language), to skip a sample quickly when one is not in the utterance. */
  readonly needles: readonly string[];
  /** The literal words (character pairs in Japanese), for the closest samples of a miss. */
  readonly units: ReadonlySet<string>;
  /** The fewest tokens an utterance needs: the literals and one per slot. */
  readonly minTokens: number;
  /** Its place in the model (intents in order, then their samples), the last tie-breaker. */
  readonly order: number;
}

/** A custom value: its canonical name and id (Alexa's MD5 of the name when the model gives none). */
interface Entity {
  readonly name: string;
  readonly id: string;
}

interface CompiledIntent {
  readonly intent: ModelIntent;
  readonly slots: ReadonlyMap<string, ModelSlot>;
}

export interface CompiledModel {
  readonly model: InteractionModel;
  readonly locale: string;
  readonly language: Language;
  /** The invocation name as normalized speech. */
  readonly invocationName: string;
  readonly intents: ReadonlyMap<string, CompiledIntent>;
  /** All samples, most literal tokens first, then in model order. */
  readonly samples: readonly CompiledSample[];
  readonly index: SampleIndex;
  /** Custom slot types (and extended built-in ones): normalized phrase → entities, in model order. */
  readonly types: ReadonlyMap<string, ReadonlyMap<string, readonly Entity[]>>;
  /** True when the model has a dialog model, so intent requests carry `dialogState`. */
  readonly hasDialog: boolean;
}

const COMPILED = new WeakMap<InteractionModel, Map<string, CompiledModel>>();

/**
 * The model compiled for `locale`, once per model object and locale (later calls return the same object, so
 * a model is treated as immutable once resolved: parse a changed file into a new object).
 * @throws NluError `ERR_LOCALE_UNSUPPORTED` for a language the resolver has no words for.
 */
export function compileModel(model: InteractionModel, locale: string): CompiledModel {
  const byLocale = COMPILED.get(model) ?? new Map<string, CompiledModel>();
  COMPILED.set(model, byLocale);
  const cached = byLocale.get(locale);
  if (cached) return cached;
  const language = languageOf(locale);
  const { languageModel, dialog } = model.interactionModel;
  const samples: CompiledSample[] = [];
  const intents = new Map<string, CompiledIntent>();
  languageModel.intents.forEach((intent) => {
    intents.set(intent.name, { intent, slots: new Map((intent.slots ?? []).map((slot) => [slot.name, slot])) });
    for (const text of intent.samples ?? []) samples.push(compileSample(intent.name, text, 'model', samples.length, language));
    for (const text of language.intents[intent.name as BuiltinIntentName] ?? []) {
      samples.push(compileSample(intent.name, text, 'builtin', samples.length, language));
    }
  });
  samples.sort((a, b) => b.literals - a.literals || a.order - b.order);
  const compiled: CompiledModel = {
    model,
    locale,
    language,
    invocationName: normalizeSpoken(languageModel.invocationName, language),
    intents,
    samples,
    index: indexSamples(samples),
    types: new Map((languageModel.types ?? []).map((type) => [type.name, entitiesOf(type.values, language)])),
    hasDialog: (dialog?.intents.length ?? 0) > 0,
  };
  byLocale.set(locale, compiled);
  return compiled;
}

/** One sample as parts: `{slot}` placeholders and the normalized tokens between them. */
export function compileSample(intent: string, text: string, source: CompiledSample['source'], order: number, language: Language): CompiledSample {
  const parts: SamplePart[] = [];
  for (const piece of text.split(/(\{[^{}]+\})/)) {
    const slot = /^\{([^{}]+)\}$/.exec(piece);
    if (slot) parts.push({ kind: 'slot', name: slot[1]! });
    else {
      const tokens = tokensOf(normalizeSpoken(piece, language), language);
      if (tokens.length > 0) parts.push({ kind: 'literal', tokens });
    }
  }
  const literal = parts.flatMap((p) => (p.kind === 'literal' ? [p.tokens] : []));
  const needles = literal.map((tokens) => (language.spaced ? ` ${tokens.join(' ')} ` : tokens.join('')));
  const literals = literal.reduce((n, tokens) => n + tokens.length, 0);
  const units = new Set(literal.flatMap((tokens) => unitsOf(tokens, language)));
  return { intent, text, source, parts, literals, needles, units, minTokens: literals + parts.filter((p) => p.kind === 'slot').length, order };
}

/** What two texts are compared by when nothing matched: words, or character pairs where there are no spaces. */
export function unitsOf(tokens: readonly string[], language: Language): string[] {
  return language.spaced ? [...tokens] : tokens.slice(0, -1).map((t, i) => t + tokens[i + 1]!);
}

function entitiesOf(values: readonly { id?: string; name: { value: string; synonyms?: readonly string[] } }[], language: Language) {
  const table = new Map<string, Entity[]>();
  for (const { id, name } of values) {
    const entity: Entity = { name: name.value, id: id ?? md5Hex(name.value) };
    for (const phrase of [name.value, ...(name.synonyms ?? [])]) {
      const key = normalizeSpoken(phrase, language);
      const list = table.get(key) ?? [];
      if (!list.includes(entity)) list.push(entity);
      table.set(key, list);
    }
  }
  return table;
}
