import type { VehicleClass } from '../catalogue.ts';
import { minutes, orList, wordFor } from './format.ts';
import type { Strings } from './strings.ts';

/** The skill's name as users open it: the invocation name of skill-package/interactionModels/custom/ (this language). */
const NAME = 'Viaje Fácil';

/** What Spanish in Spain and in Mexico say differently; the rest is shared, with "tú" as Alexa uses it. */
export interface SpanishWords {
  readonly locale: string;
  /** "coche" (Spain), "carro" (Mexico). */
  readonly car: string;
  /** The opening of an example: "Prueba a decir" (Spain), "Intenta decir" (Mexico). */
  readonly tryIt: string;
  readonly okay: string;
  readonly done: string;
  readonly goodbye: string;
  /** Past events: the present perfect in Spain ("te he enviado"), the preterite in Mexico ("te envié"). */
  readonly sent: string;
  readonly expired: string;
  readonly wentWrong: string;
  /** "añadir" (Spain), "agregar" (Mexico). */
  readonly add: string;
}

const PLACES: Readonly<Record<string, string>> = { work: 'trabajo', home: 'casa' };
const VEHICLES: Readonly<Record<VehicleClass, string>> = { standard: 'estándar', xl: 'XL', accessible: 'accesibles' };

/** The Spanish table for `words`. */
export function spanish(w: SpanishWords): Strings {
  const { locale, car } = w;
  const rides = (ids: readonly VehicleClass[]) => `viajes ${orList(locale, ids.map((id) => wordFor(VEHICLES, id)))}`;
  const example = `pídeme un ${car} para ir al trabajo`;
  return {
    language: 'es',
    skillName: NAME,
    launch: {
      speech:
        `Te damos la bienvenida a ${NAME}. Puedes pedirme un ${car} para ir al trabajo o a casa, ` +
        'o preguntar si Ride Hailer está disponible en una ciudad. ¿Qué te gustaría hacer?',
      greeting: (name) => `Hola de nuevo, ${name}. ¿A dónde quieres ir? Puedes decir trabajo o casa.`,
      reprompt: `${w.tryIt}: ${example}. O bien: ¿qué servicios hay en Seattle?`,
    },
    help: {
      speech:
        `Puedo pedirte un ${car} con tu cuenta de Ride Hailer, por ejemplo: ${example}. ` +
        'También puedo decirte en qué ciudades está Ride Hailer. Solo pregunta: ¿qué servicios hay en Boston? ' +
        '¿Qué te gustaría hacer?',
      reprompt: '¿Qué te gustaría hacer?',
    },
    goodbye: w.goodbye,
    oneMoment: 'Un momento, estoy revisando tu cuenta.',
    fallback: {
      speech:
        `Lo siento, Ride Hailer no puede ayudarte con eso. Puedes pedir un ${car} para ir al trabajo ` +
        'o preguntar en qué ciudades estamos.',
      reprompt: '¿Qué te gustaría hacer?',
    },
    error: `Lo siento, ${w.wentWrong}. Inténtalo de nuevo en un momento.`,
    linking: {
      required:
        `Para pedir un ${car}, Ride Hailer necesita saber quién eres, para usar tus lugares guardados y tu forma de pago. ` +
        `${w.sent} una tarjeta a la app de Alexa: ábrela para vincular tu cuenta de Ride Hailer y vuelve a preguntarme.`,
      invalid:
        `El vínculo con tu cuenta de Ride Hailer ${w.expired}. Para pedir un ${car}, vuelve a vincular tu cuenta: ` +
        `${w.sent.toLowerCase()} una tarjeta a la app de Alexa.`,
      unavailable: 'Lo siento, en este momento no puedo conectarme con Ride Hailer. Inténtalo de nuevo en unos minutos.',
      voice: `Para pedir un ${car}, Ride Hailer necesita saber quién eres, para usar tus lugares guardados y tu forma de pago.`,
      voiceDeclined:
        `${w.okay}, no vincularé tu cuenta ahora. Para pedir un ${car} más adelante, abre la tarjeta que ${w.sent.toLowerCase()} ` +
        'a la app de Alexa y vincula tu cuenta de Ride Hailer.',
      voiceFailed:
        `No pude vincular tu cuenta por voz. ${w.sent} una tarjeta a la app de Alexa: ábrela para vincular tu cuenta de Ride Hailer ` +
        'y vuelve a preguntarme.',
    },
    pin: {
      notAchieved: `Ese PIN no coincide, así que no pedí el ${car}.`,
      notEnabled:
        `No estoy segura de quién habla para usar tu propia cuenta de Ride Hailer, así que no pedí el ${car}. ` +
        'Para poder hacerlo, agrega un PIN de perfil para skills a tu perfil de voz en la app de Alexa.',
      failed: `No pude confirmar quién habla, así que no pedí el ${car}. Inténtalo de nuevo.`,
    },
    order: {
      confirm: (where, label, payment) =>
        `Voy a pedir un ${car} con tu cuenta de Ride Hailer. Quieres ir a tu lugar guardado «${wordFor(PLACES, where)}»: ` +
        `${label}${payment ? `, pagando con ${payment}` : ''}. ¿Es correcto?`,
      confirmReprompt: (label) => `¿Pido el ${car} para ir a ${label}? Di sí o no.`,
      whereTo: '¿A dónde quieres ir? Puedes decir trabajo o casa.',
      unknownPlace: (where, known) =>
        `No tengo ningún lugar guardado llamado ${where} en tu perfil de Ride Hailer. ` +
        (known.length > 0 ? `Puedes ir a ${orList(locale, known.map((id) => wordFor(PLACES, id)))}. ` : '') +
        `También puedes ${w.add} un lugar en la app de Ride Hailer y volver a preguntarme.`,
      placed: (label, eta, name) =>
        `${w.done}${name ? `, ${name}` : ''}. El ${car} que te llevará a ${label} ya va en camino y debería llegar en aproximadamente ${minutes(locale, eta)}.`,
      nameConsent: `Si quieres que te llame por tu nombre, permítelo en la tarjeta que ${w.sent.toLowerCase()} a la app de Alexa.`,
      declined: `${w.okay}, no pediré ese ${car}.`,
      nothingPending: `No hay ningún ${car} esperando un sí. Puedes decir: ${example}.`,
      quotedToSomeoneElse: `Ese ${car} se preparó para otra cuenta, así que no lo pedí.`,
    },
    availability: {
      known: (city, ids, eta) =>
        `Sí, Ride Hailer está disponible en ${city}. Puedes pedir ${rides(ids)}, normalmente en ${minutes(locale, eta)} o menos.`,
      fullRange: (city, ids, eta) =>
        `Sí, Ride Hailer ofrece una gama completa de servicios en ${city}: ${rides(ids)}, normalmente en ${minutes(locale, eta)} o menos.`,
      unknown: (city) =>
        `Lo siento, Ride Hailer todavía no está disponible en ${city}. Sumamos ciudades constantemente, así que vuelve a consultar pronto.`,
      noCity: '¿Sobre qué ciudad quieres saber?',
    },
  };
}
