import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { intentDisagreements } from '../../../src/cli/check/locale-agreement.ts';
import { examplePhraseProblem, invocationNameProblems } from '../../../src/cli/check/phrases.ts';
import { checkPackage, loadSkillPackage, type SkillPackage } from '../../../src/cli/check/rules.ts';
import { failed, intent, intents, mutatedPackage, type Draft, POLICY } from './support.ts';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'skill-package');
const LOCALES = ['en-US', 'en-GB', 'en-CA', 'en-AU', 'en-IN', 'de-DE', 'fr-FR', 'es-ES', 'es-MX', 'it-IT', 'ja-JP', 'pt-BR'];
const fileOf = (locale: string) => `interactionModels/custom/${locale}.json`;

/** The failed findings of `rule` after `mutate`, after checking that the unchanged package passes. */
function failures(rule: string, mutate: (draft: Draft) => void) {
  expect(failed(mutatedPackage(() => {}))).toEqual([]);
  return failed(mutatedPackage(mutate)).filter((f) => f.rule === rule);
}

describe('every locale of issue #12 has a model and a listing', () => {
  it('has the twelve models, each checked by every model rule', () => {
    const pkg: SkillPackage = loadSkillPackage(ROOT, POLICY);
    expect([...pkg.models.keys()].sort()).toEqual([...LOCALES].sort());
    const perFile = (rule: string) => checkPackage(pkg).filter((f) => f.rule === rule).map((f) => f.file);
    for (const rule of ['model-sample-characters', 'invocation-name', 'model-locales-agree', 'model-value-ids', 'handled-intents-in-model']) {
      expect(perFile(rule).sort(), rule).toEqual(LOCALES.map(fileOf).sort());
    }
  });
});

describe('invocation names follow the rules of their language', () => {
  it.each([
    ['en-GB', 'ride hailer'], ['de-DE', 'fahrdienst zentrale'], ['fr-FR', 'course facile'], ['es-ES', 'viaje fácil'],
    ['it-IT', 'corsa facile'], ['pt-BR', 'corrida fácil'], ['ja-JP', 'かんたん配車'], ['ja-JP', 'ピザ注文'], ['ja-JP', '配車二号'],
  ])('%s accepts %j', (locale, name) => {
    expect(invocationNameProblems(name, locale)).toEqual([]);
  });

  it.each([
    ['de-DE', 'öffne fahrdienst', '"öffne"'],
    ['de-DE', 'Fahrdienst Zentrale', 'lower-case'],
    ['de-DE', 'der fahrdienst', 'two words'],
    ['de-DE', 'fahrdienst', 'one word'],
    ['fr-FR', 'lance course', '"lance"'],
    ['fr-FR', 'la course', 'two words'],
    ['es-MX', 'abre viaje', '"abre"'],
    ['es-ES', 'el viaje', 'two words'],
    ['it-IT', 'chiedi corsa', '"chiedi"'],
    ['pt-BR', 'abra corrida', '"abra"'],
    ['pt-BR', 'corrida alexa', '"alexa"'],
    ['ja-JP', 'アレクサ配車', '"アレクサ"'],
    ['ja-JP', '配車スキル', '"スキル"'],
    ['ja-JP', '配車を開いて', '"開いて"'],
    ['ja-JP', 'Taxi配車', 'hiragana, katakana, kanji, lower-case letters'],
    ['ja-JP', '配車2', 'hiragana, katakana, kanji, lower-case letters'],
    ['en-US', 'かんたん配車', 'lower-case'],
    ['xx-XX', 'ride hailer', 'no invocation rules'],
  ])('%s refuses %j (%s)', (locale, name, problem) => {
    expect(invocationNameProblems(name, locale).join('\n')).toContain(problem);
  });
});

