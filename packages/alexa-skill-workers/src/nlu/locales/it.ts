/**
 * Italian (it-IT).
 *
 * @see https://developer.amazon.com/it-IT/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html
 *   ("Alexa, domanda a Oroscopo del Giorno l'oroscopo dei Gemelli"; "apri", "avvia" <name>)
 *
 * Built-in intent phrases, time and duration words are the plain words only (not confirmed in a table
 * of Amazon's; conservative).
 */

import { after, joined, units, type Language } from './language.ts';

const TENS: Record<string, number> = { venti: 20, trenta: 30, quaranta: 40, cinquanta: 50, sessanta: 60, settanta: 70, ottanta: 80, novanta: 90 };

export const it: Language = {
  code: 'it',
  spaced: true,
  wakeWords: ['alexa'],
  launch: ['apri', 'avvia', 'inizia', 'attiva', 'gioca'].map((l) => `${l} {name}`),
  withRequest: [
    ...joined(['chiedi a', 'domanda a'], ['di', 'se', '']),
    ...joined(['di a', "di' a"], ['di']),
    ...joined(['apri', 'avvia'], ['e']),
    ...after(['con', 'su']),
  ],
  intents: {
    'AMAZON.YesIntent': ['sì', 'si', 'sì grazie', 'certo', 'va bene'],
    'AMAZON.NoIntent': ['no', 'no grazie'],
    'AMAZON.HelpIntent': ['aiuto', 'aiutami', 'ho bisogno di aiuto'],
    'AMAZON.StopIntent': ['stop', 'basta', 'fermati'],
    'AMAZON.CancelIntent': ['annulla', 'lascia perdere'],
    'AMAZON.NavigateHomeIntent': ['torna alla home'],
  },
  numbers: {
    words: {
      ...units(['zero', ['uno', 'un', 'una'], 'due', ['tre', 'tré'], 'quattro', 'cinque', 'sei', 'sette', 'otto', 'nove']),
      dieci: 10, undici: 11, dodici: 12, tredici: 13, quattordici: 14, quindici: 15, sedici: 16, diciassette: 17, diciotto: 18, diciannove: 19,
      ...TENS,
      // The elided tens before "uno" and "otto": ventuno, trentotto.
      ...Object.fromEntries(Object.entries(TENS).map(([word, value]) => [word.slice(0, -1), value])),
    },
    multipliers: { cento: 100, cent: 100, mille: 1000, mila: 1000 },
    connectors: ['e'],
  },
  dates: { today: ['oggi', 'adesso'], tomorrow: ['domani'], yesterday: ['ieri'], dayAfterTomorrow: ['dopodomani'] },
  times: {
    fixed: { mezzogiorno: '12:00', mezzanotte: '00:00', 'di mattina': 'MO', 'di pomeriggio': 'AF', 'di sera': 'EV', 'di notte': 'NI', stasera: 'EV' },
    articles: ['le', "l'", 'alle', "all'"],
    hourWords: ['in punto'],
    am: ['di mattina', 'del mattino'],
    pm: ['del pomeriggio', 'di sera'],
  },
  durations: {
    units: {
      anno: 'Y', anni: 'Y', mese: 'MO', mesi: 'MO', settimana: 'W', settimane: 'W', giorno: 'D', giorni: 'D',
      ora: 'H', ore: 'H', minuto: 'MIN', minuti: 'MIN', secondo: 'S', secondi: 'S',
    },
    one: ['un', 'una', 'uno', "un'"],
    connectors: ['e'],
    fixed: { "mezz'ora": 'PT30M', 'mezza ora': 'PT30M', "un quarto d'ora": 'PT15M' },
  },
};
