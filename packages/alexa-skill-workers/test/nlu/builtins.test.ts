import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/nlu/builtins/dates.ts';
import { parseDuration } from '../../src/nlu/builtins/durations.ts';
import { parseNumber } from '../../src/nlu/builtins/numbers.ts';
import { parseTime } from '../../src/nlu/builtins/times.ts';
import { resolveUtterance, type IntentRequestBody } from '../../src/nlu/index.ts';
import { languageOf } from '../../src/nlu/locales/index.ts';
import { normalizeSpoken } from '../../src/nlu/text.ts';
import { NOW, fixture } from './support.ts';

/** `said` as the resolver hears it in `locale`. */
const heard = (locale: string, said: string) => normalizeSpoken(said, languageOf(locale));

describe('AMAZON.NUMBER', () => {
  it.each([
    ['en-US', 'five', 5], ['en-US', 'twenty one', 21], ['en-GB', 'twenty-one', 21], ['en-US', 'one hundred and five', 105],
    ['en-US', 'nine hundred ninety nine', 999], ['en-US', 'zero', 0], ['en-US', '42', 42], ['en-IN', 'two thousand twenty five', 2025],
    ['en-US', 'twenty one hundred', 2100], ['en-US', 'nine thousand nine hundred ninety nine', 9999],
    ['en-US', 'a hundred', 100], ['en-US', 'a hundred and five', 105], ['en-GB', 'a thousand', 1000],
    ['de-DE', 'neuntausendneunhundertneunundneunzig', 9999], ['ja-JP', '九千九百九十九', 9999], ['es-ES', 'mil doscientos', 1200],
    ['de-DE', 'einundzwanzig', 21], ['de-DE', 'ein und zwanzig', 21], ['de-DE', 'zweihundertdreiundvierzig', 243],
    ['de-DE', 'neunhundertneunundneunzig', 999], ['de-DE', 'hundert', 100], ['de-DE', 'zwölf', 12], ['de-DE', 'dreißig', 30], ['de-DE', 'null', 0],
    ['fr-FR', 'vingt et un', 21], ['fr-FR', 'soixante-dix', 70], ['fr-FR', 'soixante et onze', 71], ['fr-FR', 'quatre-vingts', 80],
    ['fr-FR', 'quatre-vingt-dix-sept', 97], ['fr-FR', 'cent cinq', 105], ['fr-FR', 'deux cents', 200], ['fr-FR', 'neuf cent quatre-vingt-dix-neuf', 999],
    ['es-ES', 'veintiuno', 21], ['es-MX', 'veintidós', 22], ['es-ES', 'treinta y uno', 31], ['es-ES', 'ciento cinco', 105],
    ['es-ES', 'doscientos treinta y uno', 231], ['es-ES', 'novecientos noventa y nueve', 999], ['es-ES', 'cien', 100], ['es-ES', 'dieciséis', 16],
    ['it-IT', 'ventuno', 21], ['it-IT', 'ventitré', 23], ['it-IT', 'trentotto', 38], ['it-IT', 'centotto', 108],
    ['it-IT', 'duecentocinquanta', 250], ['it-IT', 'novecentonovantanove', 999], ['it-IT', 'diciassette', 17],
    ['pt-BR', 'vinte e um', 21], ['pt-BR', 'cento e cinco', 105], ['pt-BR', 'duzentos e trinta', 230],
    ['pt-BR', 'novecentos e noventa e nove', 999], ['pt-BR', 'dezesseis', 16], ['pt-BR', 'cem', 100],
    ['ja-JP', '二十一', 21], ['ja-JP', '百五', 105], ['ja-JP', '三百二十', 320], ['ja-JP', '九百九十九', 999], ['ja-JP', '十', 10], ['ja-JP', '２１', 21],
  ])('%s reads %j as %d', (locale, said, value) => {
    expect(parseNumber(heard(locale, said), languageOf(locale))).toBe(value);
  });

  it.each([
    ['en-US', 'blue'], ['en-US', 'a'], ['en-US', 'five a'], ['en-US', 'a five'], ['en-US', 'and five'], ['en-US', 'five and'], ['en-US', 'five five'], ['de-DE', 'zwanzigeins'],
    ['fr-FR', 'dix vingt'], ['ja-JP', '二二'], ['en-US', ''],
  ])('%s does not read %j as a number', (locale, said) => {
    expect(parseNumber(heard(locale, said), languageOf(locale))).toBeUndefined();
  });
});

