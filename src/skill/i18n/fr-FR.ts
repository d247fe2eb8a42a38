import type { VehicleClass } from '../catalogue.ts';
import { minutes, orList, wordFor } from './format.ts';
import type { Strings } from './strings.ts';

/** The skill's name as users open it: the invocation name of skill-package/interactionModels/custom/ (this language). */
const NAME = 'Course Facile';

/** French, addressing the user with "vous"; Alexa speaks of herself in the feminine ("Désolée"). */
const LOCALE = 'fr-FR';
const PLACES: Readonly<Record<string, string>> = { work: 'travail', home: 'maison' };
const VEHICLES: Readonly<Record<VehicleClass, string>> = { standard: 'standard', xl: 'XL', accessible: 'accessibles' };
const rides = (ids: readonly VehicleClass[]) => `des courses ${orList(LOCALE, ids.map((id) => wordFor(VEHICLES, id)))}`;

export const frFR: Strings = {
  language: 'fr',
  skillName: NAME,
  launch: {
    speech:
      `Bienvenue sur ${NAME}. Vous pouvez me demander une voiture pour aller au travail ou à la maison, ` +
      'ou demander si Ride Hailer est disponible dans une ville. Que souhaitez-vous faire ?',
    greeting: (name) => `Bon retour sur ${NAME}, ${name}. Où souhaitez-vous aller ? Vous pouvez dire travail ou maison.`,
    reprompt: 'Essayez de dire : commande une voiture pour aller au travail. Ou : quels services sont disponibles à Seattle ?',
  },
  help: {
    speech:
      'Je peux commander une course avec votre compte Ride Hailer, par exemple : commande une voiture pour aller au travail. ' +
      'Je peux aussi vous dire dans quelles villes Ride Hailer est disponible. Demandez simplement : quels services sont disponibles à Boston ? ' +
      'Que souhaitez-vous faire ?',
    reprompt: 'Que souhaitez-vous faire ?',
  },
  goodbye: 'Au revoir.',
  oneMoment: 'Un instant, je vérifie votre compte.',
  fallback: {
    speech:
      'Désolée, Ride Hailer ne peut pas vous aider pour cela. Vous pouvez demander une course pour aller au travail, ' +
      'ou demander dans quelles villes nous sommes présents.',
    reprompt: 'Que souhaitez-vous faire ?',
  },
  error: 'Désolée, un problème est survenu de mon côté. Veuillez réessayer dans un instant.',
  linking: {
    required:
      "Pour commander une course, Ride Hailer doit savoir qui vous êtes, afin d'utiliser vos adresses enregistrées et votre moyen de paiement. " +
      "J'ai envoyé une carte dans l'application Alexa : ouvrez-la pour associer votre compte Ride Hailer, puis redemandez-moi.",
    invalid:
      "L'association avec votre compte Ride Hailer a expiré ou a été supprimée. Pour commander des courses, associez de nouveau votre compte : " +
      "j'ai envoyé une carte dans l'application Alexa.",
    unavailable: "Désolée, je n'arrive pas à joindre Ride Hailer pour le moment. Veuillez réessayer dans quelques minutes.",
    voice: "Pour commander une course, Ride Hailer doit savoir qui vous êtes, afin d'utiliser vos adresses enregistrées et votre moyen de paiement.",
    voiceDeclined:
      "D'accord, je n'associe pas votre compte pour l'instant. Pour commander des courses plus tard, ouvrez la carte que j'ai envoyée " +
      "dans l'application Alexa et associez votre compte Ride Hailer.",
    voiceFailed:
      "Je n'ai pas pu associer votre compte par la voix. J'ai envoyé une carte dans l'application Alexa : " +
      'ouvrez-la pour associer votre compte Ride Hailer, puis redemandez-moi.',
  },
  pin: {
    notAchieved: "Ce code PIN ne correspond pas, je n'ai donc pas commandé la course.",
    notEnabled:
      "Je ne suis pas assez sûre de qui parle pour utiliser votre propre compte Ride Hailer, je n'ai donc pas commandé la course. " +
      "Pour cela, ajoutez un code PIN de profil pour les skills à votre profil vocal dans l'application Alexa.",
    failed: "Je n'ai pas pu confirmer qui parle, je n'ai donc pas commandé la course. Veuillez réessayer.",
  },
  order: {
    confirm: (where, label, payment) =>
      `Je commande une course avec votre compte Ride Hailer. Vous souhaitez aller à votre adresse « ${wordFor(PLACES, where)} », ` +
      `${label}${payment ? `, avec paiement par ${payment}` : ''}. C'est bien ça ?`,
    confirmReprompt: (label) => `Dois-je commander votre course pour ${label} ? Dites oui ou non.`,
    whereTo: 'Où souhaitez-vous aller ? Vous pouvez dire travail ou maison.',
    unknownPlace: (where, known) =>
      `Je ne trouve aucune adresse enregistrée appelée ${where} dans votre profil Ride Hailer. ` +
      (known.length > 0 ? `Vous pouvez aller à : ${orList(LOCALE, known.map((id) => wordFor(PLACES, id)))}. ` : '') +
      "Vous pouvez aussi ajouter une adresse dans l'application Ride Hailer, puis me redemander.",
    placed: (label, eta, name) =>
      `C'est fait${name ? `, ${name}` : ''}. Votre course pour ${label} est en route et devrait arriver dans environ ${minutes(LOCALE, eta)}.`,
    nameConsent: "Pour que je vous appelle par votre prénom, autorisez-le sur la carte que j'ai envoyée dans votre application Alexa.",
    declined: "D'accord, je ne commande pas cette course.",
    nothingPending: "Aucune course n'attend de confirmation. Vous pouvez dire : commande une voiture pour aller au travail.",
    quotedToSomeoneElse: "Cette course avait été préparée pour un autre compte, je ne l'ai donc pas commandée.",
  },
  availability: {
    known: (city, ids, eta) =>
      `Oui, Ride Hailer est disponible à ${city}. Vous pouvez commander ${rides(ids)}, en général en ${minutes(LOCALE, eta)} maximum.`,
    fullRange: (city, ids, eta) =>
      `Oui, Ride Hailer propose une gamme complète de services à ${city} : ${rides(ids)}, en général en ${minutes(LOCALE, eta)} maximum.`,
    unknown: (city) =>
      `Désolée, Ride Hailer n'est pas encore disponible à ${city}. Nous ajoutons régulièrement de nouvelles villes, alors revenez bientôt.`,
    noCity: 'Pour quelle ville souhaitez-vous le savoir ?',
  },
};
