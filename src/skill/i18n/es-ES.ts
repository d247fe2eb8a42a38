import { spanish } from './es.ts';
import type { Strings } from './strings.ts';

/** Spanish as spoken in Spain: a "coche", "vale", the present perfect for what just happened. */
export const esES: Strings = spanish({
  locale: 'es-ES',
  car: 'coche',
  tryIt: 'Prueba a decir',
  okay: 'Vale',
  done: 'Hecho',
  goodbye: 'Adiós.',
  sent: 'Te he enviado',
  expired: 'ha caducado o se ha eliminado',
  wentWrong: 'algo ha fallado por mi parte',
  add: 'añadir',
});
