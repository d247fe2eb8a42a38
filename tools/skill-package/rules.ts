import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { accountLinkingFiles, accountLinkingFindings } from './account-linking-rules.ts';
import { voiceForwardFindings } from './voice-forward-rules.ts';
import { appToAppProblems, type AppToAppLinking } from './app-to-app.ts';
import { handledIntents, linkingRequiredIntents, readsRecognizedSpeakers } from './handled-intents.ts';
import { languageOf } from './languages.ts';
import { intentDisagreements, localeCountryProblems, valueIdDisagreements } from './locale-agreement.ts';
import { missingManifestFields } from './manifest-required.ts';
import * as model from './model-rules.ts';
import type { InteractionModelFile } from './model-rules.ts';
import { examplePhraseProblem, invocationNameProblems } from './phrases.ts';
import { projectDirOf, SKILL_PACKAGE_TYPES, typeCheckJson } from './smapi-types.ts';

/** One line of the checklist: which rule, whether it holds, and what was found. */
export interface PackageFinding {
  readonly rule: string;
  readonly ok: boolean;
  readonly message: string;
  readonly file?: string;
}

/** What a locale's store listing holds in `skill.json` (the parts these rules read). */
interface ManifestFile {
  readonly manifest?: {
    readonly publishingInformation?: {
      readonly locales?: Readonly<Record<string, { readonly examplePhrases?: readonly string[] }>>;
      readonly isAvailableWorldwide?: boolean;
      readonly distributionCountries?: readonly string[];
    };
    readonly permissions?: readonly { readonly name?: string }[];
  };
}

/** A skill package in memory, with what the code says about it: the unit the rules check. */
export interface SkillPackage {
  readonly manifest: ManifestFile;
  /** Interaction models by locale (`interactionModels/custom/<locale>.json`). */
  readonly models: ReadonlyMap<string, InteractionModelFile>;
  /** Intent names the skill's handlers answer (`src/skill/handlers/`). */
  readonly handledIntents: ReadonlySet<string>;
  /** Intent names the skill's policy serves only to linked users (`src/skill/policy.ts`). */
  readonly linkingRequiredIntents: ReadonlySet<string>;
  /** `accountLinkingRequest` of accountLinking.json, when the package has one. */
  readonly accountLinking?: AppToAppLinking;
  /** Whether the skill's policy reads recognized speakers (`minConfidence`, `src/skill/policy.ts`). */
  readonly readsSpeakers?: boolean;
}

const MODELS_DIR = join('interactionModels', 'custom');
/** The permission that makes Alexa send `context.System.person` (rule `personalization-permission`). */
const PERSON_ID_PERMISSION = 'alexa::person_id:read';
/** The locale whose model the others must agree with (rule `model-locales-agree`). */
const REFERENCE_LOCALE = 'en-US';

/** Reads the package at `root` (the `skill-package` folder) and what the code beside it handles. */
export function loadSkillPackage(root: string): SkillPackage {
  const json = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));
  const locales = readdirSync(join(root, MODELS_DIR)).filter((file) => file.endsWith('.json'));
  return {
    manifest: json('skill.json') as ManifestFile,
    models: new Map(locales.map((file) => [basename(file, '.json'), json(join(MODELS_DIR, file)) as InteractionModelFile])),
    handledIntents: handledIntents(join(projectDirOf(root), 'src', 'skill', 'handlers')),
    linkingRequiredIntents: linkingRequiredIntents(projectDirOf(root)),
    accountLinking: (json('accountLinking.json') as { accountLinkingRequest?: AppToAppLinking }).accountLinkingRequest,
    readsSpeakers: readsRecognizedSpeakers(projectDirOf(root)),
  };
}

/**
 * The model and listing rules Amazon applies at build and certification, for every locale, and the
 * agreement of the package with the code. Every rule yields at least one finding, `ok: true` when
 * it holds, so the result reads as a checklist. Pure: see {@link loadSkillPackage} for the I/O.
 *
 * Rules: `manifest-required`, `model-built-in-intents`, `model-samples-unique`, `model-sample-characters`,
 * `model-slots-declared`, `model-slots-used`, `model-slot-types-declared`, `invocation-name`,
 * `example-phrases`, `locales-match`, `locale-countries`, `model-locales-agree`, `model-value-ids`,
 * `model-intents-handled`, `handled-intents-in-model`, `linking-intents-in-model`, `app-to-app-linking`,
 * `personalization-permission`. Every model rule
 * runs once per locale file, in that locale's language (languages.ts).
 */
