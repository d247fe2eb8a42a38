import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplePhraseProblem, invocationNameProblems } from '../../../src/cli/check/phrases.ts';
import { checkSkillPackage, loadSkillPackage } from '../../../src/cli/check/rules.ts';
import { failed, intent, intents, mutatedPackage, type Manifest, POLICY } from './support.ts';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'skill-package');

describe('the real skill package', () => {
  it('passes every rule, and every rule reports', () => {
    const findings = checkSkillPackage(ROOT, POLICY);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
    expect(new Set(findings.map((f) => f.rule))).toEqual(
      new Set([
        'manifest-required', 'locales-match', 'model-built-in-intents', 'model-samples-unique', 'model-sample-characters',
        'model-slots-declared', 'model-slots-used', 'model-slot-types-declared', 'invocation-name', 'model-intents-handled',
        'handled-intents-in-model', 'linking-intents-in-model', 'example-phrases', 'account-linking-grant', 'locale-countries',
        'model-locales-agree', 'model-value-ids',
        'app-to-app-linking', 'personalization-permission', 'consent-permissions', 'voice-forward-linking',
      ]),
    );
  });

  it("routes Amazon's own example, \"what services are available in Dallas\", to RideHailerAvailabilityByCity", () => {
    const model = loadSkillPackage(ROOT, POLICY).models.get('en-US')!;
    const byCity = model.interactionModel.languageModel.intents.find((i) => i.name === 'RideHailerAvailabilityByCity')!;
    expect(examplePhraseProblem('Alexa, ask ride hailer what services are available in Dallas', 'ride hailer', byCity.samples!, 'en-US')).toBeUndefined();
  });

  it('takes the handled intents from the project, and checks none when it lists none', () => {
    const rulesOf = (handledIntents: readonly string[] | undefined) => new Set(checkSkillPackage(ROOT, { ...POLICY, handledIntents }).map((f) => f.rule));
    expect(rulesOf(POLICY.handledIntents)).toContain('model-intents-handled');
    expect(rulesOf(undefined)).not.toContain('model-intents-handled');
    expect(rulesOf(undefined)).not.toContain('handled-intents-in-model');
    expect(checkSkillPackage(ROOT, { ...POLICY, handledIntents: POLICY.handledIntents!.filter((n) => n !== 'OrderCar') }).filter((f) => !f.ok).map((f) => f.message)).toContain('OrderCar has no handler (policy.handledIntents)');
  });
});

describe('each rule catches what it names', () => {
  it.each<[string, string, Parameters<typeof mutatedPackage>[0]]>([
    ['model-built-in-intents', 'AMAZON.NavigateHomeIntent is missing', ({ model }) => {
      model.interactionModel.languageModel.intents = intents(model).filter((i) => i.name !== 'AMAZON.NavigateHomeIntent');
    }],
    ['model-samples-unique', 'is a sample of OrderCar and of RideHailerAvailabilityByCity', ({ model }) => {
      intent(model, 'RideHailerAvailabilityByCity').samples.push('Get  me a RIDE');
    }],
    ['model-samples-unique', 'is a sample of OrderCar and of OrderCar', ({ model }) => {
      intent(model, 'OrderCar').samples.push('order a car');
    }],
    ['model-sample-characters', '"2"', ({ model }) => {
      intent(model, 'OrderCar').samples.push('order 2 cars');
    }],
    ['model-sample-characters', '"now!"', ({ model }) => {
      intent(model, 'OrderCar').samples.push('order a car now!');
    }],
    ['model-slots-declared', 'uses {place}', ({ model }) => {
      intent(model, 'OrderCar').samples.push('drive me to {place}');
    }],
    ['model-slots-used', 'slot when is in no sample', ({ model }) => {
      intent(model, 'OrderCar').slots!.push({ name: 'when', type: 'AMAZON.TIME' });
    }],
    ['model-slot-types-declared', 'type PLACE', ({ model }) => {
      intent(model, 'OrderCar').slots![0]!.type = 'PLACE';
    }],
    ['invocation-name', 'contains "ask"', ({ model }) => {
      model.interactionModel.languageModel.invocationName = 'ask ride hailer';
    }],
    ['model-intents-handled', 'OrderCar has no handler', ({ handled }) => {
      handled.delete('OrderCar');
    }],
    ['handled-intents-in-model', 'AMAZON.RepeatIntent', ({ handled }) => {
      handled.add('AMAZON.RepeatIntent');
    }],
    ['linking-intents-in-model', 'the policy gates CancelRide', ({ gated }) => {
      gated.add('CancelRide');
    }],
    ['example-phrases', 'if it is available in Seattle', ({ manifest }) => {
      manifest.manifest.publishingInformation.locales['en-US']!.examplePhrases.push('Alexa, ask ride hailer if it is available in Seattle');
    }],
    ['example-phrases', 'no example phrases', ({ manifest }) => {
      manifest.manifest.publishingInformation.locales['en-US']!.examplePhrases = [];
    }],
    ['locales-match', 'fr-CA is listed in skill.json but has no interaction model', ({ manifest }) => {
      manifest.manifest.publishingInformation.locales['fr-CA'] = { examplePhrases: [] };
    }],
    ['locales-match', 'ja-JP has an interaction model but no listing in skill.json', ({ manifest }) => {
      delete manifest.manifest.publishingInformation.locales['ja-JP'];
    }],
  ])('%s: %s', (rule, message, mutate) => {
    expect(failed(mutatedPackage(() => {}))).toEqual([]);
    const findings = failed(mutatedPackage(mutate));
    expect(findings.map((f) => f.rule)).toContain(rule);
    expect(findings.find((f) => f.rule === rule)!.message).toContain(message);
  });
});

