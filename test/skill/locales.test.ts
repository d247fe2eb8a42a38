/// <reference types="vite/client" />
import { beforeAll, describe, expect, it } from 'vitest';
import { CITIES, cityName, type CityService } from '../../src/skill/catalogue.ts';
import { LOCALE_NAMES, stringsFor, type Locale, type Strings } from '../../src/skill/i18n/index.ts';
import { createTestPki, intentRequest, launchRequest, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';
import { ANA, BEN } from '../support/provider.ts';
import { turn, type Turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

/** The locales of issue #12: every major Alexa market. */
const EXPECTED = ['en-US', 'en-GB', 'en-CA', 'en-AU', 'en-IN', 'de-DE', 'fr-FR', 'es-ES', 'es-MX', 'it-IT', 'ja-JP', 'pt-BR'];

const city = (id: string) => CITIES.find((c) => c.id === id)!;
const at = (locale: string, accessToken?: string, attributes?: Record<string, unknown>) => ({ timestamp: NOW, locale, accessToken, attributes });
const speak = (text: string) => `<speak>${text}</speak>`;

describe('the locales', () => {
  it('are the twelve of issue #12, each with a table', () => {
    expect([...LOCALE_NAMES].sort()).toEqual([...EXPECTED].sort());
  });

  it('are exactly the locale modules in src/skill/i18n', () => {
    const modules = Object.keys(import.meta.glob('../../src/skill/i18n/*-*.ts'))
      .map((path) => /([a-z]{2}-[A-Z]{2})\.ts$/.exec(path)?.[1])
      .filter((name) => name !== undefined);
    expect(modules.sort()).toEqual([...EXPECTED].sort());
  });

  /** The interaction models in skill-package/, by locale. */
  const MODELS = Object.entries(
    import.meta.glob<{ interactionModel: { languageModel: { invocationName: string } } }>(
      '../../skill-package/interactionModels/custom/*.json',
      { eager: true, import: 'default' },
    ),
  ).map(([path, model]) => ({ locale: /([^/]+)\.json$/.exec(path)![1]!, invocationName: model.interactionModel.languageModel.invocationName }));

  it('have interaction models to compare with', () => {
    expect(MODELS.map((m) => m.locale)).toContain('en-US');
  });

  it.each(MODELS)('$locale calls the skill by its invocation name, "$invocationName"', ({ locale, invocationName }) => {
    expect(stringsFor(locale).skillName.toLowerCase()).toBe(invocationName);
  });
});

/**
 * One conversation per intent; `expected` is what the locale's own table says for it, so every
 * answer is checked against that locale's words, never English ones.
 */
interface Case {
  readonly name: string;
  readonly expected: (s: Strings) => string;
  readonly run: (skill: SkillHarness, locale: string) => Promise<Turn>;
  readonly card?: string;
}

const ask = (name: string, slots: Record<string, string>) => (skill: SkillHarness, locale: string) =>
  turn(skill, intentRequest(name, slots, at(locale)));
const linked = (name: string, slots: Record<string, string>) => (skill: SkillHarness, locale: string) =>
  turn(skill, intentRequest(name, slots, at(locale, skill.provider.opaqueToken())));
/** The city as a user of `s` says it, and as the skill names it back. */
const availability = (c: CityService, answer: (s: Strings) => Strings['availability']['known']) => ({
  run: (skill: SkillHarness, locale: string) =>
    turn(skill, intentRequest('RideHailerAvailabilityByCity', { city: cityName(c, stringsFor(locale).language) }, at(locale))),
  expected: (s: Strings) => answer(s)(cityName(c, s.language), c.vehicles, c.typicalEtaMinutes),
});

const CASES: readonly Case[] = [
  { name: 'LaunchRequest', expected: (s) => s.launch.speech, run: (skill, locale) => turn(skill, launchRequest(at(locale))) },
  {
    name: 'OrderCar, linked',
    expected: (s) => s.order.confirm('work', ANA.defaultLocations.work.label, ANA.paymentMethod.label),
    run: linked('OrderCar', { destination: 'work' }),
  },
  {
    name: 'OrderCar, then Yes',
    expected: (s) => s.order.placed(ANA.defaultLocations.work.label, 7),
    async run(skill, locale) {
      const token = skill.provider.opaqueToken();
      const confirm = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, at(locale, token)));
      return turn(skill, intentRequest('AMAZON.YesIntent', {}, at(locale, token, confirm.attributes)));
    },
  },
  {
    name: 'OrderCar, then Yes from another account',
    expected: (s) => `${s.order.quotedToSomeoneElse} ${s.order.confirm('work', BEN.defaultLocations.work.label, BEN.paymentMethod.label)}`,
    async run(skill, locale) {
      const confirm = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, at(locale, skill.provider.opaqueToken())));
      return turn(skill, intentRequest('AMAZON.YesIntent', {}, at(locale, skill.provider.opaqueToken(BEN), confirm.attributes)));
    },
  },
  {
    name: 'OrderCar to a place not saved',
    expected: (s) => s.order.unknownPlace('gym', Object.keys(ANA.defaultLocations)),
    run: linked('OrderCar', { destination: 'gym' }),
  },
  { name: 'OrderCar, not linked', expected: (s) => s.linking.required, run: ask('OrderCar', { destination: 'work' }), card: 'LinkAccount' },
  { name: 'availability, full range (Dallas)', ...availability(city('dallas'), (s) => s.availability.fullRange) },
  { name: 'availability, some vehicles (Boston)', ...availability(city('boston'), (s) => s.availability.known) },
  { name: 'availability, full range (New York)', ...availability(city('new-york'), (s) => s.availability.fullRange) },
  {
    name: 'availability, unknown city',
    expected: (s) => s.availability.unknown('Atlantis'),
    run: ask('RideHailerAvailabilityByCity', { city: 'Atlantis' }),
  },
  { name: 'AMAZON.HelpIntent', expected: (s) => s.help.speech, run: ask('AMAZON.HelpIntent', {}) },
  { name: 'AMAZON.StopIntent', expected: (s) => s.goodbye, run: ask('AMAZON.StopIntent', {}) },
  { name: 'AMAZON.FallbackIntent', expected: (s) => s.fallback.speech, run: ask('AMAZON.FallbackIntent', {}) },
];