describe('example phrases are matched in the language of their locale', () => {
  const samples: Record<string, string[]> = {
    'de-DE': ['bring mich {destination}', 'welche dienste es in {city} gibt'],
    'fr-FR': ['commander une voiture pour aller {destination}', 'quels services sont disponibles à {city}'],
    'es-MX': ['me lleve {destination}', 'qué servicios hay en {city}'],
    'it-IT': ['prenotare una macchina per andare {destination}', 'quali servizi ci sono a {city}'],
    'pt-BR': ['chame um carro para ir {destination}', 'quais serviços estão disponíveis em {city}'],
    'ja-JP': ['{destination}まで車を呼んで', '{city}で使えるか聞いて'],
  };
  const names: Record<string, string> = { 'de-DE': 'fahrdienst zentrale', 'fr-FR': 'course facile', 'es-MX': 'viaje fácil', 'it-IT': 'corsa facile', 'pt-BR': 'corrida fácil', 'ja-JP': 'かんたん配車' };

  it.each([
    ['de-DE', 'Alexa, öffne Fahrdienst Zentrale'],
    ['de-DE', 'Alexa, sag Fahrdienst Zentrale, bring mich zur Arbeit'],
    ['de-DE', 'Alexa, frag Fahrdienst Zentrale, welche Dienste es in Dallas gibt'],
    ['fr-FR', 'Alexa, demande à course facile de commander une voiture pour aller au bureau'],
    ['fr-FR', 'Alexa, demande à course facile quels services sont disponibles à San Francisco ?'],
    ['es-MX', '¡Alexa, pide a viaje fácil que me lleve a la oficina!'],
    ['es-MX', 'Alexa, pregunta a viaje fácil qué servicios hay en Nueva York'],
    ['it-IT', 'Alexa, chiedi a corsa facile di prenotare una macchina per andare al lavoro'],
    ['pt-BR', 'Alexa, abra corrida fácil e chame um carro para ir para o trabalho'],
    ['pt-BR', 'Alexa, pergunte para corrida fácil quais serviços estão disponíveis em Nova York'],
    ['ja-JP', 'アレクサ、かんたん配車を開いて'],
    ['ja-JP', 'アレクサ、かんたん配車で会社まで車を呼んで'],
    ['ja-JP', 'アレクサ、かんたん配車に ダラスで使えるか聞いて。'],
  ])('%s accepts %j', (locale, phrase) => {
    expect(examplePhraseProblem(phrase, names[locale]!, samples[locale]!, locale)).toBeUndefined();
  });

  it.each([
    ['de-DE', 'Alexa, open fahrdienst zentrale', 'matches no sample'],
    ['de-DE', 'Alexa, frag Fahrdienst Zentrale, wo ist Dallas', 'matches no sample'],
    ['fr-FR', 'Alexa, demande à course facile de réserver un vélo', 'matches no sample'],
    ['es-MX', 'Alexa, pregunta a viaje rápido qué servicios hay en Austin', 'matches no sample'],
    ['it-IT', 'Alexa, ask corsa facile quali servizi ci sono a Seattle', 'matches no sample'],
    ['pt-BR', 'corrida fácil, abra', 'wake word'],
    ['ja-JP', 'かんたん配車を開いて', 'wake word'],
    ['ja-JP', 'アレクサ、かんたん配車で空港まで飛んで', 'matches no sample'],
    ['ja-JP', 'アレクサ、open かんたん配車', 'matches no sample'],
  ])('%s refuses %j', (locale, phrase, problem) => {
    expect(examplePhraseProblem(phrase, names[locale]!, samples[locale]!, locale)).toContain(problem);
  });
});