export function checkPackage(pkg: SkillPackage): PackageFinding[] {
  const findings: PackageFinding[] = [];
  const listings = pkg.manifest.manifest?.publishingInformation?.locales ?? {};
  const check = (rule: string, file: string, problems: readonly string[], passed: string) => {
    if (problems.length === 0) findings.push({ rule, ok: true, message: passed, file });
    for (const message of problems) findings.push({ rule, ok: false, message, file });
  };

  check('manifest-required', 'skill.json', missingManifestFields(pkg.manifest), 'every field certification needs is present');
  const redirects = pkg.accountLinking?.redirectUrls?.length ?? 0;
  check('app-to-app-linking', 'accountLinking.json', appToAppProblems(pkg.accountLinking),
    redirects ? `app-to-app linking: authorization code grant, ${redirects} https redirect URL(s)` : 'no app-to-app redirect URLs');

  // Amazon, "Person Profile REST API Reference": `alexa::person_id:read` lets a skill use voice IDs,
  // without it no request carries context.System.person ("Add Personalization to Your Skill").
  const personPermission = pkg.manifest.manifest?.permissions?.some((p) => p.name === PERSON_ID_PERMISSION) ?? false;
  check('personalization-permission', 'skill.json',
    pkg.readsSpeakers && !personPermission ? [`the policy reads recognized speakers (minConfidence) but skill.json does not ask for ${PERSON_ID_PERMISSION}`] : [],
    pkg.readsSpeakers ? `${PERSON_ID_PERMISSION} is asked for` : 'the skill does not read recognized speakers');

  const modelLocales = [...pkg.models.keys()];
  const listingLocales = Object.keys(listings);
  check('locales-match', 'skill.json', [
    ...listingLocales.filter((l) => !pkg.models.has(l)).map((l) => `${l} is listed in skill.json but has no interaction model`),
    ...modelLocales.filter((l) => !(l in listings)).map((l) => `${l} has an interaction model but no listing in skill.json`),
  ], `every listed locale has a model: ${modelLocales.join(', ')}`);
  check('locale-countries', 'skill.json', localeCountryProblems(pkg.manifest.manifest?.publishingInformation), 'every listed locale\'s country is a distribution country');

  const reference = pkg.models.get(REFERENCE_LOCALE) ?? [...pkg.models.values()][0];
  for (const [locale, m] of pkg.models) {
    const file = `${MODELS_DIR}/${locale}.json`;
    const names = model.intentNames(m);
    const { invocationName } = m.interactionModel.languageModel;
    const spaced = languageOf(locale)?.spaced ?? true;
    check('model-built-in-intents', file, model.missingBuiltIns(m), 'Cancel, Help, Stop, NavigateHome and Fallback are present');
    check('model-samples-unique', file, model.duplicateSamples(m), 'no sample is said twice');
    check('model-sample-characters', file, model.invalidSampleCharacters(m, { spaced }), 'samples hold only words, abbreviations and {slots}');
    check('model-slots-declared', file, model.undeclaredSlotReferences(m), 'samples use only declared slots');
    check('model-slots-used', file, model.unusedSlots(m), 'every declared slot can be filled');
    check('model-slot-types-declared', file, model.undeclaredSlotTypes(m), 'every slot type is built in or declared');
    check('invocation-name', file, invocationNameProblems(invocationName, locale), `"${invocationName}" meets the invocation-name requirements`);
    if (reference) {
      check('model-locales-agree', file, intentDisagreements(reference, m, locale), `the intents and slots of ${REFERENCE_LOCALE}`);
      check('model-value-ids', file, valueIdDisagreements(reference, m), 'every slot value has the ids of the reference model');
    }
    check('model-intents-handled', file, [...names].filter((n) => !pkg.handledIntents.has(n)).map((n) => `${n} has no handler`), 'every intent has a handler');
    check('handled-intents-in-model', file, [...pkg.handledIntents].filter((n) => !names.has(n)).map((n) => `a handler answers ${n}, which the model lacks`), 'every handled intent is in the model');
    check('linking-intents-in-model', file, [...pkg.linkingRequiredIntents].filter((n) => !names.has(n)).map((n) => `the policy gates ${n}, which the model lacks`), 'every intent the policy gates is in the model');
    const phrases = listings[locale]?.examplePhrases ?? [];
    const phraseProblems = phrases.flatMap((p) => examplePhraseProblem(p, invocationName, model.allSamples(m), locale) ?? []);
    if (phrases.length === 0) phraseProblems.push(`skill.json lists no example phrases for ${locale}`);
    check('example-phrases', 'skill.json', phraseProblems, `the ${locale} example phrases match samples`);
  }
  return findings;
}

/** {@link typeCheckJson} over the package's files, as `smapi-types` findings. */
export function typeCheckPackage(root: string): PackageFinding[] {
  const read = (file: string) => readFileSync(join(root, file), 'utf8');
  const models = readdirSync(join(root, MODELS_DIR)).filter((file) => file.endsWith('.json'));
  const documents = [
    { file: 'skill.json', text: read('skill.json'), type: SKILL_PACKAGE_TYPES.manifest },
    ...models.map((m) => ({ file: `${MODELS_DIR}/${m}`, text: read(join(MODELS_DIR, m)), type: SKILL_PACKAGE_TYPES.interactionModel })),
    ...accountLinkingFiles(root).map((file) => ({ file, text: read(file), type: SKILL_PACKAGE_TYPES.accountLinking })),
  ];
  return [...typeCheckJson(documents, projectDirOf(root))].flatMap(([file, errors]): PackageFinding[] =>
    errors.length === 0
      ? [{ rule: 'smapi-types', ok: true, message: 'matches ask-smapi-model', file }]
      : errors.map((message) => ({ rule: 'smapi-types', ok: false, message, file })),
  );
}

/**
 * Checks the skill package at `root` (the `skill-package` folder of this project): its files against
 * Amazon's SMAPI types, {@link checkPackage}'s model, listing and code-agreement rules, and each
 * account-linking request against its grant type (`account-linking-grant`, account-linking-rules.ts)
 * and, when it enables voice-forward linking, against Login with Amazon (`voice-forward-linking`).
 */
export function checkSkillPackage(root: string): PackageFinding[] {
  return [...typeCheckPackage(root), ...checkPackage(loadSkillPackage(root)), ...accountLinkingFindings(root), ...voiceForwardFindings(root)];
}
