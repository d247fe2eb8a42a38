/** Everything the skill says in en-US. Other locales copy this shape (see `./index.ts`). */
export const enUS = {
  skillName: 'Ride Hailer',
  launch: {
    speech:
      'Welcome to Ride Hailer. You can ask me to get you a ride to work or home, ' +
      'or ask whether Ride Hailer is available in a city. What would you like?',
    reprompt: 'Try saying: get me a ride to work. Or: is Ride Hailer available in Seattle?',
  },
  help: {
    speech:
      'I can order a ride from your Ride Hailer account, for example: get me a ride to work. ' +
      'I can also tell you which cities Ride Hailer serves: just ask, is Ride Hailer available in Boston? ' +
      'What would you like to do?',
    reprompt: 'What would you like to do?',
  },
  goodbye: 'Goodbye.',
  fallback: {
    speech:
      "Sorry, Ride Hailer can't help with that. You can ask for a ride to work, or ask which cities we serve.",
    reprompt: 'What would you like to do?',
  },
  error: "Sorry, something went wrong on my side. Please try again in a moment.",
  linking: {
    required:
      'To order a ride, Ride Hailer needs to know who you are, so it can use your saved places and payment method. ' +
      'I sent a card to the Alexa app: open it to link your Ride Hailer account, then ask me again.',
    unverified:
      "I couldn't check your Ride Hailer account just now, so I can't order a ride. " +
      'If this keeps happening, link your account again with the card in the Alexa app.',
  },
  availability: {
    known: (city: string, vehicles: string, eta: number) =>
      `Yes, Ride Hailer is available in ${city}. You can get ${vehicles}, usually within ${eta} minutes.`,
    unknown: (city: string) =>
      `Sorry, Ride Hailer isn't available in ${city} yet. We're adding cities all the time, so please check back soon.`,
    noCity: 'Which city would you like to know about?',
  },
} as const;

/** The shape every locale provides. */
export type Strings = typeof enUS;
