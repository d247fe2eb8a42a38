import { join } from 'node:path';
import type { ModelIntent } from '../../../src/cli/check/model-rules.ts';
import { checkPackage, loadSkillPackage, type SkillPackage, type SkillPolicy } from '../../../src/cli/check/rules.ts';

/** A real skill package (Ride Hailer's, copied into fixtures/), for the rule tests, changed one thing at a time. */
const ROOT = join(import.meta.dirname, '..', 'fixtures', 'skill-package');

/** What Ride Hailer's package.json says about that skill ("policy", "check"): its gated and handled intents. */
export const POLICY: SkillPolicy = {
  linkedIntents: ['OrderCar', 'AMAZON.YesIntent'],
  handledIntents: ['AMAZON.CancelIntent', 'AMAZON.FallbackIntent', 'AMAZON.HelpIntent', 'AMAZON.NavigateHomeIntent', 'AMAZON.NoIntent', 'AMAZON.StopIntent', 'AMAZON.YesIntent', 'OrderCar', 'RideHailerAvailabilityByCity'],
  recognizedSpeakers: true,
  consentPermissions: ['alexa::profile:given_name:read'],
  localeSlotTypes: {
    'RideHailerAvailabilityByCity.city': {
      'en-US': 'AMAZON.US_CITY', 'en-GB': 'AMAZON.US_CITY', 'en-CA': 'AMAZON.City', 'en-AU': 'AMAZON.City', 'en-IN': 'AMAZON.City', 'de-DE': 'AMAZON.City',
      'fr-FR': 'AMAZON.City', 'es-ES': 'AMAZON.City', 'es-MX': 'AMAZON.City', 'it-IT': 'AMAZON.City', 'ja-JP': 'AMAZON.City', 'pt-BR': 'AMAZON.City',
    },
  },
};

/** What a test may change in a copy of the real package; `model` is the en-US model, `models` every locale's. */
export interface Draft {
  manifest: Manifest;
  model: Model;
  models: Map<string, Model>;
  handled: Set<string>;
  gated: Set<string>;
}

/** A deep copy of the real package, every locale of it, changed by `mutate`: each rule is shown to catch what it names. */
export function mutatedPackage(mutate: (pkg: Draft) => void): SkillPackage {
  const real = loadSkillPackage(ROOT, POLICY);
  const models = new Map([...real.models].map(([locale, m]) => [locale, structuredClone(m) as Model]));
  const draft: Draft = {
    manifest: structuredClone(real.manifest) as Manifest,
    model: models.get('en-US')!,
    models,
    handled: new Set(real.handledIntents),
    gated: new Set(real.linkingRequiredIntents),
  };
  mutate(draft);
  return {
    manifest: draft.manifest,
    models: draft.models,
    handledIntents: draft.handled,
    linkingRequiredIntents: draft.gated,
    localeSlotTypes: real.localeSlotTypes,
  };
}

export type Model = {
  interactionModel: { languageModel: { invocationName: string; intents: ModelIntent[]; types?: Array<{ name: string; values?: Array<{ id?: string; name: { value: string } }> }> } };
};
export type Manifest = { manifest: { publishingInformation: { locales: Record<string, { examplePhrases: string[] }>; distributionCountries?: string[] } } };

export const intents = (m: Model) => m.interactionModel.languageModel.intents;
export const intent = (m: Model, name: string) => intents(m).find((i) => i.name === name)! as { name: string; slots?: Array<{ name: string; type: string }>; samples: string[] };
export const failed = (pkg: SkillPackage) => checkPackage(pkg).filter((f) => !f.ok);

