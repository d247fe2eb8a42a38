/**
 * What the conversation player (play.ts) is given and what it reports: its options, each step as
 * played, the differences from the file; and the speech as a person hears it.
 */
import type { FakeAlexaIdentity, FakeAlexaUser } from '../alexa-api.ts';
import type { Conversation, ConversationStep } from './format.ts';
import { isObject } from './format.ts';

/** How a conversation is played. */
export interface PlayOptions {
  /**
   * The skill's interaction model for the conversation's locale, as the file holds it
   * (`skill-package/interactionModels/custom/<locale>.json`, parsed JSON).
   */
  readonly model: unknown;
  /**
   * Sends one request envelope to the skill and returns its HTTP response: typically signs it with
   * a test PKI and hands it to the Worker (`testWorker(worker, env)(await signedAlexaRequest(pki, envelope))`).
   */
  readonly send: (envelope: Record<string, unknown>) => Promise<Response>;
  /** The access token for an account the conversation links (`{ "link": name }`, an accepted AskForAccountLinking). */
  readonly link?: (name: string) => string | Promise<string>;
  /** Called on an `{ "unlink": true }` step, before the token is forgotten (e.g. to send SkillDisabled). */
  readonly unlink?: () => void | Promise<void>;
  /** The clock of every request (`request.timestamp`, "today" for AMAZON.DATE). Default the real clock. */
  readonly now?: () => Date;
  /** The skill ID the requests carry. Default the testing entry's `SKILL_ID`. */
  readonly skillId?: string;
  /** The Alexa user ID the requests carry. */
  readonly userId?: string;
  /** The device ID the requests carry. */
  readonly deviceId?: string;
  /**
   * `context.System.apiAccessToken` for Alexa's service APIs (e.g. a `FakeAlexaApi`'s token); `null`
   * sends none, so the skill calls none of them. Default as `envelopeFor`.
   */
  readonly apiAccessToken?: string | null;
  /**
   * Alexa's service APIs as the conversation declares them (its `permissions`, `personPermissions`
   * and `profile`): the player gives it the account (`user`, exactly the file's permissions, none
   * when it names none) and sends each request a `token` of its own, bound to the account, the
   * recognized speaker and the device (`deviceId`, when given); `apiAccessToken` is then not used. A `FakeAlexaApi` on
   * intercepted fetch is one (in vitest); `replay` passes its local Alexa API (`endpoint`, the
   * envelope's `apiEndpoint`; absent, Amazon's host as `envelopeFor` sends it).
   */
  readonly alexaApi?: PlayAlexaApi;
}

/** What {@link PlayOptions.alexaApi} needs: a `FakeAlexaApi` is one. */
export interface PlayAlexaApi {
  /** Sets the account the API answers for (its consent and values). */
  user(user: FakeAlexaUser): unknown;
  /** An `apiAccessToken` speaking for `identity`. */
  token(identity: FakeAlexaIdentity): string;
  /** `context.System.apiEndpoint`; absent, as `envelopeFor` sends it. */
  readonly endpoint?: string;
}

/** One step as it was played: what was sent and what came back, read as a device reads it. */
export interface PlayedStep {
  readonly step: ConversationStep;
  /** The last `request` object sent (absent for link and unlink steps, and for a prompt Alexa spoke itself). */
  readonly request?: Record<string, unknown>;
  readonly status?: number;
  /** The speech without SSML tags, whitespace collapsed ("" when the answer has none); a Dialog.Delegate prompt's speech. */
  readonly heard?: string;
  /** The card's type, or "none". */
  readonly card?: string;
  readonly sessionEnds?: boolean;
  /** The connection the answer started (`Connections.StartConnection`, its `uri`): the next step answers it. */
  readonly connection?: string;
  /** The response envelope as JSON (absent when the status is not 200 or the body isn't JSON). */
  readonly response?: Record<string, unknown>;
}

/** A difference between what a step expects and what the skill answered. */
export interface Mismatch {
  /** The step's index in `steps`. */
  readonly step: number;
  /** What the user said, the intent of an intent step, or `connection <choice>` for a connection step. */
  readonly say: string;
  readonly field: 'status' | 'hear' | 'card' | 'sessionEnds';
  readonly expected: unknown;
  readonly actual: unknown;
}

/** What {@link playConversation} found. */
export interface PlayedConversation {
  readonly played: readonly PlayedStep[];
  /** Every expectation the answers did not meet, in order: a test asserts it is empty. */
  readonly mismatches: readonly Mismatch[];
  /** The conversation with every answered step's `hear`, `card` and `sessionEnds` as answered now: write it to record one. */
  readonly recorded: Conversation;
}

/**
 * The speech of an `outputSpeech` as a person hears it: SSML tags dropped, the five XML entities
 * decoded, whitespace collapsed. (Amazon, "Speech Synthesis Markup Language (SSML) Reference".)
 */
export function heardOf(outputSpeech: unknown): string {
  if (!isObject(outputSpeech)) return '';
  const text =
    typeof outputSpeech.ssml === 'string' ? outputSpeech.ssml.replace(/<[^>]*>/g, ' ')
    : typeof outputSpeech.text === 'string' ? outputSpeech.text
    : '';
  const decoded = text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!);
  return decoded.replace(/\s+/g, ' ').trim();
}