describe('AMAZON.DATE', () => {
  it.each([
    ['en-US', 'today', '2025-03-14'], ['en-US', 'tomorrow', '2025-03-15'], ['en-US', 'yesterday', '2025-03-13'],
    ['en-AU', 'the day after tomorrow', '2025-03-16'], ['de-DE', 'morgen', '2025-03-15'], ['de-DE', 'übermorgen', '2025-03-16'],
    ['fr-FR', "aujourd'hui", '2025-03-14'], ['fr-FR', 'demain', '2025-03-15'], ['es-ES', 'mañana', '2025-03-15'], ['es-MX', 'ayer', '2025-03-13'],
    ['it-IT', 'domani', '2025-03-15'], ['pt-BR', 'amanhã', '2025-03-15'], ['pt-BR', 'depois de amanhã', '2025-03-16'],
    ['ja-JP', '明日', '2025-03-15'], ['ja-JP', 'きょう', '2025-03-14'], ['en-US', '2025-12-24', '2025-12-24'],
  ])('%s reads %j as %s on 14 March 2025', (locale, said, date) => {
    expect(parseDate(heard(locale, said), languageOf(locale), { now: NOW })).toBe(date);
  });

  it.each([
    ['UTC', '2025-03-14'], ['Asia/Tokyo', '2025-03-15'], ['America/Los_Angeles', '2025-03-14'],
  ])('reads "today" in the time zone given (%s) at 23:30 UTC', (timeZone, date) => {
    expect(parseDate('today', languageOf('en-US'), { now: new Date('2025-03-14T23:30:00Z'), timeZone })).toBe(date);
  });

  it('crosses months and leap days', () => {
    expect(parseDate('tomorrow', languageOf('en-US'), { now: new Date('2024-02-28T12:00:00Z') })).toBe('2024-02-29');
    expect(parseDate('tomorrow', languageOf('en-US'), { now: new Date('2025-02-28T12:00:00Z') })).toBe('2025-03-01');
  });

  it('leaves the slot unfilled for a day it cannot name (weekdays, months)', () => {
    expect(parseDate('next monday', languageOf('en-US'), { now: NOW })).toBeUndefined();
  });
});

describe('AMAZON.TIME', () => {
  it.each([
    ['en-US', 'noon', '12:00'], ['en-US', 'midnight', '00:00'], ['en-US', 'three pm', '15:00'], ['en-US', '3 pm', '15:00'],
    ['en-US', '3 p.m.', '15:00'], ['en-US', 'four in the morning', '04:00'], ['en-US', 'two p m', '14:00'], ['en-GB', 'seven thirty am', '07:30'],
    ['en-US', 'twelve am', '00:00'], ['en-US', 'twelve pm', '12:00'], ['en-US', '15:30', '15:30'], ['en-US', 'morning', 'MO'],
    ['en-US', "at seven o'clock", '07:00'], ['en-US', '3pm', '15:00'], ['en-GB', '3.30 pm', '15:30'], ['fr-FR', '15h30', '15:30'],
    ['de-DE', '15 uhr', '15:00'], ['de-DE', 'drei uhr nachmittags', '15:00'], ['de-DE', 'mittag', '12:00'], ['de-DE', 'um 15 uhr 30', '15:30'],
    ['fr-FR', 'midi', '12:00'], ['fr-FR', 'quinze heures', '15:00'], ['fr-FR', '15 h 30', '15:30'], ['fr-FR', "trois heures de l'après-midi", '15:00'],
    ['es-ES', 'mediodía', '12:00'], ['es-ES', 'las tres de la tarde', '15:00'], ['es-MX', 'a las quince horas', '15:00'],
    ['it-IT', 'mezzogiorno', '12:00'], ['it-IT', 'le tre del pomeriggio', '15:00'], ['it-IT', 'alle quindici', '15:00'],
    ['pt-BR', 'meio-dia', '12:00'], ['pt-BR', 'às três da tarde', '15:00'], ['pt-BR', 'quinze horas', '15:00'],
    ['ja-JP', '正午', '12:00'], ['ja-JP', '午後3時', '15:00'], ['ja-JP', '3時半', '03:30'], ['ja-JP', '15時30分', '15:30'], ['ja-JP', '午前七時', '07:00'],
  ])('%s reads %j as %s', (locale, said, time) => {
    expect(parseTime(heard(locale, said), languageOf(locale))).toBe(time);
  });

  it.each([['en-US', 'blue'], ['en-US', 'twenty five pm'], ['ja-JP', '三十時']])('%s does not read %j as a time', (locale, said) => {
    expect(parseTime(heard(locale, said), languageOf(locale))).toBeUndefined();
  });
});

