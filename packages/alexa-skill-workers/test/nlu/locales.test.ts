import { describe, expect, it } from 'vitest';
import { resolveUtterance, type IntentRequestBody } from '../../src/nlu/index.ts';
import { NOW, rideHailer } from './support.ts';

/** Per locale of Ride Hailer: words for each kind of request, in that locale's own words. */
interface LocaleCase {
  readonly launch: string;
  /** Names the skill and asks for a ride to a synonym of the work or home destination. */
  readonly oneShot: readonly [utterance: string, said: string, id: 'work' | 'home'];
  /** Inside a session: a city for RideHailerAvailabilityByCity. */
  readonly city: readonly [utterance: string, city: string];
  /** Inside a session: a destination outside the list. */
  readonly elsewhere: readonly [utterance: string, said: string];
  readonly builtins: Readonly<Record<'Yes' | 'No' | 'Help' | 'Stop' | 'Cancel' | 'NavigateHome', string>>;
}

const ENGLISH_BUILTINS = { Yes: 'yes', No: 'no thanks', Help: 'can you help me', Stop: 'stop', Cancel: 'never mind', NavigateHome: 'go home' };

const CASES: Readonly<Record<string, LocaleCase>> = {
  'en-US': { launch: 'open ride hailer', oneShot: ['ask ride hailer to get me a ride to my office', 'my office', 'work'], city: ['do you operate in boston', 'boston'], elsewhere: ['take me to the moon', 'the moon'], builtins: ENGLISH_BUILTINS },
  'en-GB': { launch: 'launch ride hailer', oneShot: ['ask ride hailer to book me a cab to my flat', 'my flat', 'home'], city: ['do you cover leeds', 'leeds'], elsewhere: ['take me to the moon', 'the moon'], builtins: ENGLISH_BUILTINS },
  'en-CA': { launch: 'start ride hailer', oneShot: ['tell ride hailer to call me a cab to my apartment', 'my apartment', 'home'], city: ['do you serve toronto', 'toronto'], elsewhere: ['take me to the moon', 'the moon'], builtins: ENGLISH_BUILTINS },
  'en-AU': { launch: 'ask ride hailer', oneShot: ['ask ride hailer to get me a taxi to my unit', 'my unit', 'home'], city: ['can i get a lift in perth', 'perth'], elsewhere: ['take me to the moon', 'the moon'], builtins: ENGLISH_BUILTINS },
  'en-IN': { launch: 'open ride hailer', oneShot: ['ask ride hailer to book a cab to the office', 'the office', 'work'], city: ['do you have cabs in pune', 'pune'], elsewhere: ['take me to the moon', 'the moon'], builtins: ENGLISH_BUILTINS },
  'de-DE': {
    launch: 'öffne fahrdienst zentrale',
    oneShot: ['frag fahrdienst zentrale nach bring mich ins büro', 'ins büro', 'work'],
    city: ['fährst du in köln', 'köln'],
    elsewhere: ['fahr mich zum mond', 'zum mond'],
    builtins: { Yes: 'ja', No: 'nein', Help: 'hilf mir', Stop: 'stopp', Cancel: 'vergiss es', NavigateHome: 'zur startseite' },
  },
  'fr-FR': {
    launch: 'ouvre course facile',
    oneShot: ['demande à course facile de commander une voiture pour aller au bureau', 'au bureau', 'work'],
    city: ['tu fonctionnes à lyon', 'lyon'],
    elsewhere: ['je veux aller sur la lune', 'sur la lune'],
    builtins: { Yes: 'oui', No: 'non merci', Help: 'aide', Stop: 'stop', Cancel: 'annule', NavigateHome: "retour à l'accueil" },
  },
  'es-ES': {
    launch: 'abre viaje fácil',
    oneShot: ['pide a viaje fácil que me lleve al curro', 'al curro', 'work'],
    city: ['funcionas en sevilla', 'sevilla'],
    elsewhere: ['llévame a la luna', 'a la luna'],
    builtins: { Yes: 'sí', No: 'no gracias', Help: 'ayuda', Stop: 'para', Cancel: 'cancela', NavigateHome: 'ir al inicio' },
  },
  'es-MX': {
    launch: 'abre viaje fácil',
    oneShot: ['pídele a viaje fácil que me lleve a mi depa', 'a mi depa', 'home'],
    city: ['hay servicio en monterrey', 'monterrey'],
    elsewhere: ['llévame a la luna', 'a la luna'],
    builtins: { Yes: 'sí', No: 'no', Help: 'ayúdame', Stop: 'detente', Cancel: 'olvídalo', NavigateHome: 'ir al inicio' },
  },
  'it-IT': {
    launch: 'apri corsa facile',
    oneShot: ['chiedi a corsa facile di portami in ufficio', 'in ufficio', 'work'],
    city: ['funzioni a torino', 'torino'],
    elsewhere: ['portami sulla luna', 'sulla luna'],
    builtins: { Yes: 'sì', No: 'no grazie', Help: 'aiuto', Stop: 'basta', Cancel: 'annulla', NavigateHome: 'torna alla home' },
  },
  'pt-BR': {
    launch: 'abra corrida fácil',
    oneShot: ['peça para corrida fácil me leva pra casa', 'pra casa', 'home'],
    city: ['tem serviço em recife', 'recife'],
    elsewhere: ['me leva para a lua', 'para a lua'],
    builtins: { Yes: 'sim', No: 'não', Help: 'me ajuda', Stop: 'pare', Cancel: 'cancelar', NavigateHome: 'voltar ao início' },
  },
  'ja-JP': {
    launch: 'かんたん配車を開いて',
    oneShot: ['かんたん配車で職場まで車を呼んで', '職場', 'work'],
    city: ['札幌で使える', '札幌'],
    elsewhere: ['月まで送って', '月'],
    builtins: { Yes: 'はい', No: 'いいえ', Help: 'ヘルプ', Stop: 'ストップ', Cancel: 'キャンセル', NavigateHome: 'ホームに戻って' },
  },
};

