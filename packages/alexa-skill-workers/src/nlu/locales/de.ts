/**
 * German (de-DE).
 *
 * @see https://developer.amazon.com/de-DE/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html
 *   ("Alexa, frage Tageshoroskop nach dem Horoskop für Fische"; "öffne", "starte" <name>)
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/standard-built-in-intents.html
 *   (German common utterances: Cancel "abbrechen", "abbreche", "vergiss es"; Help "Hilfe (bitte)",
 *   "Hilf mir (bitte)", "Kannst du mir helfen (bitte)")
 */

import { after, joined, units, type Language } from './language.ts';

export const de: Language = {
  code: 'de',
  spaced: true,
  wakeWords: ['alexa'],
  launch: ['öffne', 'starte', 'aktiviere', 'beginne', 'lade', 'spiele', 'frage', 'frag'].map((l) => `${l} {name}`),
  withRequest: [
    ...joined(['frage', 'frag'], ['nach', 'ob', '']),
    ...joined(['sage', 'sag', 'bitte'], ['']),
    ...joined(['öffne', 'starte'], ['und']),
    ...after(['mit', 'von', 'bei']),
  ],
  // Cancel and Help are Amazon's; the others are the plain words, kept conservative (not in its table).
  intents: {
    'AMAZON.YesIntent': ['ja', 'ja bitte', 'gerne'],
    'AMAZON.NoIntent': ['nein', 'nein danke'],
    'AMAZON.HelpIntent': ['hilfe', 'hilfe bitte', 'hilf mir', 'hilf mir bitte', 'kannst du mir helfen', 'kannst du mir helfen bitte'],
    'AMAZON.StopIntent': ['stopp', 'stop', 'halt', 'aus'],
    'AMAZON.CancelIntent': ['abbrechen', 'abbreche', 'vergiss es'],
    'AMAZON.NavigateHomeIntent': ['zur startseite'],
  },
  numbers: {
    words: {
      ...units(['null', ['eins', 'ein', 'eine'], ['zwei', 'zwo'], 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun']),
      zehn: 10, elf: 11, zwölf: 12, dreizehn: 13, vierzehn: 14, fünfzehn: 15, sechzehn: 16, siebzehn: 17, achtzehn: 18, neunzehn: 19,
      zwanzig: 20, dreißig: 30, dreissig: 30, vierzig: 40, fünfzig: 50, sechzig: 60, siebzig: 70, achtzig: 80, neunzig: 90,
    },
    multipliers: { hundert: 100, tausend: 1000 },
    connectors: ['und'],
    unitsBeforeTens: true,
  },
  dates: { today: ['heute', 'jetzt'], tomorrow: ['morgen'], yesterday: ['gestern'], dayAfterTomorrow: ['übermorgen'] },
  times: {
    fixed: { mittag: '12:00', mittags: '12:00', mitternacht: '00:00', morgens: 'MO', nachmittags: 'AF', abends: 'EV', nachts: 'NI' },
    articles: ['um'],
    hourWords: ['uhr'],
    am: ['morgens', 'vormittags', 'am morgen', 'am vormittag'],
    pm: ['nachmittags', 'abends', 'am nachmittag', 'am abend'],
  },
  durations: {
    units: {
      jahr: 'Y', jahre: 'Y', jahren: 'Y', monat: 'MO', monate: 'MO', monaten: 'MO', woche: 'W', wochen: 'W', tag: 'D', tage: 'D', tagen: 'D',
      stunde: 'H', stunden: 'H', minute: 'MIN', minuten: 'MIN', sekunde: 'S', sekunden: 'S',
    },
    one: ['ein', 'eine', 'einen', 'einer'],
    connectors: ['und'],
    fixed: { 'eine halbe stunde': 'PT30M', 'halbe stunde': 'PT30M', 'eine viertelstunde': 'PT15M', viertelstunde: 'PT15M' },
  },
};
