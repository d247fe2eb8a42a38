import type { Strings } from './index.ts';

export const strings: Strings = {
  welcome: 'Benvenuto in {{skillName}}. Di ciao, o chiedi: chi sono.',
  hello: 'Ciao da {{skillName}}! Chiedi: chi sono, e ti dirò il nome del tuo account collegato.',
  whoAmI: (name) => (name ? `Sei ${name}.` : 'Il tuo account è collegato, ma non ha condiviso il tuo nome.'),
  unlinked: 'Per sapere chi sei, mi serve il tuo account. Collegalo nell’app Alexa: ti ho inviato una scheda.',
  invalid: 'Il collegamento del tuo account è scaduto. Collega di nuovo il tuo account nell’app Alexa: ti ho inviato una scheda.',
  unavailable: 'Mi dispiace, ora non riesco a raggiungere il tuo account. Riprova tra un momento.',
};
