import { describe, expect, it } from 'vitest';
import { ModelError, parseInteractionModel, parseInteractionModelText } from '../../src/nlu/index.ts';
import { rideHailerJson, thrown } from './support.ts';

/** The parts of Ride Hailer's model the cases below change. */
interface Draft {
  languageModel: {
    invocationName?: unknown;
    modelConfiguration?: unknown;
    intents: { name: unknown; slots: { type: unknown; multipleValues?: unknown }[]; samples: unknown[] }[];
    types: { values: { name?: { synonyms: unknown[] } }[] }[];
  };
  dialog?: unknown;
  prompts?: unknown;
}
type Json = Draft;

/** Ride Hailer's en-US model changed by `mutate`, parsed as `en-US.json`. */
function parsedAfter(mutate: (model: Json) => void) {
  const json = rideHailerJson('en-US');
  mutate(json.interactionModel as unknown as Draft);
  return () => parseInteractionModel(json, { file: 'en-US.json' });
}

describe('parseInteractionModel', () => {
  it('accepts every Ride Hailer model unchanged', () => {
    expect(() => parsedAfter(() => {})()).not.toThrow();
  });

  it('names the file and the parser position when the text is not JSON', () => {
    const error = thrown(() => parseInteractionModelText('{ "interactionModel": { ', { file: 'de-DE.json' }));
    expect(error).toBeInstanceOf(ModelError);
    expect(error.code).toBe('ERR_MODEL_JSON');
    expect(error.message).toMatch(/^de-DE\.json: \$: not JSON \(.+\)$/);
    expect(error.message).not.toContain('\n');
  });

  it.each([
    ['a sample naming a slot the intent lacks', (m: Json) => m.languageModel.intents[0]!.samples.push('fly me to {city}'),
      'interactionModel.languageModel.intents[0].samples[8]', '{city} is not a slot of OrderCar'],
    ['a sample that is not a string', (m: Json) => (m.languageModel.intents[1]!.samples[2] = 42),
      'interactionModel.languageModel.intents[1].samples[2]', 'expected a non-empty string, found a number'],
    ['unbalanced braces', (m: Json) => (m.languageModel.intents[0]!.samples[3] = 'order a car to {destination'),
      'interactionModel.languageModel.intents[0].samples[3]', 'unbalanced braces in "order a car to {destination"'],
    ['a missing invocation name', (m: Json) => delete m.languageModel.invocationName,
      'interactionModel.languageModel.invocationName', 'expected a non-empty string, found nothing'],
    ['intents that are not an array', (m: Json) => ((m.languageModel as { intents: unknown }).intents = {}),
      'interactionModel.languageModel.intents', 'expected an array, found an object'],
    ['an unknown slot type', (m: Json) => (m.languageModel.intents[0]!.slots[0]!.type = 'PLACES'),
      'interactionModel.languageModel.intents[0].slots[0].type', 'slot type PLACES is neither in types nor an AMAZON type'],
    ['a value without its name', (m: Json) => delete m.languageModel.types[0]!.values[1]!.name,
      'interactionModel.languageModel.types[0].values[1].name', 'expected the value name object, found nothing'],
    ['a synonym that is empty', (m: Json) => (m.languageModel.types[0]!.values[0]!.name!.synonyms[2] = ' '),
      'interactionModel.languageModel.types[0].values[0].name.synonyms[2]', 'expected a non-empty string, found an empty string'],
    ['a second intent of the same name', (m: Json) => (m.languageModel.intents[3]!.name = 'OrderCar'),
      'interactionModel.languageModel.intents[3].name', 'a second intent named OrderCar'],
    ['a dialog for an intent the model lacks', (m: Json) => (m.dialog = { intents: [{ name: 'BookTable', slots: [] }] }),
      'interactionModel.dialog.intents[0].name', 'BookTable is not an intent of the language model'],
    ['a required slot without its prompt', (m: Json) => (m.dialog = { intents: [{ name: 'OrderCar', slots: [{ name: 'destination', type: 'DESTINATION', elicitationRequired: true }] }] }),
      'interactionModel.dialog.intents[0].slots[0].prompts.elicitation', 'a required slot needs a prompt id'],
    ['a prompt id that no prompt has', (m: Json) => (m.dialog = { intents: [{ name: 'OrderCar', slots: [{ name: 'destination', type: 'DESTINATION', elicitationRequired: true, prompts: { elicitation: 'Elicit.Where' } }] }] }),
      'interactionModel.dialog.intents[0].slots[0].prompts.elicitation', 'no prompt with id Elicit.Where in interactionModel.prompts'],
    ['a delegation strategy Amazon does not define', (m: Json) => (m.dialog = { delegationStrategy: 'SOMETIMES', intents: [] }),
      'interactionModel.dialog.delegationStrategy', 'expected one of ALWAYS, SKILL_RESPONSE, found the string "SOMETIMES"'],
    ['a prompt variation of an unknown type', (m: Json) => (m.prompts = [{ id: 'P', variations: [{ type: 'Audio', value: 'x' }] }]),
      'interactionModel.prompts[0].variations[0].type', 'expected one of PlainText, SSML, found the string "Audio"'],
  ])('rejects %s with one line naming the file and the JSON path', (_, mutate, path, problem) => {
    const error = thrown(parsedAfter(mutate));
    expect(error).toBeInstanceOf(ModelError);
    expect(error.code).toBe('ERR_MODEL_SHAPE');
    expect(error).toMatchObject({ file: 'en-US.json', path, problem });
    expect(error.message).toBe(`en-US.json: ${path}: ${problem}`);
  });

  it('rejects a file that is not an interaction model at all', () => {
    const error = thrown(() => parseInteractionModel([], { file: 'skill.json' }));
    expect(error.message).toBe('skill.json: $: expected the interactionModel object, found an array');
  });

  it('leaves alone the properties it does not read (modelConfiguration, validations, multipleValues)', () => {
    const run = parsedAfter((m) => {
      m.languageModel.modelConfiguration = { fallbackIntentSensitivity: { level: 'LOW' } };
      m.languageModel.intents[0]!.slots[0]!.multipleValues = { enabled: false };
    });
    expect(run).not.toThrow();
  });
});
