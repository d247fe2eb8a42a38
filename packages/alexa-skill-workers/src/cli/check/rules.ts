/**
 * The skill-package rules of `check` (and of certify's package section): models per locale, the
 * store listing, account linking, permissions, voice-forward and app-to-app linking, and the
 * package's agreement with the skill, whose handled and gated intents come from the project's
 * config (`policy` in package.json), never from its source. What needs Amazon's SMAPI types
 * (ask-smapi-model) is not here: the kit does not ship them; a skill checks its JSON against them in
 * its own tests if it wants to.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { accountLinkingFindings } from './account-linking-rules.ts';
import { voiceForwardFindings } from './voice-forward-rules.ts';
import { appToAppProblems, type AppToAppLinking } from './app-to-app.ts';
import { languageOf } from './languages.ts';
import { intentDisagreements, localeCountryProblems, valueIdDisagreements, type LocaleSlotTypes } from './locale-agreement.ts';
import { missingManifestFields } from './manifest-required.ts';
import * as model from './model-rules.ts';
import type { InteractionModelFile } from './model-rules.ts';
import { examplePhraseProblem, invocationNameProblems } from './phrases.ts';

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

/** A skill package in memory, with what the project says about the skill: the unit the rules check. */
export interface SkillPackage {
  readonly manifest: ManifestFile;
  /** Interaction models by locale (`interactionModels/custom/<locale>.json`). */
  readonly models: ReadonlyMap<string, InteractionModelFile>;
  /** Intent names the skill's handlers answer (`policy.handledIntents`); undefined: not checked. */
  readonly handledIntents: ReadonlySet<string> | undefined;
  /** Intent names the skill's policy serves only to linked users (`policy.linkedIntents`). */
  readonly linkingRequiredIntents: ReadonlySet<string>;
  /** `accountLinkingRequest` of accountLinking.json, when the package has one. */
  readonly accountLinking?: AppToAppLinking;
  /** Whether the skill reads recognized speakers (`policy.recognizedSpeakers`). */
  readonly readsSpeakers?: boolean;
  /** The permissions the skill asks for with an `AskForPermissionsConsent` card (`policy.consentPermissions`). */
  readonly consentPermissions?: readonly string[];
  /** The slots whose type differs by locale (`check.localeSlotTypes`). */
  readonly localeSlotTypes?: LocaleSlotTypes;
}

/** What the project's config says about the skill (its package.json `policy` and `check`). */
export interface SkillPolicy {
  readonly linkedIntents: readonly string[];
  readonly handledIntents: readonly string[] | undefined;
  readonly recognizedSpeakers: boolean;
  readonly consentPermissions?: readonly string[];
  readonly localeSlotTypes?: LocaleSlotTypes;
}

const MODELS_DIR = join('interactionModels', 'custom');
/** The permission that makes Alexa send `context.System.person` (rule `personalization-permission`). */
const PERSON_ID_PERMISSION = 'alexa::person_id:read';
/** The locale whose model the others must agree with (rule `model-locales-agree`). */
const REFERENCE_LOCALE = 'en-US';

/**
 * Reads the package at `root` (the `skill-package` folder), with `policy` from the project's config.
 * @throws {Error} a file that is missing or not JSON (`check` names it in one line).
 */
export function loadSkillPackage(root: string, policy: SkillPolicy): SkillPackage {
  const json = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));
  const locales = readdirSync(join(root, MODELS_DIR)).filter((file) => file.endsWith('.json'));
  let accountLinking: AppToAppLinking | undefined;
  try {
    accountLinking = (json('accountLinking.json') as { accountLinkingRequest?: AppToAppLinking }).accountLinkingRequest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return {
    manifest: json('skill.json') as ManifestFile,
    models: new Map(locales.map((file) => [basename(file, '.json'), json(join(MODELS_DIR, file)) as InteractionModelFile])),
    handledIntents: policy.handledIntents === undefined ? undefined : new Set(policy.handledIntents),
    linkingRequiredIntents: new Set(policy.linkedIntents),
    accountLinking,
    readsSpeakers: policy.recognizedSpeakers,
    consentPermissions: policy.consentPermissions ?? [],
    localeSlotTypes: policy.localeSlotTypes,
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
 * `personalization-permission`, `consent-permissions` (the two `handled` rules only when the project lists `policy.handledIntents`). Every model rule
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
    pkg.readsSpeakers && !personPermission ? [`the skill reads recognized speakers (policy.recognizedSpeakers) but skill.json does not ask for ${PERSON_ID_PERMISSION}`] : [],
    pkg.readsSpeakers ? `${PERSON_ID_PERMISSION} is asked for` : 'the skill does not read recognized speakers');

  // Amazon, "Request Customer Contact Information for Use in Your Skill": a skill can be granted only
  // the permissions its skill.json declares; a consent card naming another one can never be granted.
  const declared = new Set(pkg.manifest.manifest?.permissions?.map((p) => p.name));
  const asked = pkg.consentPermissions ?? [];
  check('consent-permissions', 'skill.json',
    asked.filter((name) => !declared.has(name)).map((name) => `the skill asks for ${name} in a consent card (policy.consentPermissions) but skill.json does not declare it`),
    asked.length > 0 ? `every permission a consent card asks for is declared: ${asked.join(', ')}` : 'the skill asks for no permission in a consent card');

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
      check('model-locales-agree', file, intentDisagreements(reference, m, locale, pkg.localeSlotTypes), `the intents and slots of ${REFERENCE_LOCALE}`);
      check('model-value-ids', file, valueIdDisagreements(reference, m), 'every slot value has the ids of the reference model');
    }
    const handled = pkg.handledIntents;
    if (handled) {
      check('model-intents-handled', file, [...names].filter((n) => !handled.has(n)).map((n) => `${n} has no handler (policy.handledIntents)`), 'every intent has a handler');
      check('handled-intents-in-model', file, [...handled].filter((n) => !names.has(n)).map((n) => `a handler answers ${n}, which the model lacks`), 'every handled intent is in the model');
    }
    check('linking-intents-in-model', file, [...pkg.linkingRequiredIntents].filter((n) => !names.has(n)).map((n) => `the policy gates ${n}, which the model lacks`), 'every intent the policy gates is in the model');
    const phrases = listings[locale]?.examplePhrases ?? [];
    const phraseProblems = phrases.flatMap((p) => examplePhraseProblem(p, invocationName, model.allSamples(m), locale) ?? []);
    if (phrases.length === 0) phraseProblems.push(`skill.json lists no example phrases for ${locale}`);
    check('example-phrases', 'skill.json', phraseProblems, `the ${locale} example phrases match samples`);
  }
  return findings;
}

/**
 * Checks the skill package at `root` with `policy`: {@link checkPackage}'s model, listing and
 * agreement rules, and each account-linking request against its grant type (`account-linking-grant`,
 * account-linking-rules.ts) and, when it enables voice-forward linking, against Login with Amazon
 * (`voice-forward-linking`).
 * @throws {Error} as {@link loadSkillPackage}.
 */
export function checkSkillPackage(root: string, policy: SkillPolicy): PackageFinding[] {
  return [...checkPackage(loadSkillPackage(root, policy)), ...accountLinkingFindings(root), ...voiceForwardFindings(root)];
}