describe('each model rule catches its problem in a locale other than en-US', () => {
  const city = (draft: Draft, locale: string) => intent(draft.models.get(locale)!, 'RideHailerAvailabilityByCity');
  it.each<[string, string, string, (draft: Draft) => void]>([
    ['invocation-name', 'de-DE', '"öffne"', ({ models }) => {
      models.get('de-DE')!.interactionModel.languageModel.invocationName = 'öffne fahrdienst';
    }],
    ['model-sample-characters', 'ja-JP', '"{destination}まで二台呼んで？"', ({ models }) => {
      intent(models.get('ja-JP')!, 'OrderCar').samples.push('{destination}まで二台呼んで？');
    }],
    ['model-sample-characters', 'ja-JP', '"{destination}まで2台"', ({ models }) => {
      intent(models.get('ja-JP')!, 'OrderCar').samples.push('{destination}まで2台 呼んで');
    }],
    ['model-samples-unique', 'fr-FR', 'is a sample of OrderCar and of RideHailerAvailabilityByCity', ({ models }) => {
      intent(models.get('fr-FR')!, 'RideHailerAvailabilityByCity').samples.push('Commande  une voiture');
    }],
    ['model-built-in-intents', 'it-IT', 'AMAZON.NavigateHomeIntent is missing', ({ models }) => {
      const m = models.get('it-IT')!;
      m.interactionModel.languageModel.intents = intents(m).filter((i) => i.name !== 'AMAZON.NavigateHomeIntent');
    }],
    ['model-slots-declared', 'es-ES', 'uses {ciudad}', ({ models }) => {
      intent(models.get('es-ES')!, 'RideHailerAvailabilityByCity').samples.push('hay coches en {ciudad}');
    }],
    ['example-phrases', 'skill.json', 'matches no sample', ({ manifest }) => {
      manifest.manifest.publishingInformation.locales['ja-JP']!.examplePhrases.push('アレクサ、かんたん配車で空港まで飛んで');
    }],
    ['handled-intents-in-model', 'pt-BR', 'a handler answers RideHailerAvailabilityByCity', ({ models }) => {
      const m = models.get('pt-BR')!;
      m.interactionModel.languageModel.intents = intents(m).filter((i) => i.name !== 'RideHailerAvailabilityByCity');
    }],
    ['model-locales-agree', 'it-IT', 'intent AMAZON.RepeatIntent is not in the reference model', ({ models, handled }) => {
      handled.add('AMAZON.RepeatIntent');
      for (const m of models.values()) intents(m).push({ name: 'AMAZON.RepeatIntent', samples: [] });
      intents(models.get('en-US')!).pop();
    }],
    ['model-locales-agree', 'es-MX', 'RideHailerAvailabilityByCity: slot city is missing', ({ models }) => {
      const byCity = city({ models } as Draft, 'es-MX');
      delete byCity.slots;
      byCity.samples = ['en qué ciudades estás'];
    }],
    ['model-locales-agree', 'de-DE', 'has type AMAZON.DE_CITY; de-DE declares AMAZON.City', ({ models }) => {
      city({ models } as Draft, 'de-DE').slots![0]!.type = 'AMAZON.DE_CITY';
    }],
    ['model-locales-agree', 'en-GB', 'has type AMAZON.GB_CITY; en-GB declares AMAZON.US_CITY', ({ models }) => {
      city({ models } as Draft, 'en-GB').slots![0]!.type = 'AMAZON.GB_CITY';
    }],
    ['model-locales-agree', 'pt-BR', 'OrderCar.destination has type AMAZON.City; the reference model has DESTINATION', ({ models }) => {
      intent(models.get('pt-BR')!, 'OrderCar').slots![0]!.type = 'AMAZON.City';
    }],
    ['model-value-ids', 'de-DE', '"arbeit" has no id', ({ models }) => {
      delete models.get('de-DE')!.interactionModel.languageModel.types![0]!.values![0]!.id;
    }],
    ['model-value-ids', 'ja-JP', 'value id house is not in the reference model', ({ models }) => {
      models.get('ja-JP')!.interactionModel.languageModel.types![0]!.values![1]!.id = 'house';
    }],
    ['locale-countries', 'skill.json', 'ja-JP is listed, but JP is not in distributionCountries', ({ manifest }) => {
      manifest.manifest.publishingInformation.distributionCountries = manifest.manifest.publishingInformation.distributionCountries!.filter((c) => c !== 'JP');
    }],
  ])('%s in %s: %s', (rule, locale, message, mutate) => {
    const found = failures(rule, mutate);
    expect(found.map((f) => f.message).join('\n')).toContain(message);
    expect(found.map((f) => f.file)).toContain(locale === 'skill.json' ? 'skill.json' : fileOf(locale));
  });

  it('names a slot whose type differs by locale but has no type declared for a new locale', () => {
    const real = loadSkillPackage(ROOT, POLICY);
    const model = real.models.get('fr-FR')!;
    expect(intentDisagreements(real.models.get('en-US')!, model, 'fr-CA', POLICY.localeSlotTypes)).toEqual([
      'RideHailerAvailabilityByCity.city: no type is declared for fr-CA (check.localeSlotTypes in the project\'s package.json)',
    ]);
  });
});