describe('AMAZON.DURATION', () => {
  it.each([
    ['en-US', 'five minutes', 'PT5M'], ['en-US', 'an hour', 'PT1H'], ['en-US', 'an hour and ten minutes', 'PT1H10M'], ['en-US', 'two weeks', 'P2W'],
    ['en-US', 'three days', 'P3D'], ['en-US', 'half an hour', 'PT30M'], ['en-US', 'ten seconds', 'PT10S'], ['en-CA', 'one year and two months', 'P1Y2M'],
    ['de-DE', 'fünf minuten', 'PT5M'], ['de-DE', 'eine stunde und zehn minuten', 'PT1H10M'], ['de-DE', 'zwei wochen', 'P2W'],
    ['fr-FR', 'cinq minutes', 'PT5M'], ['fr-FR', 'deux heures', 'PT2H'], ['fr-FR', 'une demi-heure', 'PT30M'],
    ['es-ES', 'cinco minutos', 'PT5M'], ['es-ES', 'media hora', 'PT30M'], ['es-ES', 'una hora y diez minutos', 'PT1H10M'],
    ['it-IT', 'cinque minuti', 'PT5M'], ['it-IT', 'due ore', 'PT2H'], ['pt-BR', 'cinco minutos', 'PT5M'], ['pt-BR', 'meia hora', 'PT30M'],
    ['pt-BR', 'duas horas', 'PT2H'], ['ja-JP', '5分', 'PT5M'], ['ja-JP', '1時間30分', 'PT1H30M'], ['ja-JP', '三日', 'P3D'], ['ja-JP', '2週間', 'P2W'],
  ])('%s reads %j as %s', (locale, said, duration) => {
    expect(parseDuration(heard(locale, said), languageOf(locale))).toBe(duration);
  });

  it.each([['en-US', 'five'], ['en-US', 'minutes'], ['en-US', 'five minutes five minutes'], ['en-US', 'five minutes please']])(
    '%s does not read %j as a duration',
    (locale, said) => {
      expect(parseDuration(heard(locale, said), languageOf(locale))).toBeUndefined();
    },
  );
});

describe('built-in slot types in a request', () => {
  const kitchen = fixture('kitchen.json');
  const slots = (utterance: string) =>
    (resolveUtterance(kitchen, utterance, { locale: 'en-US', now: NOW, inSession: true }).request as IntentRequestBody).intent.slots;

  it('sends a normalized duration as the slot value', () => {
    expect(slots('set a timer for an hour and ten minutes')!.duration).toEqual({ name: 'duration', value: 'PT1H10M', confirmationStatus: 'NONE' });
  });

  it('sends the date from the clock and the time in 24 hours, splitting the words between the two slots', () => {
    expect(slots('book a table tomorrow at seven thirty pm')).toMatchObject({ date: { value: '2025-03-15' }, time: { value: '19:30' } });
  });
});
