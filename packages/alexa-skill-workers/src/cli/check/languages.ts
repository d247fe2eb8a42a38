/**
 * How users say a custom skill's name in each language the skill package uses: the words that open
 * a skill, the phrases that join its name to a request, and what an invocation name may not hold.
 * Data only; phrases.ts applies it. Keyed by language (the part of a locale before the "-"), since
 * Amazon gives one table per language ("English (All)", "Spanish (All)", "German (DE)", ...).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html
 *   ("Understand How Users Invoke Custom Skills": one table of invocation phrases per language, e.g.
 *   "Alexa, frage Tageshoroskop nach dem Horoskop für Fische", "Alexa, demande à signe astrologique
 *   l'horoscope des gémeaux", "Alexa, domanda a Oroscopo del Giorno l'oroscopo dei Gemelli";
 *   Japanese: 「アレクサ、十二星座占いで双子座の運勢を調べて」「十二星座占いに双子座の運勢を聞いて」
 *   「十二星座占いを開いて」「十二星座占いを使って牡牛座の運勢を教えて」)
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/choose-the-invocation-name-for-a-custom-skill.html
 *   ("the invocation name must be written in each language you choose to support"; launch phrases,
 *   connecting words and wake words are not allowed in it; a two-word name may hold no article or
 *   preposition). The developer console's Japanese wording: 「呼び出し名は2語以上でなければなりません。
 *   また、使用できるのはひらがな、カタカナ、漢字、小文字のアルファベット、スペースのみです。」 and
 *   「起動して」「開いて」「聞いて」「教えて」「読み込んで」「開始して」「有効にして」, 「アレクサ」「アマゾン」
 *   「エコー」「コンピューター」, 「スキル」「アプリ」 are not allowed.
 */

/** One language's invocation grammar and invocation-name rules. */
export interface SpokenLanguage {
  /** The wake words an example phrase starts with, as normalized speech. */
  readonly wakeWords: readonly string[];
  /** False where words are not separated by spaces (Japanese): spaces are then dropped before matching. */
  readonly spaced: boolean;
  /** Phrases that open the skill with no request: `{name}` stands for the invocation name. */
  readonly launch: readonly string[];
  /** Phrases that join the name and a request (`{request}`, one of the sample utterances). */
  readonly withRequest: readonly string[];
  /** The letters of one word of an invocation name, its possessive apostrophe and abbreviation period aside (spaced languages), or the whole name (Japanese). */
  readonly nameCharacters: RegExp;
  /** What the letters may be, for the message when {@link nameCharacters} fails. */
  readonly nameCharactersRule: string;
  /** Words (spaced) or strings (unspaced) an invocation name must not contain. */
  readonly forbidden: readonly string[];
  /** Articles, pronouns and prepositions a two-word name may not use. */
  readonly notInTwoWordNames: readonly string[];
}

const WAKE_AND_RESERVED = ['alexa', 'amazon', 'echo', 'computer', 'skill', 'app'];
/** The letters of one word in any Latin-script language, accents included (é, ü, ñ, ç ...). */
const LATIN_WORD = /^[\p{Ll}\p{M}]+$/u;
const LATIN_RULE = 'only lower-case letters, single spaces, possessive apostrophes and abbreviation periods';

/** `prefix {name} connecting {request}` for every connecting word ('' for none). */
const joined = (prefixes: readonly string[], connecting: readonly string[]) =>
  prefixes.flatMap((prefix) => connecting.map((word) => `${prefix} {name} ${word ? `${word} ` : ''}{request}`));
/** `{request} connecting {name}` for every connecting word. */
const after = (connecting: readonly string[]) => connecting.map((word) => `{request} ${word} {name}`);

const ENGLISH_LAUNCH = ['open', 'launch', 'start', 'use', 'begin', 'load', 'run', 'resume', 'talk to'];