const TABLE = LOCALE_NAMES.flatMap((locale) => CASES.map((c) => ({ locale, intent: c.name, c })));

describe('every intent is answered in the request\'s locale', () => {
  it.each(TABLE)('$locale: $intent', async ({ locale, c }) => {
    const answer = await c.run(new SkillHarness(pki).serveChain(), locale);
    expect(answer.speech).toBe(speak(c.expected(stringsFor(locale))));
    expect(answer.card?.type).toBe(c.card);
    if (!locale.startsWith('en-')) {
      const english = await c.run(new SkillHarness(pki).serveChain(), 'en-US');
      expect(answer.speech).not.toBe(english.speech);
    }
  });
});

describe('cities are found as the user says them, and named in their language', () => {
  it.each<[Locale, string, string]>([
    ['ja-JP', 'ニューヨーク', 'ニューヨーク'],
    ['ja-JP', 'ｼｱﾄﾙ', 'シアトル'],
    ['ja-JP', 'Seattle', 'シアトル'],
    ['de-DE', 'New York', 'New York'],
    ['de-DE', 'Nueva York', 'New York'],
    ['es-MX', 'nueva york', 'Nueva York'],
    ['es-ES', 'New York', 'Nueva York'],
    ['pt-BR', 'Nova Iorque', 'Nova York'],
    ['pt-BR', 'Sao Francisco', 'San Francisco'],
    ['en-GB', 'NYC', 'New York'],
  ])('%s hears %j as %j', async (locale, said, named) => {
    const answer = await turn(new SkillHarness(pki).serveChain(), intentRequest('RideHailerAvailabilityByCity', { city: said }, at(locale)));
    expect(answer.speech).toContain(named);
    expect(answer.speech).not.toBe(speak(stringsFor(locale).availability.unknown(said)));
  });
});
