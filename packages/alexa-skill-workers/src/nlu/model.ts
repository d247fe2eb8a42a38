/**
 * An interaction model as Amazon defines it (`skill-package/interactionModels/custom/<locale>.json`),
 * parsed and checked once: the parts the resolver reads must have Amazon's shape, and every reference
 * must land (a `{slot}` in a sample, a slot's type, a dialog's intent, slot and prompt ids). Properties
 * the resolver does not read (modelConfiguration, validations, valueSupplier, …) are left alone.
 * Pure: it takes already-parsed JSON (or the text) and a label for the file; no file system.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/interaction-model-schema.html
 *   ("Interaction Model Schema": languageModel.{invocationName, intents[{name, slots[{name, type,
 *   samples}], samples}], types[{name, values[{id, name:{value, synonyms}}]}]}, dialog.{delegationStrategy,
 *   intents[{name, confirmationRequired, prompts, slots[{name, type, elicitationRequired,
 *   confirmationRequired, prompts:{elicitation, confirmation}}]}]}, prompts[{id, variations[{type, value}]}])
 */

import { ModelError } from './errors.ts';
import { checkReferences } from './model-references.ts';

/** One value of a custom slot type: the canonical value, its synonyms and its id. */
export interface SlotTypeValue {
  readonly id?: string;
  readonly name: { readonly value: string; readonly synonyms?: readonly string[] };
}

/** A custom slot type, or values extending a built-in one (`AMAZON.US_CITY` with values). */
export interface SlotType {
  readonly name: string;
  readonly values: readonly SlotTypeValue[];
}

/** A slot of an intent; `samples` are what users say when Alexa asks for it (dialog model). */
export interface ModelSlot {
  readonly name: string;
  readonly type: string;
  readonly samples?: readonly string[];
}

export interface ModelIntent {
  readonly name: string;
  readonly slots?: readonly ModelSlot[];
  readonly samples?: readonly string[];
}

export interface LanguageModel {
  readonly invocationName: string;
  readonly intents: readonly ModelIntent[];
  readonly types?: readonly SlotType[];
}

/** `ALWAYS`: Alexa runs the whole dialog (auto delegation); `SKILL_RESPONSE`: the skill answers each turn. */
export type DelegationStrategy = 'ALWAYS' | 'SKILL_RESPONSE';

export interface DialogSlot {
  readonly name: string;
  readonly type: string;
  readonly elicitationRequired?: boolean;
  readonly confirmationRequired?: boolean;
  readonly prompts?: { readonly elicitation?: string; readonly confirmation?: string };
}

export interface DialogIntent {
  readonly name: string;
  readonly confirmationRequired?: boolean;
  readonly delegationStrategy?: DelegationStrategy;
  readonly prompts?: { readonly confirmation?: string };
  readonly slots?: readonly DialogSlot[];
}

export interface DialogModel {
  readonly delegationStrategy?: DelegationStrategy;
  readonly intents: readonly DialogIntent[];
}

export interface PromptVariation {
  readonly type: 'PlainText' | 'SSML';
  readonly value: string;
}

export interface Prompt {
  readonly id: string;
  readonly variations: readonly PromptVariation[];
}

/** The whole file: `{ interactionModel: { languageModel, dialog?, prompts? } }`. */
export interface InteractionModel {
  readonly interactionModel: {
    readonly languageModel: LanguageModel;
    readonly dialog?: DialogModel;
    readonly prompts?: readonly Prompt[];
  };
}

/** Where a model came from, for the one-line error: a file name or any label the caller picks. */
export interface ModelSource {
  readonly file: string;
}

/**
 * Parses the text of a model file.
 * @throws ModelError `ERR_MODEL_JSON` when `text` is not JSON (the message names `file` and the
 *   parser's position), `ERR_MODEL_SHAPE` as {@link parseInteractionModel}.
 */
export function parseInteractionModelText(text: string, source: ModelSource): InteractionModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new ModelError('ERR_MODEL_JSON', source.file, '$', `not JSON (${detail})`, { cause });
  }
  return parseInteractionModel(json, source);
}

/**
 * Checks that `json` is an interaction model in Amazon's shape and that its references hold.
 * @throws ModelError `ERR_MODEL_SHAPE`: its message is one line, `<file>: <JSON path>: <problem>`,
 *   e.g. `en-US.json: interactionModel.languageModel.intents[3].samples[2]: {city} is not a slot of OrderCar`.
 */
