import type { Strings } from './index.ts';

export const strings: Strings = {
  welcome: 'Bienvenido a {{skillName}}. Di hola, o pregunta: quién soy.',
  hello: '¡Hola desde {{skillName}}! Pregunta: quién soy, y te diré el nombre de tu cuenta vinculada.',
  whoAmI: (name) => (name ? `Eres ${name}.` : 'Tu cuenta está vinculada, pero no ha compartido tu nombre.'),
  unlinked: 'Para saber quién eres, necesito tu cuenta. Vincúlala en la aplicación Alexa: te he enviado una tarjeta.',
  invalid: 'La vinculación de tu cuenta ha caducado. Vincula tu cuenta de nuevo en la aplicación Alexa: te he enviado una tarjeta.',
  unavailable: 'Lo siento, ahora no puedo acceder a tu cuenta. Inténtalo de nuevo en un momento.',
};
