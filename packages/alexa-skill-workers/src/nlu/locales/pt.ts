/**
 * Portuguese (pt-BR).
 *
 * @see https://developer.amazon.com/pt-BR/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html
 *   ("abra" <name>; "peça para", "pergunte para" <name> <request>)
 *
 * Built-in intent phrases, time and duration words are the plain words only (not confirmed in a table
 * of Amazon's; conservative).
 */

import { after, joined, units, type Language } from './language.ts';

export const pt: Language = {
  code: 'pt',
  spaced: true,
  wakeWords: ['alexa'],
  launch: ['abra', 'abre', 'abrir', 'inicie', 'inicia', 'comece', 'ative', 'jogue'].map((l) => `${l} {name}`),
  withRequest: [
    ...joined(['pergunte ao', 'pergunte à', 'pergunte a', 'pergunte para', 'pergunta pro', 'pergunta para'], ['se', '']),
    ...joined(['peça ao', 'peça à', 'peça a', 'peça para', 'pede pro', 'pede para'], ['para', 'pra', '']),
    ...joined(['abra', 'abre', 'inicie'], ['e']),
    ...after(['com', 'no', 'na']),
  ],
  intents: {
    'AMAZON.YesIntent': ['sim', 'sim por favor', 'claro', 'pode ser'],
    'AMAZON.NoIntent': ['não', 'não obrigado', 'não obrigada'],
    'AMAZON.HelpIntent': ['ajuda', 'me ajuda', 'preciso de ajuda'],
    'AMAZON.StopIntent': ['parar', 'pare', 'para', 'chega'],
    'AMAZON.CancelIntent': ['cancelar', 'cancela', 'esquece'],
    'AMAZON.NavigateHomeIntent': ['voltar ao início'],
  },
  numbers: {
    words: {
      ...units(['zero', ['um', 'uma'], ['dois', 'duas'], 'três', 'quatro', 'cinco', 'seis', 'sete', 'oito', 'nove']),
      dez: 10, onze: 11, doze: 12, treze: 13, catorze: 14, quatorze: 14, quinze: 15, dezesseis: 16, dezessete: 17, dezoito: 18, dezenove: 19,
      vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50, sessenta: 60, setenta: 70, oitenta: 80, noventa: 90,
      cem: 100, cento: 100, duzentos: 200, duzentas: 200, trezentos: 300, trezentas: 300, quatrocentos: 400, quinhentos: 500,
      seiscentos: 600, setecentos: 700, oitocentos: 800, novecentos: 900,
    },
    multipliers: { mil: 1000 },
    connectors: ['e'],
  },
  dates: { today: ['hoje', 'agora'], tomorrow: ['amanhã'], yesterday: ['ontem'], dayAfterTomorrow: ['depois de amanhã'] },
  times: {
    fixed: { 'meio dia': '12:00', 'meia noite': '00:00', 'de manhã': 'MO', 'à tarde': 'AF', 'à noite': 'NI', 'hoje à noite': 'NI' },
    articles: ['às', 'as', 'à', 'a'],
    hourWords: ['horas', 'hora', 'em ponto'],
    am: ['da manhã', 'da madrugada'],
    pm: ['da tarde', 'da noite'],
  },
  durations: {
    units: {
      ano: 'Y', anos: 'Y', mês: 'MO', meses: 'MO', semana: 'W', semanas: 'W', dia: 'D', dias: 'D',
      hora: 'H', horas: 'H', minuto: 'MIN', minutos: 'MIN', segundo: 'S', segundos: 'S',
    },
    one: ['um', 'uma'],
    connectors: ['e'],
    fixed: { 'meia hora': 'PT30M', 'um quarto de hora': 'PT15M' },
  },
};