describe('manifest-required: the fields certification needs, which the SMAPI types leave optional', () => {
  type Loose = Record<string, Record<string, unknown>>;
  const drop = (path: string) => ({ manifest }: { manifest: Manifest }) => {
    const keys = path.split('.');
    let parent = manifest.manifest as unknown as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    delete parent[keys.at(-1)!];
  };
  it.each<[string, string, (pkg: { manifest: Manifest }) => void]>([
    ['manifestVersion', 'manifest.manifestVersion is missing', drop('manifestVersion')],
    ['a locale\'s name', 'manifest.publishingInformation.locales.en-US.name is missing', drop('publishingInformation.locales.en-US.name')],
    ['a locale\'s summary', 'locales.en-US.summary is missing', drop('publishingInformation.locales.en-US.summary')],
    ['a locale\'s description', 'locales.en-US.description is missing', drop('publishingInformation.locales.en-US.description')],
    ['a locale\'s small icon', 'locales.en-US.smallIconUri is missing', drop('publishingInformation.locales.en-US.smallIconUri')],
    ['a locale\'s large icon', 'locales.en-US.largeIconUri is missing', drop('publishingInformation.locales.en-US.largeIconUri')],
    ['a locale\'s example phrases', 'locales.en-US.examplePhrases is missing or empty', drop('publishingInformation.locales.en-US.examplePhrases')],
    ['where the skill is available', 'isAvailableWorldwide is missing', drop('publishingInformation.isAvailableWorldwide')],
    ['the countries of a skill not available worldwide', 'distributionCountries is empty', drop('publishingInformation.distributionCountries')],
    ['the whole privacy section', 'manifest.privacyAndCompliance is missing', drop('privacyAndCompliance')],
    ['an unanswered privacy question', 'manifest.privacyAndCompliance.containsAds is not answered', drop('privacyAndCompliance.containsAds')],
    ['a locale\'s privacy policy URL', 'manifest.privacyAndCompliance.locales.en-US.privacyPolicyUrl is missing', drop('privacyAndCompliance.locales.en-US.privacyPolicyUrl')],
    ['the endpoint', 'manifest.apis.custom.endpoint.uri is missing', drop('apis.custom.endpoint.uri')],
    ['every locale', 'publishingInformation.locales lists no locale', ({ manifest }) => {
      (manifest.manifest as unknown as Loose).publishingInformation!.locales = {};
    }],
  ])('fails a manifest without %s', (_, message, mutate) => {
    expect(failed(mutatedPackage(() => {}))).toEqual([]);
    const findings = failed(mutatedPackage(mutate)).filter((f) => f.rule === 'manifest-required');
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining(message)]);
  });

  it('accepts a skill available worldwide without a list of countries', () => {
    const pkg = mutatedPackage(({ manifest }) => {
      const publishing = (manifest.manifest as unknown as Loose).publishingInformation!;
      publishing.isAvailableWorldwide = true;
      delete publishing.distributionCountries;
    });
    expect(failed(pkg)).toEqual([]);
  });
});

describe('invocation names (Amazon: "Choose the Invocation Name for a Custom Skill")', () => {
  it.each(['ride hailer', "sam's science trivia", 'a. b. c. news', 'ride hailer for commuters'])('accepts %j', (name) => {
    expect(invocationNameProblems(name, 'en-US')).toEqual([]);
  });

  it.each([
    ['Ride Hailer', 'lower-case'],
    ['hailer', 'one word'],
    ['ride hailer 2', 'lower-case'],
    ['open ride hailer', '"open"'],
    ['rides to talk to', '"talk to"'],
    ['alexa rides', '"alexa"'],
    ['ride hailer app', '"app"'],
    ['echo taxi', '"echo"'],
    ['the hailer', 'two words'],
    ['my rides', 'two words'],
    ['ride. hailer', 'abbreviations'],
    ["ride 'hailer", 'possessive'],
  ])('refuses %j (%s)', (name, problem) => {
    expect(invocationNameProblems(name, 'en-US').join('\n')).toContain(problem);
  });
});

describe('example phrases (Amazon: "[Wake Word], [Launch Word] [Invocation Name] [Connecting Word] [Utterance]")', () => {
  const samples = ['get me a ride to {destination}', 'is ride hailer available in {city}', 'what services are available in {city}'];

  it.each([
    'Alexa, open ride hailer',
    'Alexa, talk to ride hailer',
    'Alexa, ask ride hailer to get me a ride to work',
    'Alexa, ask ride hailer to get me a ride to the office downtown.',
    'Alexa, ask ride hailer what services are available in Dallas',
    'Alexa, ask ride hailer is ride hailer available in new york?',
    'Alexa, tell ride hailer to get me a ride to work',
    'Alexa, open ride hailer and get me a ride to work',
    'Alexa, get me a ride to work from ride hailer',
  ])('accepts %j', (phrase) => {
    expect(examplePhraseProblem(phrase, 'ride hailer', samples, 'en-US')).toBeUndefined();
  });

  it.each([
    ['open ride hailer', 'wake word'],
    ['Alexa, ask ride hailer if it is available in Seattle', 'matches no sample'],
    ['Alexa, ask ride hailer for a ride to work', 'matches no sample'],
    ['Alexa, tell ride hailer get me a ride to work', 'matches no sample'],
    ['Alexa, ask ride hailer to get me a ride', 'matches no sample'],
    ['Alexa, open ride', 'matches no sample'],
    ['Alexa, ask taxi hailer to get me a ride to work', 'matches no sample'],
  ])('refuses %j', (phrase, problem) => {
    expect(examplePhraseProblem(phrase, 'ride hailer', samples, 'en-US')).toContain(problem);
  });
});
