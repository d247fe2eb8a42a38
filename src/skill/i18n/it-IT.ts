import type { VehicleClass } from '../catalogue.ts';
import { minutes, orList, wordFor } from './format.ts';
import type { Strings } from './strings.ts';

/** The skill's name as users open it: the invocation name of skill-package/interactionModels/custom/ (this language). */
const NAME = 'Corsa Facile';

/** Italian, addressing the user with "tu", as Alexa does in Italian. */
const LOCALE = 'it-IT';
const PLACES: Readonly<Record<string, string>> = { work: 'lavoro', home: 'casa' };
const VEHICLES: Readonly<Record<VehicleClass, string>> = { standard: 'standard', xl: 'XL', accessible: 'accessibili' };
const rides = (ids: readonly VehicleClass[]) => `corse ${orList(LOCALE, ids.map((id) => wordFor(VEHICLES, id)))}`;

export const itIT: Strings = {
  language: 'it',
  skillName: NAME,
  launch: {
    speech:
      `Ti diamo il benvenuto su ${NAME}. Puoi chiedermi di prenotarti una macchina per andare al lavoro o a casa, ` +
      'oppure chiedere se Ride Hailer è disponibile in una città. Cosa vuoi fare?',
    greeting: (name) => `Ciao di nuovo, ${name}. Dove vuoi andare? Puoi dire lavoro o casa.`,
    reprompt: 'Prova a dire: prenota una macchina per andare al lavoro. Oppure: quali servizi ci sono a Seattle?',
  },
  help: {
    speech:
      'Posso prenotarti una corsa con il tuo account Ride Hailer, per esempio: prenota una macchina per andare al lavoro. ' +
      'Posso anche dirti in quali città è disponibile Ride Hailer. Chiedi pure: quali servizi ci sono a Boston? ' +
      'Cosa vuoi fare?',
    reprompt: 'Cosa vuoi fare?',
  },
  goodbye: 'Arrivederci.',
  oneMoment: 'Un momento, sto controllando il tuo account.',
  fallback: {
    speech:
      'Mi dispiace, Ride Hailer non può aiutarti con questo. Puoi chiedere una corsa per andare al lavoro, ' +
      'oppure in quali città siamo presenti.',
    reprompt: 'Cosa vuoi fare?',
  },
  error: 'Mi dispiace, qualcosa è andato storto da parte mia. Riprova tra un attimo.',
  linking: {
    required:
      'Per prenotare una corsa, Ride Hailer deve sapere chi sei, così può usare i tuoi luoghi salvati e il tuo metodo di pagamento. ' +
      "Ti ho inviato una scheda nell'app Alexa: aprila per collegare il tuo account Ride Hailer, poi chiedimelo di nuovo.",
    invalid:
      'Il collegamento con il tuo account Ride Hailer è scaduto o è stato rimosso. Per prenotare corse, collega di nuovo il tuo account: ' +
      "ti ho inviato una scheda nell'app Alexa.",
    unavailable: 'Mi dispiace, al momento non riesco a raggiungere Ride Hailer. Riprova tra qualche minuto.',
    voice: 'Per prenotare una corsa, Ride Hailer deve sapere chi sei, così può usare i tuoi luoghi salvati e il tuo metodo di pagamento.',
    voiceDeclined:
      "Va bene, per ora non collego il tuo account. Per prenotare corse più tardi, apri la scheda che ti ho inviato nell'app Alexa " +
      'e collega il tuo account Ride Hailer.',
    voiceFailed:
      "Non sono riuscita a collegare il tuo account con la voce. Ti ho inviato una scheda nell'app Alexa: " +
      'aprila per collegare il tuo account Ride Hailer, poi chiedimelo di nuovo.',
  },
  pin: {
    notAchieved: 'Il PIN non corrisponde, quindi non ho prenotato la corsa.',
    notEnabled:
      'Non sono abbastanza sicura di chi sta parlando per usare il tuo account Ride Hailer, quindi non ho prenotato la corsa. ' +
      "Per farlo, aggiungi un PIN del profilo per le skill al tuo profilo vocale nell'app Alexa.",
    failed: 'Non sono riuscita a confermare chi sta parlando, quindi non ho prenotato la corsa. Riprova.',
  },
  order: {
    confirm: (where, label, payment) =>
      `Prenoto una corsa con il tuo account Ride Hailer. Vuoi andare al tuo luogo salvato «${wordFor(PLACES, where)}»: ` +
      `${label}${payment ? `, pagando con ${payment}` : ''}. Giusto?`,
    confirmReprompt: (label) => `Prenoto la tua corsa per ${label}? Rispondi sì o no.`,
    whereTo: 'Dove vuoi andare? Puoi dire lavoro o casa.',
    unknownPlace: (where, known) =>
      `Non trovo nessun luogo salvato chiamato ${where} nel tuo profilo Ride Hailer. ` +
      (known.length > 0 ? `Puoi andare a: ${orList(LOCALE, known.map((id) => wordFor(PLACES, id)))}. ` : '') +
      "Puoi anche aggiungere un luogo nell'app Ride Hailer e poi chiedermelo di nuovo.",
    placed: (label, eta, name) =>
      `Fatto${name ? `, ${name}` : ''}. La tua corsa per ${label} è in arrivo e dovrebbe essere lì tra circa ${minutes(LOCALE, eta)}.`,
    nameConsent: "Se vuoi che ti chiami per nome, consentilo nella scheda che ho inviato alla tua app Alexa.",
    declined: 'Va bene, non prenoto quella corsa.',
    nothingPending: "Non c'è nessuna corsa in attesa di conferma. Puoi dire: prenota una macchina per andare al lavoro.",
    quotedToSomeoneElse: "Quella corsa era stata preparata per un altro account, quindi non l'ho prenotata.",
  },
  availability: {
    known: (city, ids, eta) =>
      `Sì, Ride Hailer è disponibile a ${city}. Puoi prenotare ${rides(ids)}, di solito entro ${minutes(LOCALE, eta)}.`,
    fullRange: (city, ids, eta) =>
      `Sì, Ride Hailer offre una gamma completa di servizi a ${city}: ${rides(ids)}, di solito entro ${minutes(LOCALE, eta)}.`,
    unknown: (city) =>
      `Mi dispiace, Ride Hailer non è ancora disponibile a ${city}. Aggiungiamo sempre nuove città, quindi ricontrolla presto.`,
    noCity: 'Di quale città vuoi sapere?',
  },
};