export function parseInteractionModel(json: unknown, source: ModelSource): InteractionModel {
  const check = new ShapeCheck(source.file);
  const root = check.object(json, 'interactionModel', '$');
  const model = check.object(root.interactionModel, 'interactionModel', 'interactionModel');
  const lm = check.object(model.languageModel, 'languageModel', 'interactionModel.languageModel');
  const at = 'interactionModel.languageModel';
  check.text(lm.invocationName, `${at}.invocationName`);
  check.list(lm.intents, `${at}.intents`, (intent, path) => {
    const i = check.object(intent, 'intent', path);
    check.text(i.name, `${path}.name`);
    check.optionalList(i.slots, `${path}.slots`, (slot, slotPath) => {
      const s = check.object(slot, 'slot', slotPath);
      check.text(s.name, `${slotPath}.name`);
      check.text(s.type, `${slotPath}.type`);
      check.optionalList(s.samples, `${slotPath}.samples`, (sample, p) => check.text(sample, p));
    });
    check.optionalList(i.samples, `${path}.samples`, (sample, p) => check.text(sample, p));
  });
  check.optionalList(lm.types, `${at}.types`, (type, path) => {
    const t = check.object(type, 'slot type', path);
    check.text(t.name, `${path}.name`);
    check.optionalList(t.values, `${path}.values`, (value, valuePath) => {
      const v = check.object(value, 'slot type value', valuePath);
      if (v.id !== undefined) check.text(v.id, `${valuePath}.id`);
      const name = check.object(v.name, 'value name', `${valuePath}.name`);
      check.text(name.value, `${valuePath}.name.value`);
      check.optionalList(name.synonyms, `${valuePath}.name.synonyms`, (synonym, p) => check.text(synonym, p));
    });
  });
  if (model.dialog !== undefined) checkDialogShape(check, model.dialog);
  check.optionalList(model.prompts, 'interactionModel.prompts', (prompt, path) => {
    const p = check.object(prompt, 'prompt', path);
    check.text(p.id, `${path}.id`);
    check.list(p.variations, `${path}.variations`, (variation, variationPath) => {
      const v = check.object(variation, 'variation', variationPath);
      check.oneOf(v.type, ['PlainText', 'SSML'], `${variationPath}.type`);
      check.text(v.value, `${variationPath}.value`);
    });
  });
  const parsed = json as InteractionModel;
  checkReferences(parsed, (path, problem) => check.fail(path, problem));
  return parsed;
}

function checkDialogShape(check: ShapeCheck, dialog: unknown): void {
  const at = 'interactionModel.dialog';
  const d = check.object(dialog, 'dialog', at);
  if (d.delegationStrategy !== undefined) check.oneOf(d.delegationStrategy, ['ALWAYS', 'SKILL_RESPONSE'], `${at}.delegationStrategy`);
  check.list(d.intents, `${at}.intents`, (intent, path) => {
    const i = check.object(intent, 'dialog intent', path);
    check.text(i.name, `${path}.name`);
    if (i.confirmationRequired !== undefined) check.flag(i.confirmationRequired, `${path}.confirmationRequired`);
    if (i.delegationStrategy !== undefined) check.oneOf(i.delegationStrategy, ['ALWAYS', 'SKILL_RESPONSE'], `${path}.delegationStrategy`);
    if (i.prompts !== undefined) check.prompts(i.prompts, `${path}.prompts`);
    check.optionalList(i.slots, `${path}.slots`, (slot, slotPath) => {
      const s = check.object(slot, 'dialog slot', slotPath);
      check.text(s.name, `${slotPath}.name`);
      check.text(s.type, `${slotPath}.type`);
      for (const flag of ['elicitationRequired', 'confirmationRequired'] as const) {
        if (s[flag] !== undefined) check.flag(s[flag], `${slotPath}.${flag}`);
      }
      if (s.prompts !== undefined) check.prompts(s.prompts, `${slotPath}.prompts`);
    });
  });
}

type Json = Record<string, unknown>;

/** Type checks that throw a {@link ModelError} naming the file and the JSON path. */
class ShapeCheck {
  readonly #file: string;
  constructor(file: string) {
    this.#file = file;
  }
  fail(path: string, problem: string): never {
    throw new ModelError('ERR_MODEL_SHAPE', this.#file, path, problem);
  }
  object(value: unknown, what: string, path: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, `expected the ${what} object, found ${kind(value)}`);
    return value as Json;
  }
  text(value: unknown, path: string): void {
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, `expected a non-empty string, found ${kind(value)}`);
  }
  flag(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.fail(path, `expected true or false, found ${kind(value)}`);
  }
  oneOf(value: unknown, allowed: readonly string[], path: string): void {
    if (typeof value !== 'string' || !allowed.includes(value)) this.fail(path, `expected one of ${allowed.join(', ')}, found ${kind(value)}`);
  }
  prompts(value: unknown, path: string): void {
    const prompts = this.object(value, 'prompts', path);
    for (const [key, id] of Object.entries(prompts)) this.text(id, `${path}.${key}`);
  }
  list(value: unknown, path: string, each: (item: unknown, path: string) => void): void {
    if (!Array.isArray(value)) this.fail(path, `expected an array, found ${kind(value)}`);
    value.forEach((item, i) => each(item, `${path}[${i}]`));
  }
  optionalList(value: unknown, path: string, each: (item: unknown, path: string) => void): void {
    if (value !== undefined) this.list(value, path, each);
  }
}

function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : `the string ${JSON.stringify(value.slice(0, 40))}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
