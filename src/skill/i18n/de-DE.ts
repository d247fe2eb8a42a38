import type { VehicleClass } from '../catalogue.ts';
import { minutes, orList, pluralOf, wordFor } from './format.ts';
import type { Strings } from './strings.ts';

/** The skill's name as users open it: the invocation name of skill-package/interactionModels/custom/ (this language). */
const NAME = 'Fahrdienst Zentrale';

/**
 * German, addressing the user with "du", as Alexa does in German (Amazon's German voice design
 * guide: "Was möchtest du tun?", https://developer.amazon.com/de/designing-for-voice/glossary).
 */
const LOCALE = 'de-DE';
const PLACES: Readonly<Record<string, string>> = { work: 'Arbeit', home: 'Zuhause' };
const VEHICLES: Readonly<Record<VehicleClass, string>> = { standard: 'Standard', xl: 'XL', accessible: 'Barrierefrei' };

/** "innerhalb von 5 Minuten", "in etwa einer Minute": after a preposition, German takes the dative. */
const dativeMinutes = (n: number) => (pluralOf(LOCALE, n) === 'one' ? 'einer Minute' : minutes(LOCALE, n));
const classes = (ids: readonly VehicleClass[]) => `Fahrten der Klasse ${orList(LOCALE, ids.map((id) => wordFor(VEHICLES, id)))}`;

export const deDE: Strings = {
  language: 'de',
  skillName: NAME,
  launch: {
    speech:
      `Willkommen bei ${NAME}. Du kannst mich bitten, dir eine Fahrt zur Arbeit oder nach Hause zu bestellen, ` +
      'oder fragen, ob es Ride Hailer in einer Stadt gibt. Was möchtest du tun?',
    greeting: (name) => `Willkommen zurück bei ${NAME}, ${name}. Wohin möchtest du fahren? Du kannst Arbeit oder Zuhause sagen.`,
    reprompt: 'Sag zum Beispiel: bring mich zur Arbeit. Oder: welche Dienste gibt es in Seattle?',
  },
  help: {
    speech:
      'Ich kann dir über dein Ride-Hailer-Konto eine Fahrt bestellen, zum Beispiel: bring mich zur Arbeit. ' +
      'Ich kann dir auch sagen, in welchen Städten es Ride Hailer gibt. Frag einfach: welche Dienste gibt es in Boston? ' +
      'Was möchtest du tun?',
    reprompt: 'Was möchtest du tun?',
  },
  goodbye: 'Auf Wiedersehen.',
  oneMoment: 'Einen Moment, ich prüfe dein Konto.',
  fallback: {
    speech:
      'Entschuldige, dabei kann Ride Hailer nicht helfen. Du kannst eine Fahrt zur Arbeit bestellen ' +
      'oder fragen, in welchen Städten wir fahren.',
    reprompt: 'Was möchtest du tun?',
  },
  error: 'Entschuldige, bei mir ist etwas schiefgelaufen. Bitte versuch es gleich noch einmal.',
  linking: {
    required:
      'Um eine Fahrt zu bestellen, muss Ride Hailer wissen, wer du bist, damit es deine gespeicherten Orte und deine Zahlungsart verwenden kann. ' +
      'Ich habe dir eine Karte in der Alexa App geschickt: Öffne sie, verknüpfe dein Ride-Hailer-Konto und frag mich dann noch einmal.',
    invalid:
      'Die Verknüpfung mit deinem Ride-Hailer-Konto ist abgelaufen oder wurde entfernt. Um Fahrten zu bestellen, verknüpfe dein Konto erneut: ' +
      'Ich habe dir eine Karte in der Alexa App geschickt.',
    unavailable: 'Entschuldige, ich kann Ride Hailer gerade nicht erreichen. Bitte versuch es in ein paar Minuten noch einmal.',
    voice: 'Um eine Fahrt zu bestellen, muss Ride Hailer wissen, wer du bist, damit es deine gespeicherten Orte und deine Zahlungsart verwenden kann.',
    voiceDeclined:
      'Okay, ich verknüpfe dein Konto jetzt nicht. Um später Fahrten zu bestellen, öffne die Karte, die ich dir in der Alexa App geschickt habe, ' +
      'und verknüpfe dein Ride-Hailer-Konto.',
    voiceFailed:
      'Ich konnte dein Konto nicht per Sprache verknüpfen. Ich habe dir eine Karte in der Alexa App geschickt: ' +
      'Öffne sie, verknüpfe dein Ride-Hailer-Konto und frag mich dann noch einmal.',
  },
  pin: {
    notAchieved: 'Diese PIN stimmt nicht, deshalb habe ich die Fahrt nicht bestellt.',
    notEnabled:
      'Ich bin nicht sicher genug, wer spricht, um dein eigenes Ride-Hailer-Konto zu verwenden, deshalb habe ich die Fahrt nicht bestellt. ' +
      'Füge dazu in der Alexa App deinem Stimmprofil eine Profil-PIN für Skills hinzu.',
    failed: 'Ich konnte nicht bestätigen, wer spricht, deshalb habe ich die Fahrt nicht bestellt. Bitte versuch es noch einmal.',
  },
  order: {
    confirm: (where, label, payment) =>
      `Ich bestelle dir eine Fahrt über dein Ride-Hailer-Konto. Dein Ziel ist dein gespeicherter Ort „${wordFor(PLACES, where)}“: ` +
      `${label}${payment ? `, bezahlt mit ${payment}` : ''}. Ist das richtig?`,
    confirmReprompt: (label) => `Soll ich die Fahrt zum Ziel ${label} bestellen? Sag ja oder nein.`,
    whereTo: 'Wohin möchtest du fahren? Du kannst Arbeit oder Zuhause sagen.',
    unknownPlace: (where, known) =>
      `In deinem Ride-Hailer-Profil gibt es keinen gespeicherten Ort namens ${where}. ` +
      (known.length > 0 ? `Du kannst zu einem dieser Orte fahren: ${orList(LOCALE, known.map((id) => wordFor(PLACES, id)))}. ` : '') +
      'Du kannst auch in der Ride Hailer App einen Ort speichern und mich dann noch einmal fragen.',
    placed: (label, eta, name) =>
      `Erledigt${name ? `, ${name}` : ''}. Deine Fahrt zum Ziel ${label} ist unterwegs und sollte in etwa ${dativeMinutes(eta)} da sein.`,
    nameConsent: 'Wenn ich dich mit deinem Vornamen ansprechen soll, erlaube es auf der Karte, die ich an deine Alexa-App geschickt habe.',
    declined: 'Okay, ich bestelle die Fahrt nicht.',
    nothingPending: 'Es wartet keine Fahrt auf ein Ja. Du kannst sagen: bring mich zur Arbeit.',
    quotedToSomeoneElse: 'Diese Fahrt war für ein anderes Konto vorbereitet, deshalb habe ich sie nicht bestellt.',
  },
  availability: {
    known: (city, ids, eta) =>
      `Ja, Ride Hailer gibt es in ${city}. Du kannst ${classes(ids)} bestellen, meist innerhalb von ${dativeMinutes(eta)}.`,
    fullRange: (city, ids, eta) =>
      `Ja, Ride Hailer bietet in ${city} das volle Angebot: ${classes(ids)}, meist innerhalb von ${dativeMinutes(eta)}.`,
    unknown: (city) =>
      `Leider gibt es Ride Hailer in ${city} noch nicht. Wir kommen ständig in neue Städte, schau also bald wieder vorbei.`,
    noCity: 'Für welche Stadt möchtest du das wissen?',
  },
};
