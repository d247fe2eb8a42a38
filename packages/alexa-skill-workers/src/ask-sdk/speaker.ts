import type { RequestEnvelope } from 'ask-sdk-model';
import type { TokenOwner } from '../linking/token-cache.ts';
import { isRecord } from '../lib/json.ts';
import { accountTokenOf, userIdOf } from './envelope.ts';

/**
 * The recognized speaker of a request (`context.System.person`), present when the skill has the
 * `alexa::person_id:read` permission and Alexa recognized a voice whose profile has Personalize
 * skills on. `confidence` is `person.authenticationConfidenceLevel.level`: 300 when Alexa recognized
 * the voice, 400 after the speaker confirmed their profile PIN (Amazon, "Add PIN Confirmation to
 * Alexa Skills"). ask-sdk-model's `Person` type lacks the field, so it is read here.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/add-personalization-to-your-skill.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/pin-confirmation-for-alexa-skills.html
 */
export interface Speaker {
  readonly personId: string;
  /** Absent when Alexa sent no level. */
  readonly confidence: number | undefined;
}

/**
 * Which link a request's token belongs to. Amazon, "Use Personalization With or Without Account
 * Linking": a recognized speaker who linked their own profile sends `person.accessToken` (the
 * `person` level); everyone else, a recognized speaker without a personal link and an unrecognized
 * speaker alike, uses the shared account's `user.accessToken` (the `account` level), when it has one.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/personalization-and-account-linking.html
 */
export type LinkLevel = 'person' | 'account';

/** The identity and account-linking token of a request, as {@link credentialsOf} reads them. */
export interface Credentials {
  /** `context.System.user.userId`: the Alexa account (shared by everyone in it). */
  readonly userId: string;
  /** The token to use: the person's own when they linked one, else the account's; `undefined` when neither. */
  readonly token: string | undefined;
  readonly level: LinkLevel;
  /** Whose token it is, as the token cache keys it: the person only at the `person` level. */
  readonly owner: TokenOwner;
  /** The recognized speaker, whatever the level; `undefined` when Alexa recognized nobody. */
  readonly speaker: Speaker | undefined;
}

/**
 * The Alexa user, the recognized speaker and the token of a request, following Amazon's table
 * (see {@link LinkLevel}): `context.System.person.accessToken` when present, else
 * `context.System.user.accessToken`. Tokens are read from `context.System` (skill events have no
 * session); an empty string, or a value that is not a string, counts as none, and a `person`
 * without a string `personId` as no recognized speaker.
 * @throws {EnvelopeError} `ENVELOPE_MALFORMED` when `context.System.user.userId` is missing or not a string ({@link userIdOf}).
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html#system-object
 */
export function credentialsOf(envelope: RequestEnvelope): Credentials {
  const userId = userIdOf(envelope);
  const person: unknown = (envelope.context?.System as { person?: unknown } | undefined)?.person;
  const speaker = speakerOf(person);
  const personToken = isRecord(person) ? person.accessToken : undefined;
  if (speaker && typeof personToken === 'string' && personToken) {
    return { userId, token: personToken, level: 'person', owner: { userId, personId: speaker.personId }, speaker };
  }
  return { userId, token: accountTokenOf(envelope), level: 'account', owner: { userId }, speaker };
}

function speakerOf(person: unknown): Speaker | undefined {
  if (!isRecord(person)) return undefined;
  const { personId, authenticationConfidenceLevel } = person;
  if (typeof personId !== 'string' || !personId) return undefined;
  // A number in Amazon's request examples; a numeric string is read too, anything else is no level.
  const raw = isRecord(authenticationConfidenceLevel) ? authenticationConfidenceLevel.level : undefined;
  const level = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  return { personId, confidence: typeof level === 'number' && Number.isFinite(level) ? level : undefined };
}
