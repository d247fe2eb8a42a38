import { spanish } from './es.ts';
import type { Strings } from './strings.ts';

/** Spanish as spoken in Mexico: a "carro", "está bien", the preterite for what just happened. */
export const esMX: Strings = spanish({
  locale: 'es-MX',
  car: 'carro',
  tryIt: 'Intenta decir',
  okay: 'Está bien',
  done: 'Listo',
  goodbye: 'Hasta luego.',
  sent: 'Te envié',
  expired: 'venció o se eliminó',
  wentWrong: 'algo salió mal de mi lado',
  add: 'agregar',
});