const LOCALES = Object.keys(CASES);
const slotsOf = (request: unknown) => (request as IntentRequestBody).intent.slots!;

describe("Ride Hailer's twelve models, each in its own words", () => {
  it('covers every model of the skill package', () => {
    expect(LOCALES.sort()).toEqual(['de-DE', 'en-AU', 'en-CA', 'en-GB', 'en-IN', 'en-US', 'es-ES', 'es-MX', 'fr-FR', 'it-IT', 'ja-JP', 'pt-BR']);
  });

  it.each(LOCALES)('%s: the launch phrase alone is a LaunchRequest', (locale) => {
    expect(resolveUtterance(rideHailer(locale), CASES[locale]!.launch, { locale, now: NOW }).request).toEqual({ type: 'LaunchRequest' });
  });

  it.each(LOCALES)('%s: naming the skill with a request orders the car, the synonym resolved to its id', (locale) => {
    const [utterance, said, id] = CASES[locale]!.oneShot;
    const { request, trace } = resolveUtterance(rideHailer(locale), utterance, { locale, now: NOW });
    expect(trace.invocation.form).toBe('one-shot');
    const destination = slotsOf(request).destination!;
    expect(destination.value).toBe(said);
    expect(destination.resolutions!.resolutionsPerAuthority[0]).toMatchObject({ status: { code: 'ER_SUCCESS_MATCH' }, values: [{ value: { id } }] });
  });

  it.each(LOCALES)('%s: a city inside a session is captured as said, without resolutions', (locale) => {
    const [utterance, city] = CASES[locale]!.city;
    const { request } = resolveUtterance(rideHailer(locale), utterance, { locale, now: NOW, inSession: true });
    expect(request).toMatchObject({ intent: { name: 'RideHailerAvailabilityByCity' } });
    expect(slotsOf(request).city).toEqual({ name: 'city', value: city, confirmationStatus: 'NONE' });
  });

  it.each(LOCALES)('%s: a destination outside the list is captured with ER_SUCCESS_NO_MATCH', (locale) => {
    const [utterance, said] = CASES[locale]!.elsewhere;
    const { request } = resolveUtterance(rideHailer(locale), utterance, { locale, now: NOW, inSession: true });
    const destination = slotsOf(request).destination!;
    expect(destination.value).toBe(said);
    expect(destination.resolutions!.resolutionsPerAuthority[0]!.status.code).toBe('ER_SUCCESS_NO_MATCH');
  });

  it.each(LOCALES.flatMap((locale) => Object.entries(CASES[locale]!.builtins).map(([intent, said]) => [locale, said, `AMAZON.${intent}Intent`])))(
    '%s: %j is %s',
    (locale, said, intent) => {
      const { request } = resolveUtterance(rideHailer(locale), said, { locale, now: NOW, inSession: true });
      expect(request).toEqual({ type: 'IntentRequest', intent: { name: intent, confirmationStatus: 'NONE' } });
    },
  );

  it.each(LOCALES)('%s: words no sample holds are AMAZON.FallbackIntent', (locale) => {
    const { request } = resolveUtterance(rideHailer(locale), 'xylophone zebra quartz', { locale, now: NOW, inSession: true });
    expect(request).toMatchObject({ intent: { name: 'AMAZON.FallbackIntent' } });
  });
});
