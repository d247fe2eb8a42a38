/**
 * What the resolver knows of one language: how users open a skill by name, the phrases of the standard
 * built-in intents, and the words the built-in slot types normalize (numbers, dates, times, durations).
 * Data only, one module per language family (en.ts, de.ts, …); ../builtins/ applies it. All phrases are
 * written as normalized speech (text.ts): lower case, no punctuation.
 */

/** The standard built-in intents whose phrases the resolver knows in every language. */
export type BuiltinIntentName =
  | 'AMAZON.YesIntent'
  | 'AMAZON.NoIntent'
  | 'AMAZON.HelpIntent'
  | 'AMAZON.StopIntent'
  | 'AMAZON.CancelIntent'
  | 'AMAZON.NavigateHomeIntent';

/** The words of AMAZON.NUMBER, evaluated by builtins/numbers.ts. */
export interface NumberWords {
  /** Words that add their value: "one" 1, "twenty" 20; where a language glues them ("einundzwanzig"), the parts. */
  readonly words: Readonly<Record<string, number>>;
  /** Words that multiply what precedes them: "hundred" 100, "thousand" 1000, 十 10. */
  readonly multipliers: Readonly<Record<string, number>>;
  /** Words that join parts and add nothing: "and", "und", "et", "y", "e". */
  readonly connectors: readonly string[];
  /** Articles that count one right before a multiplier: "a" in "a hundred". */
  readonly articles?: readonly string[];
  /** German: a unit, a connector, then the tens ("ein und zwanzig" is 21). */
  readonly unitsBeforeTens?: boolean;
  /** French: 60 and 80 take 10–19 after them ("soixante dix" is 70, "quatre vingt onze" 91). */
  readonly vigesimal?: boolean;
}

/** Days relative to the clock, for AMAZON.DATE. */
export interface DateWords {
  readonly today: readonly string[];
  readonly tomorrow: readonly string[];
  readonly yesterday: readonly string[];
  readonly dayAfterTomorrow: readonly string[];
}

/** The words of AMAZON.TIME for spaced languages, read by builtins/time.ts. */
interface TimeWords {
  /** Whole phrases with a fixed value: "noon" 12:00, "midnight" 00:00, "morning" MO. */
  readonly fixed: Readonly<Record<string, string>>;
  /** Articles said before the hour ("las tres", "le tre", "às três"). */
  readonly articles: readonly string[];
  /** Words after the hour ("uhr", "heures", "o'clock"). */
  readonly hourWords: readonly string[];
  /** Phrases after the time meaning before noon / after noon. */
  readonly am: readonly string[];
  readonly pm: readonly string[];
}

/** ISO 8601 duration designators: years, months, weeks, days, then hours, minutes, seconds. */
export type DurationUnit = 'Y' | 'MO' | 'W' | 'D' | 'H' | 'MIN' | 'S';

/** The words of AMAZON.DURATION, read by builtins/duration.ts. */
interface DurationWords {
  readonly units: Readonly<Record<string, DurationUnit>>;
  /** Articles that count one ("an hour", "eine stunde"). */
  readonly one: readonly string[];
  readonly connectors: readonly string[];
  /** Whole phrases with a fixed value ("half an hour" PT30M). */
  readonly fixed: Readonly<Record<string, string>>;
}

export interface Language {
  /** The language subtag: "en", "de", … */
  readonly code: string;
  /** False where words are not separated by spaces (Japanese). */
  readonly spaced: boolean;
  readonly wakeWords: readonly string[];
  /** Phrases that open the skill with no request; `{name}` is the invocation name. */
  readonly launch: readonly string[];
  /** Phrases that join the name and a request (`{request}`). */
  readonly withRequest: readonly string[];
  readonly intents: Readonly<Record<BuiltinIntentName, readonly string[]>>;
  readonly numbers: NumberWords;
  readonly dates: DateWords;
  readonly times: TimeWords;
  readonly durations: DurationWords;
  /** A language's own AMAZON.TIME reader where the spaced one does not fit (Japanese). */
  readonly time?: (spoken: string, language: Language) => string | undefined;
}

/** `prefix {name} connecting {request}` for every prefix and connecting word ('' for none). */
export const joined = (prefixes: readonly string[], connecting: readonly string[]): string[] =>
  prefixes.flatMap((prefix) => connecting.map((word) => `${prefix} {name} ${word ? `${word} ` : ''}{request}`));

/** `{request} connecting {name}` for every connecting word. */
export const after = (connecting: readonly string[]): string[] => connecting.map((word) => `{request} ${word} {name}`);

/** The numbers 0–9 as a table, from their words in order. */
export const units = (words: readonly (string | readonly string[])[]): Record<string, number> =>
  Object.fromEntries(words.flatMap((w, i) => (typeof w === 'string' ? [[w, i]] : w.map((x) => [x, i]))));
