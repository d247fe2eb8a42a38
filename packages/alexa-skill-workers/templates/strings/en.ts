import type { Strings } from './index.ts';

export const strings: Strings = {
  welcome: 'Welcome to {{skillName}}. Say hello, or ask who am I.',
  hello: 'Hello from {{skillName}}! Ask who am I, and I will tell you the name on your linked account.',
  whoAmI: (name) => (name ? `You are ${name}.` : 'Your account is linked, but it did not share your name.'),
  unlinked: 'To know who you are, I need your account. Please link it in the Alexa app: I sent you a card.',
  invalid: 'Your account link has expired. Please link your account again in the Alexa app: I sent you a card.',
  unavailable: 'Sorry, I cannot reach your account right now. Please try again in a moment.',
};
