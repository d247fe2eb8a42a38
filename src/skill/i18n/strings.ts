import type { VehicleClass } from '../catalogue.ts';

/** The languages the skill speaks: the first subtag of each locale it has a table for. */
export type Language = 'en' | 'de' | 'fr' | 'es' | 'it' | 'ja' | 'pt';

/**
 * Everything the skill says, in one locale. Each locale's table is typed `Strings`, so the
 * compiler refuses a locale that lacks a string or gives one the wrong shape.
 *
 * Literal strings are SSML written on purpose. Functions take data (names, labels, slot values,
 * IDs) and may only be called through `t(input)`, whose tables escape every argument for SSML
 * first (`./ssml.ts`); so a function never escapes, and never receives markup.
 *
 * Whatever depends on grammar is a function, so handlers carry no language: lists, numbers and
 * durations are formatted by the locale with `Intl` (`./format.ts`), and IDs (`work`, `home`,
 * vehicle classes) are turned into the locale's words by the locale. An ID a locale has no word
 * for (a saved place the user named `gym`) is said as it is.
 */
export interface Strings {
  /** The language this table speaks; the catalogue names cities in it. Not speech. */
  readonly language: Language;
  /**
   * The skill's name as users say it to open it: the locale's invocation name. Ride Hailer itself
   * (the service whose account is linked) keeps its name in every language.
   */
  readonly skillName: string;
  readonly launch: {
    readonly speech: string;
    /** A linked user whose profile is cached, by `name` from their profile. */
    readonly greeting: (name: string) => string;
    readonly reprompt: string;
  };
  readonly help: { readonly speech: string; readonly reprompt: string };
  readonly goodbye: string;
  /**
   * Said while the skill waits for the account's service (a progressive response: the linked
   * account must be validated, or the ride ordered), before the answer itself.
   */
  readonly oneMoment: string;
  readonly fallback: { readonly speech: string; readonly reprompt: string };
  readonly error: string;
  readonly linking: {
    /** No token: why linking helps; a LinkAccount card goes with it. */
    readonly required: string;
    /** A token the provider refused: link again; a LinkAccount card goes with it. */
    readonly invalid: string;
    readonly unavailable: string;
    /** Voice-forward linking is about to start (Amazon's linking skill speaks next): why linking helps, no card. */
    readonly voice: string;
    /** The user declined linking by voice; a LinkAccount card goes with it. */
    readonly voiceDeclined: string;
    /** Linking by voice did not happen (not possible for this user, or it failed); a LinkAccount card goes with it. */
    readonly voiceFailed: string;
  };
  /**
   * After Alexa asked a recognized speaker for their profile PIN before a ride on their own account
   * (`pin-confirmation.ts`): a wrong PIN, no PIN set up, or a confirmation that failed. Nothing was ordered.
   */
  readonly pin: { readonly notAchieved: string; readonly notEnabled: string; readonly failed: string };
  readonly order: {
    /**
     * Asks to confirm a ride to the saved place `destination` (an ID: `work`, `home`, or the
     * user's own key), labelled `label` in the profile, paid with `payment` when the profile has one.
     */
    readonly confirm: (destination: string, label: string, payment: string | undefined) => string;
    readonly confirmReprompt: (label: string) => string;
    readonly whereTo: string;
    /** `where` as the user said it; `known` the IDs of their saved places (possibly none). */
    readonly unknownPlace: (where: string, known: readonly string[]) => string;
    /**
     * The ride is ordered and should arrive in about `etaMinutes` minutes; `name` is the rider's
     * first name when they let the skill read it (Customer or Person Profile API).
     */
    readonly placed: (label: string, etaMinutes: number, name: string | undefined) => string;
    /**
     * Said after `placed` when the rider has not let the skill read their first name: an
     * `AskForPermissionsConsent` card goes with it, which this points to.
     */
    readonly nameConsent: string;
    readonly declined: string;
    readonly nothingPending: string;
    /**
     * A Yes (or a PIN confirmation) from a speaker the pending ride was not quoted to: nothing was
     * ordered. Said before the ride is quoted again from this speaker's own account (`confirm`), or
     * before why it cannot be (`unknownPlace`).
     */
    readonly quotedToSomeoneElse: string;
  };
  readonly availability: {
    /** `city` is its name in this language; `vehicles` the classes served there. */
    readonly known: (city: string, vehicles: readonly VehicleClass[], etaMinutes: number) => string;
    /**
     * A city with every vehicle class, in the words of Amazon's Ride Hailer example ("Account
     * Linking for Custom Skills": "Ride Hailer offers a full range of services in Dallas").
     */
    readonly fullRange: (city: string, vehicles: readonly VehicleClass[], etaMinutes: number) => string;
    /** `city` as the user said it. */
    readonly unknown: (city: string) => string;
    readonly noCity: string;
  };
}
