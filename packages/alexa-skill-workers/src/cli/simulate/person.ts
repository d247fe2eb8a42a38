/**
 * Recognized speakers, played by the simulator (Amazon, "Use Personalization With or Without
 * Account Linking", https://developer.amazon.com/en-US/docs/alexa/custom-skills/personalization-and-account-linking.html):
 * `--person <name>` speaks as a recognized voice, so requests carry `context.System.person` with a
 * `personId` that stays the same for that name on this simulated Alexa account, the level of a
 * recognized voice (300), and that person's own token once `link --person <name>` linked it. Without
 * a personal link the person object has no token, and the shared account's token is used.
 */
import { createHash } from 'node:crypto';
import type { LinkedTokens } from '../oauth/token.ts';
import type { SimulatorState } from './state.ts';

/** `authenticationConfidenceLevel.level` of a recognized voice ("Add PIN Confirmation to Alexa Skills"). */
const RECOGNIZED_VOICE_LEVEL = 300;

/** The command's words without `--person <name>`, and the name (lower case) when one was given. */
export function takePerson(words: readonly string[]): { words: string[]; person: string | undefined } {
  const at = words.indexOf('--person');
  if (at < 0) return { words: [...words], person: undefined };
  const name = words[at + 1];
  if (!name || name.startsWith('--')) throw new Error('--person needs a name, e.g. --person ana');
  return { words: [...words.slice(0, at), ...words.slice(at + 2)], person: name.toLowerCase() };
}

/**
 * The `personId` Alexa would send for `name` on this account: `amzn1.ask.person.` and a hash of the
 * account's user ID and the name, so it is stable between runs and differs between accounts.
 */
export function personIdFor(userId: string, name: string): string {
  return `amzn1.ask.person.SIMULATOR${createHash('sha256').update(`${userId}\u0000${name}`).digest('hex').slice(0, 40).toUpperCase()}`;
}

/** The tokens linked for `person` (their own), or for the shared account when `person` is undefined. */
export function tokensFor(state: SimulatorState, person: string | undefined): LinkedTokens | undefined {
  return person === undefined ? state.tokens : state.persons?.[person]?.tokens;
}

/** Keeps `tokens` for `person`, or for the shared account when `person` is undefined (`undefined` forgets them). */
export function setTokensFor(state: SimulatorState, person: string | undefined, tokens: LinkedTokens | undefined): void {
  if (person === undefined) state.tokens = tokens;
  else state.persons = { ...state.persons, [person]: { tokens } };
}

/** The `person` of a request envelope (`EnvelopeOptions.person`) for `person`, or undefined. */
export function speakerFor(state: SimulatorState, person: string | undefined): { personId: string; accessToken?: string; confidence: number } | undefined {
  if (person === undefined) return undefined;
  const accessToken = tokensFor(state, person)?.accessToken;
  return { personId: personIdFor(state.userId, person), ...(accessToken ? { accessToken } : {}), confidence: RECOGNIZED_VOICE_LEVEL };
}
