/**
 * The skill's interaction models as the console reads them: one per locale the skill package has
 * (`interactionModels/custom/<locale>.json`, Amazon's "Interaction Model Schema",
 * https://developer.amazon.com/en-US/docs/alexa/smapi/interaction-model-schema.html), read again
 * for every turn so an edited model is used at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInteractionModelText, type InteractionModel } from '../../nlu/index.ts';
import { CliError } from '../errors.ts';

const folderOf = (skillPackage: string) => join(skillPackage, 'interactionModels', 'custom');

/** The locales the skill package has a model for, sorted (en-US first when it has one). */
export function modelLocales(skillPackage: string): string[] {
  let files: string[];
  try {
    files = readdirSync(folderOf(skillPackage));
  } catch {
    return [];
  }
  const locales = files.filter((f) => /^[a-z]{2}-[A-Z]{2}\.json$/.test(f)).map((f) => f.slice(0, -'.json'.length)).sort();
  return [...locales.filter((l) => l === 'en-US'), ...locales.filter((l) => l !== 'en-US')];
}

/**
 * The model for `locale`.
 * @throws {CliError} there is none; ModelError (ERR_MODEL_JSON, ERR_MODEL_SHAPE) naming the file and the JSON path.
 */
export function modelFor(skillPackage: string, locale: string): InteractionModel {
  const file = join(folderOf(skillPackage), `${locale}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${file}: no interaction model for ${locale}`);
  }
  return parseInteractionModelText(text, { file });
}

/** One sample utterance to click: the intent and its words, `{slot}` placeholders as written. */
export interface Sample {
  readonly intent: string;
  readonly text: string;
}

/** The model's invocation name and its samples (the first `perIntent` of each intent). */
export function samplesOf(model: InteractionModel, perIntent = 3): { invocationName: string; samples: Sample[] } {
  const { languageModel } = model.interactionModel;
  return {
    invocationName: languageModel.invocationName,
    samples: languageModel.intents.flatMap((intent) => (intent.samples ?? []).slice(0, perIntent).map((text) => ({ intent: intent.name, text }))),
  };
}

/**
 * The permissions the skill's manifest declares (`skill.json` `manifest.permissions[].name`,
 * "Skill Manifest Schema", https://developer.amazon.com/en-US/docs/alexa/smapi/skill-manifest.html#permissions),
 * in its order; none when the file is missing or has none.
 * @throws {CliError} skill.json is not JSON (naming the file).
 */
export function declaredPermissions(skillPackage: string): string[] {
  const file = join(skillPackage, 'skill.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  let manifest: { manifest?: { permissions?: unknown } };
  try {
    manifest = JSON.parse(text) as typeof manifest;
  } catch {
    throw new CliError(`${file}: not JSON`);
  }
  const permissions = manifest.manifest?.permissions;
  if (!Array.isArray(permissions)) return [];
  return permissions.flatMap((p: unknown) => (p && typeof p === 'object' && typeof (p as { name?: unknown }).name === 'string' ? [(p as { name: string }).name] : []));
}
