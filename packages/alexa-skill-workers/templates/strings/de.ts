import type { Strings } from './index.ts';

export const strings: Strings = {
  welcome: 'Willkommen bei {{skillName}}. Sag hallo, oder frag: wer bin ich.',
  hello: 'Hallo von {{skillName}}! Frag: wer bin ich, und ich sage dir den Namen deines verknüpften Kontos.',
  whoAmI: (name) => (name ? `Du bist ${name}.` : 'Dein Konto ist verknüpft, aber es hat deinen Namen nicht geteilt.'),
  unlinked: 'Um zu wissen, wer du bist, brauche ich dein Konto. Bitte verknüpfe es in der Alexa App: ich habe dir eine Karte geschickt.',
  invalid: 'Deine Kontoverknüpfung ist abgelaufen. Bitte verknüpfe dein Konto erneut in der Alexa App: ich habe dir eine Karte geschickt.',
  unavailable: 'Entschuldige, ich erreiche dein Konto gerade nicht. Bitte versuch es gleich noch einmal.',
};
