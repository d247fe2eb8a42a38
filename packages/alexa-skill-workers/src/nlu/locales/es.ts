/**
 * Spanish (es-ES, es-MX; es-US shares it).
 *
 * @see https://developer.amazon.com/es-ES/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html
 *   ("abre" <name>; "pregunta a", "pide a", "dile a" <name> <request>)
 *
 * Built-in intent phrases, time and duration words are the plain words only (not confirmed in a table
 * of Amazon's; conservative).
 */

import { after, joined, units, type Language } from './language.ts';

export const es: Language = {
  code: 'es',
  spaced: true,
  wakeWords: ['alexa'],
  launch: ['abre', 'inicia', 'empieza', 'comienza', 'activa', 'juega'].map((l) => `${l} {name}`),
  withRequest: [
    ...joined(['pregunta a', 'pregúntale a'], ['si', '']),
    ...joined(['pide a', 'pídele a', 'dile a'], ['que', '']),
    ...joined(['abre', 'inicia'], ['y']),
    ...after(['con', 'en']),
  ],
  intents: {
    'AMAZON.YesIntent': ['sí', 'si', 'sí por favor', 'vale', 'claro'],
    'AMAZON.NoIntent': ['no', 'no gracias'],
    'AMAZON.HelpIntent': ['ayuda', 'ayúdame', 'necesito ayuda'],
    'AMAZON.StopIntent': ['para', 'detente', 'stop', 'basta'],
    'AMAZON.CancelIntent': ['cancela', 'cancelar', 'olvídalo'],
    'AMAZON.NavigateHomeIntent': ['ir al inicio'],
  },
  numbers: {
    words: {
      ...units(['cero', ['uno', 'un', 'una', 'ún'], ['dos', 'dós'], ['tres', 'trés'], 'cuatro', 'cinco', ['seis', 'séis'], 'siete', 'ocho', 'nueve']),
      diez: 10, once: 11, doce: 12, trece: 13, catorce: 14, quince: 15, dieciséis: 16, diecisiete: 17, dieciocho: 18, diecinueve: 19,
      veinte: 20, veinti: 20, treinta: 30, cuarenta: 40, cincuenta: 50, sesenta: 60, setenta: 70, ochenta: 80, noventa: 90,
      cien: 100, ciento: 100, doscientos: 200, trescientos: 300, cuatrocientos: 400, quinientos: 500, seiscientos: 600,
      setecientos: 700, ochocientos: 800, novecientos: 900,
    },
    multipliers: { mil: 1000 },
    connectors: ['y'],
  },
  dates: { today: ['hoy', 'ahora'], tomorrow: ['mañana'], yesterday: ['ayer'], dayAfterTomorrow: ['pasado mañana'] },
  times: {
    fixed: { mediodía: '12:00', medianoche: '00:00', 'por la mañana': 'MO', 'por la tarde': 'AF', 'por la noche': 'NI', 'esta noche': 'NI' },
    articles: ['las', 'la', 'a las', 'a la'],
    hourWords: ['en punto', 'horas'],
    am: ['de la mañana', 'de la madrugada'],
    pm: ['de la tarde', 'de la noche'],
  },
  durations: {
    units: {
      año: 'Y', años: 'Y', mes: 'MO', meses: 'MO', semana: 'W', semanas: 'W', día: 'D', días: 'D',
      hora: 'H', horas: 'H', minuto: 'MIN', minutos: 'MIN', segundo: 'S', segundos: 'S',
    },
    one: ['un', 'una'],
    connectors: ['y'],
    fixed: { 'media hora': 'PT30M', 'un cuarto de hora': 'PT15M' },
  },
};
