/**
 * French (fr-FR; fr-CA shares it).
 *
 * @see https://developer.amazon.com/fr-FR/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html
 *   ("Alexa, demande à signe astrologique l'horoscope des gémeaux"; "ouvre", "lance" <name>)
 *
 * Built-in intent phrases, time and duration words are not in a table of Amazon's that the project could
 * read; they are the plain words only (conservative).
 */

import { after, joined, units, type Language } from './language.ts';

export const fr: Language = {
  code: 'fr',
  spaced: true,
  wakeWords: ['alexa'],
  launch: ['ouvre', 'lance', 'démarre', 'commence', 'active', 'joue', 'demande à'].map((l) => `${l} {name}`),
  withRequest: [
    ...joined(['demande à'], ['de', "d'", 'si', '']),
    ...joined(['dis à'], ['de', "d'"]),
    ...joined(['ouvre', 'lance'], ['et']),
    ...after(['avec', 'sur']),
  ].map((t) => t.replace("d' {request}", "d'{request}")),
  intents: {
    'AMAZON.YesIntent': ['oui', 'oui merci', "d'accord"],
    'AMAZON.NoIntent': ['non', 'non merci'],
    'AMAZON.HelpIntent': ['aide', 'aide moi', "à l'aide"],
    'AMAZON.StopIntent': ['stop', 'arrête', 'arrête toi'],
    'AMAZON.CancelIntent': ['annule', 'annuler', 'laisse tomber'],
    'AMAZON.NavigateHomeIntent': ["retour à l'accueil"],
  },
  numbers: {
    words: {
      ...units(['zéro', ['un', 'une'], 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf']),
      dix: 10, onze: 11, douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16,
      vingt: 20, vingts: 20, trente: 30, quarante: 40, cinquante: 50, soixante: 60, quatrevingt: 80, quatrevingts: 80,
    },
    multipliers: { cent: 100, cents: 100, mille: 1000 },
    connectors: ['et'],
    vigesimal: true,
  },
  dates: { today: ["aujourd'hui", 'maintenant'], tomorrow: ['demain'], yesterday: ['hier'], dayAfterTomorrow: ['après demain'] },
  times: {
    fixed: { midi: '12:00', minuit: '00:00', 'le matin': 'MO', "l'après midi": 'AF', 'le soir': 'EV', 'la nuit': 'NI', 'ce soir': 'EV' },
    articles: ['à'],
    hourWords: ['heures', 'heure', 'h'],
    am: ['du matin'],
    pm: ["de l'après midi", 'du soir'],
  },
  durations: {
    units: {
      an: 'Y', ans: 'Y', année: 'Y', années: 'Y', mois: 'MO', semaine: 'W', semaines: 'W', jour: 'D', jours: 'D',
      heure: 'H', heures: 'H', minute: 'MIN', minutes: 'MIN', seconde: 'S', secondes: 'S',
    },
    one: ['un', 'une'],
    connectors: ['et'],
    fixed: { 'une demi heure': 'PT30M', 'un quart d\'heure': 'PT15M' },
  },
};
