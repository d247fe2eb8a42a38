/**
 * English (en-US, en-GB, en-CA, en-AU, en-IN).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html
 *   (launch phrases; "ask <name> to / about / for / if / whether <request>", "tell <name> to / that <request>",
 *   "<request> from / using / with <name>"; "Alexa, ask <name>" alone opens the skill)
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/standard-built-in-intents.html
 *   (common utterances: Cancel "cancel", "never mind", "forget it"; Help "help", "help me", "can you help me";
 *   Stop "stop", "off", "shut up"; Yes "yes", "yeah", "sure"; No "no", "no thanks")
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/slot-type-reference.html
 *   (AMAZON.NUMBER "five" → "5"; AMAZON.DATE "today", "tomorrow" → a complete date; AMAZON.TIME "four in
 *   the morning", "two p m" → "04:00", "14:00", "morning" → "MO"; AMAZON.DURATION "five minutes" → "PT5M")
 */

import { after, joined, units, type Language } from './language.ts';

const LAUNCH = ['open', 'launch', 'start', 'use', 'begin', 'load', 'run', 'resume', 'talk to'];

export const en: Language = {
  code: 'en',
  spaced: true,
  wakeWords: ['alexa'],
  launch: [...LAUNCH, 'ask', 'tell', 'play'].map((l) => `${l} {name}`),
  withRequest: [
    ...joined(['ask'], ['to', 'about', 'for', 'if', 'whether', '']),
    ...joined(['tell'], ['to', 'that', '']),
    ...joined(LAUNCH, ['and', 'to', 'for']),
    ...after(['from', 'using', 'with']),
  ],
  // Amazon's common utterances, plus "yes please", "yep", "nope", "no thank you" (not in its table).
  intents: {
    'AMAZON.YesIntent': ['yes', 'yeah', 'sure', 'yes please', 'yep'],
    'AMAZON.NoIntent': ['no', 'no thanks', 'nope', 'no thank you'],
    'AMAZON.HelpIntent': ['help', 'help me', 'can you help me'],
    'AMAZON.StopIntent': ['stop', 'off', 'shut up'],
    'AMAZON.CancelIntent': ['cancel', 'never mind', 'forget it'],
    // Not in Amazon's table of common utterances; kept to the one phrase a user would say.
    'AMAZON.NavigateHomeIntent': ['go home'],
  },
  numbers: {
    words: {
      ...units(['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']),
      ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
      twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
    },
    multipliers: { hundred: 100, thousand: 1000 },
    connectors: ['and'],
    articles: ['a'],
  },
  dates: { today: ['today', 'now'], tomorrow: ['tomorrow'], yesterday: ['yesterday'], dayAfterTomorrow: ['the day after tomorrow', 'day after tomorrow'] },
  times: {
    fixed: { noon: '12:00', midday: '12:00', midnight: '00:00', morning: 'MO', afternoon: 'AF', evening: 'EV', night: 'NI', tonight: 'NI' },
    articles: ['at'],
    hourWords: ["o'clock", 'oclock'],
    am: ['am', 'a m', 'in the morning'],
    pm: ['pm', 'p m', 'in the afternoon', 'in the evening', 'at night'],
  },
  durations: {
    units: {
      year: 'Y', years: 'Y', month: 'MO', months: 'MO', week: 'W', weeks: 'W', day: 'D', days: 'D',
      hour: 'H', hours: 'H', minute: 'MIN', minutes: 'MIN', second: 'S', seconds: 'S',
    },
    one: ['a', 'an'],
    connectors: ['and'],
    fixed: { 'half an hour': 'PT30M', 'a half hour': 'PT30M', 'quarter of an hour': 'PT15M', 'a quarter of an hour': 'PT15M' },
  },
};
