import type { Strings } from './index.ts';

export const strings: Strings = {
  welcome: 'Bienvenue dans {{skillName}}. Dis bonjour, ou demande: qui suis-je.',
  hello: 'Bonjour de la part de {{skillName}}! Demande: qui suis-je, et je te dirai le nom de ton compte associé.',
  whoAmI: (name) => (name ? `Tu es ${name}.` : 'Ton compte est associé, mais il ne partage pas ton nom.'),
  unlinked: 'Pour savoir qui tu es, j’ai besoin de ton compte. Associe-le dans l’application Alexa: je t’ai envoyé une carte.',
  invalid: 'L’association de ton compte a expiré. Associe à nouveau ton compte dans l’application Alexa: je t’ai envoyé une carte.',
  unavailable: 'Désolé, je ne peux pas joindre ton compte pour le moment. Réessaie dans un instant.',
};