const LANGUAGES: Readonly<Record<string, SpokenLanguage>> = {
  en: {
    wakeWords: ['alexa'],
    spaced: true,
    launch: [...ENGLISH_LAUNCH, 'ask', 'do', 'play', 'play the game', 'start playing', 'start playing the game', 'tell'].map((l) => `${l} {name}`),
    withRequest: [
      ...joined(['ask'], ['', 'to', 'about', 'for', 'if', 'whether']),
      ...joined(['tell'], ['to', 'that']),
      ...joined(ENGLISH_LAUNCH, ['and', 'to', 'for']),
      ...after(['from', 'using', 'with', 'in', 'on', 'by']),
    ],
    nameCharacters: /^[a-z]+$/,
    nameCharactersRule: LATIN_RULE,
    forbidden: ['ask', 'begin', 'enable', 'launch', 'load', 'open', 'play', 'resume', 'run', 'start', 'talk to', 'tell', 'use', ...WAKE_AND_RESERVED],
    notInTwoWordNames: ['the', 'a', 'an', 'my', 'for', 'to', 'of'],
  },
  de: {
    wakeWords: ['alexa'],
    spaced: true,
    launch: ['öffne', 'starte', 'aktiviere', 'beginne', 'lade', 'spiele'].map((l) => `${l} {name}`),
    withRequest: [
      ...joined(['frage', 'frag'], ['', 'nach', 'ob']),
      ...joined(['sage', 'sag', 'bitte'], ['']),
      ...joined(['öffne', 'starte'], ['und']),
      ...after(['mit', 'von', 'bei']),
    ],
    nameCharacters: LATIN_WORD,
    nameCharactersRule: LATIN_RULE,
    forbidden: ['öffne', 'starte', 'aktiviere', 'beginne', 'lade', 'spiele', 'frage', 'frag', 'sage', 'sag', ...WAKE_AND_RESERVED],
    notInTwoWordNames: ['der', 'die', 'das', 'den', 'dem', 'ein', 'eine', 'einen', 'mein', 'meine', 'für', 'zu', 'von', 'mit'],
  },
  fr: {
    wakeWords: ['alexa'],
    spaced: true,
    launch: ['ouvre', 'lance', 'démarre', 'commence', 'active', 'joue'].map((l) => `${l} {name}`),
    withRequest: [
      ...joined(['demande à'], ['', 'de', "d'", 'si']),
      ...joined(['dis à'], ['de', "d'"]),
      ...joined(['ouvre', 'lance'], ['et']),
      ...after(['avec', 'sur', 'de']),
    ].map((t) => t.replace("d' {request}", "d'{request}")),
    nameCharacters: LATIN_WORD,
    nameCharactersRule: LATIN_RULE,
    forbidden: ['ouvre', 'lance', 'démarre', 'commence', 'active', 'joue', 'demande', 'dis', ...WAKE_AND_RESERVED, 'ordinateur', 'application'],
    notInTwoWordNames: ['le', 'la', 'les', 'un', 'une', 'mon', 'ma', 'mes', 'pour', 'à', 'de', 'du', 'des'],
  },
  es: {
    wakeWords: ['alexa'],
    spaced: true,
    launch: ['abre', 'inicia', 'empieza', 'comienza', 'activa', 'juega'].map((l) => `${l} {name}`),
    withRequest: [
      ...joined(['pregunta a', 'pregúntale a'], ['', 'si']),
      ...joined(['pide a', 'pídele a', 'dile a'], ['', 'que']),
      ...joined(['abre', 'inicia'], ['y']),
      ...after(['con', 'en', 'de']),
    ],
    nameCharacters: LATIN_WORD,
    nameCharactersRule: LATIN_RULE,
    forbidden: ['abre', 'inicia', 'empieza', 'comienza', 'activa', 'juega', 'pregunta', 'pide', 'dile', ...WAKE_AND_RESERVED, 'computadora', 'ordenador', 'aplicación'],
    notInTwoWordNames: ['el', 'la', 'los', 'las', 'un', 'una', 'mi', 'mis', 'para', 'a', 'de', 'del', 'al'],
  },
  it: {
    wakeWords: ['alexa'],
    spaced: true,
    launch: ['apri', 'avvia', 'inizia', 'attiva', 'gioca'].map((l) => `${l} {name}`),
    withRequest: [
      ...joined(['chiedi a', 'domanda a'], ['', 'di', 'se']),
      ...joined(['di a', "di' a"], ['di']),
      ...joined(['apri', 'avvia'], ['e']),
      ...after(['con', 'su', 'da']),
    ],
    nameCharacters: LATIN_WORD,
    nameCharactersRule: LATIN_RULE,
    forbidden: ['apri', 'avvia', 'inizia', 'attiva', 'gioca', 'chiedi', 'domanda', ...WAKE_AND_RESERVED, 'applicazione'],
    notInTwoWordNames: ['il', 'lo', 'la', 'i', 'gli', 'le', 'un', 'uno', 'una', 'mio', 'mia', 'per', 'a', 'di', 'da', 'del', 'al'],
  },
  pt: {
    wakeWords: ['alexa'],
    spaced: true,
    launch: ['abra', 'abre', 'abrir', 'inicie', 'inicia', 'comece', 'ative', 'jogue'].map((l) => `${l} {name}`),
    withRequest: [
      ...joined(['pergunte ao', 'pergunte à', 'pergunte a', 'pergunte para', 'pergunta pro', 'pergunta para'], ['', 'se']),
      ...joined(['peça ao', 'peça à', 'peça a', 'peça para', 'pede pro', 'pede para'], ['', 'para', 'pra']),
      ...joined(['abra', 'abre', 'inicie'], ['e']),
      ...after(['com', 'no', 'na', 'do', 'da']),
    ],
    nameCharacters: LATIN_WORD,
    nameCharactersRule: LATIN_RULE,
    forbidden: ['abra', 'abre', 'abrir', 'inicie', 'inicia', 'comece', 'ative', 'jogue', 'pergunte', 'peça', ...WAKE_AND_RESERVED, 'computador', 'aplicativo'],
    notInTwoWordNames: ['o', 'a', 'os', 'as', 'um', 'uma', 'meu', 'minha', 'para', 'de', 'do', 'da', 'no', 'na'],
  },
  ja: {
    wakeWords: ['アレクサ', 'alexa'],
    spaced: false,
    launch: ['を開いて', 'を起動して', 'をスタートして', 'を開始して', 'につないで'].map((l) => `{name}${l}`),
    withRequest: ['{name}で{request}', '{name}に{request}', '{name}を開いて{request}', '{name}を使って{request}', '{request}を{name}に聞いて'],
    nameCharacters: /^[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー々a-z ]+$/u,
    nameCharactersRule: 'only hiragana, katakana, kanji, lower-case letters and spaces',
    forbidden: ['アレクサ', 'アマゾン', 'エコー', 'コンピューター', 'スキル', 'アプリ', '起動して', '開いて', '聞いて', '教えて', '読み込んで', '開始して', '有効にして', ...WAKE_AND_RESERVED],
    notInTwoWordNames: [],
  },
};

/** The grammar for `locale` ("de-DE" → German), or undefined for a language this project has no table for. */
export function languageOf(locale: string): SpokenLanguage | undefined {
  return LANGUAGES[locale.split('-')[0]!.toLowerCase()];
}
