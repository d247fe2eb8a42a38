import { join } from 'node:path';
import type { ModelIntent } from '../../tools/skill-package/model-rules.ts';
import { checkPackage, loadSkillPackage, type SkillPackage } from '../../tools/skill-package/rules.ts';

/** Copies of the real skill package for the rule tests, changed one thing at a time. */
const ROOT = join(import.meta.dirname, '..', '..', 'skill-package');

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
  const real = loadSkillPackage(ROOT);
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
  };
}

export type Model = {
  interactionModel: { languageModel: { invocationName: string; intents: ModelIntent[]; types?: Array<{ name: string; values?: Array<{ id?: string; name: { value: string } }> }> } };
};
export type Manifest = { manifest: { publishingInformation: { locales: Record<string, { examplePhrases: string[] }>; distributionCountries?: string[] } } };

export const intents = (m: Model) => m.interactionModel.languageModel.intents;
export const intent = (m: Model, name: string) => intents(m).find((i) => i.name === name)! as { name: string; slots?: Array<{ name: string; type: string }>; samples: string[] };
export const failed = (pkg: SkillPackage) => checkPackage(pkg).filter((f) => !f.ok);

