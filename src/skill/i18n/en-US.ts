import type { VehicleClass } from '../catalogue.ts';
import { minutes, orList, wordFor } from './format.ts';
import type { Strings } from './strings.ts';

/** The words English varies by country; the sentences are the same. */
export interface EnglishWords {
  /** The BCP 47 tag the table speaks for; lists and numbers are formatted for it. */
  readonly locale: string;
  /** What the user gets: "ride" (US), "taxi" (GB), "cab" (IN). */
  readonly ride: string;
  /** What the skill does with it: "order" (US), "book" (GB, AU, IN). */
  readonly order: string;
  readonly okay: string;
}

const VEHICLES: Readonly<Record<VehicleClass, string>> = { standard: 'standard', xl: 'XL', accessible: 'accessible' };

/** The English table for `words`; every English locale is one of these, with small overrides. */
export function english({ locale, ride, order, okay }: EnglishWords): Strings {
  const rides = `${ride}s`;
  const Order = order[0]!.toUpperCase() + order.slice(1);
  const vehicles = (ids: readonly VehicleClass[]) => orList(locale, ids.map((id) => wordFor(VEHICLES, id)));
  return {
    language: 'en',
    skillName: 'Ride Hailer',
    launch: {
      speech:
        `Welcome to Ride Hailer. You can ask me to get you a ${ride} to work or home, ` +
        'or ask whether Ride Hailer is available in a city. What would you like?',
      greeting: (name) => `Welcome back to Ride Hailer, ${name}. Where would you like to go? You can say work or home.`,
      reprompt: `Try saying: get me a ${ride} to work. Or: is Ride Hailer available in Seattle?`,
    },
    help: {
      speech:
        `I can ${order} a ${ride} from your Ride Hailer account, for example: get me a ${ride} to work. ` +
        'I can also tell you which cities Ride Hailer serves: just ask, is Ride Hailer available in Boston? ' +
        'What would you like to do?',
      reprompt: 'What would you like to do?',
    },
    goodbye: 'Goodbye.',
    oneMoment: "One moment, I'm checking your account.",
    fallback: {
      speech: `Sorry, Ride Hailer can't help with that. You can ask for a ${ride} to work, or ask which cities we serve.`,
      reprompt: 'What would you like to do?',
    },
    error: 'Sorry, something went wrong on my side. Please try again in a moment.',
    linking: {
      required:
        `To ${order} a ${ride}, Ride Hailer needs to know who you are, so it can use your saved places and payment method. ` +
        'I sent a card to the Alexa app: open it to link your Ride Hailer account, then ask me again.',
      invalid:
        `Your Ride Hailer account link has expired or was removed. To ${order} ${rides}, link your account again: ` +
        'I sent a card to the Alexa app.',
      unavailable: "Sorry, I can't reach Ride Hailer right now. Please try again in a few minutes.",
      voice: `To ${order} a ${ride}, Ride Hailer needs to know who you are, so it can use your saved places and payment method.`,
      voiceDeclined:
        `${okay}, I won't link your account now. To ${order} ${rides} later, open the card I sent to the Alexa app ` +
        'and link your Ride Hailer account.',
      voiceFailed:
        "I couldn't link your account by voice. I sent a card to the Alexa app: open it to link your Ride Hailer account, then ask me again.",
    },
    pin: {
      notAchieved: `That PIN didn't match, so I haven't ${order}ed the ${ride}.`,
      notEnabled:
        `I'm not sure enough who's speaking to use your own Ride Hailer account, so I haven't ${order}ed the ${ride}. ` +
        'To go ahead, add a profile PIN for skills to your voice profile in the Alexa app.',
      failed: `I couldn't confirm who's speaking, so I haven't ${order}ed the ${ride}. Please try again.`,
    },
    order: {
      confirm: (where, label, payment) =>
        `${Order}ing a ${ride} using your Ride Hailer account. You wanted to go to your default ${where} location, ` +
        `${label}${payment ? `, paid with your ${payment}` : ''}, right?`,
      confirmReprompt: (label) => `Should I ${order} your ${ride} to ${label}? Say yes or no.`,
      whereTo: 'Where would you like to go? You can say work or home.',
      /** `where` as the user said it ("the moon"), so no article of ours goes in front of it. */
      unknownPlace: (where, known) =>
        `I don't have a saved place called ${where} in your Ride Hailer profile. ` +
        (known.length > 0 ? `You can go to ${orList(locale, known)}, ` : '') +
        'or add a saved place in the Ride Hailer app and ask me again.',
      placed: (label, eta, name) =>
        `Done${name ? `, ${name}` : ''}. Your ${ride} to ${label} is on its way and should arrive in about ${minutes(locale, eta)}.`,
      nameConsent: "If you'd like me to call you by your first name, allow it on the card I've sent to your Alexa app.",
      declined: `${okay}, I won't ${order} that ${ride}.`,
      nothingPending: `There's no ${ride} waiting for a yes. You can say: get me a ${ride} to work.`,
      quotedToSomeoneElse: `That ${ride} was set up on another account, so I haven't ${order}ed it.`,
    },
    availability: {
      known: (city, ids, eta) =>
        `Yes, Ride Hailer is available in ${city}. You can get ${vehicles(ids)} ${rides}, usually within ${minutes(locale, eta)}.`,
      fullRange: (city, ids, eta) =>
        `Yes, Ride Hailer offers a full range of services in ${city}: ${vehicles(ids)} ${rides}, usually within ${minutes(locale, eta)}.`,
      unknown: (city) =>
        `Sorry, Ride Hailer isn't available in ${city} yet. We're adding cities all the time, so please check back soon.`,
      noCity: 'Which city would you like to know about?',
    },
  };
}

/** Everything the skill says in en-US: the words of Amazon's Ride Hailer example. */
export const enUS: Strings = english({ locale: 'en-US', ride: 'ride', order: 'order', okay: 'Okay' });
