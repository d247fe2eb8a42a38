import type { HandlerInput, RequestHandler } from 'ask-sdk-core';
import type { Intent, interfaces, RequestEnvelope, Response, ResponseEnvelope, Slot } from 'ask-sdk-model';
import type { LinkingPolicy } from './linking-gate.ts';
import { connectionResultOf, type ConnectionResult } from './connections.ts';
import { intentNameOf, slotsOf } from './envelope.ts';
import { skillContextOf } from './skill-context.ts';
import { credentialsOf } from './speaker.ts';
import { UsageError } from '../core/errors.ts';

/**
 * Voice-forward account linking (Login with Amazon only): instead of a LinkAccount card, the skill
 * hands the user to Amazon's own linking skill with a skill connection, and Alexa resumes the skill
 * with a `SessionResumedRequest` when linking is over.
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/voice-forward-account-linking-implementation-details.html
 *   (the `Connections.StartConnection` directive and the response handler)
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/use-voice-forward-account-linking.html (the flow, prerequisites)
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/use-skill-connections-to-request-tasks.html (RESUME_SESSION)
 */
export const ASK_FOR_ACCOUNT_LINKING_URI = 'connection://AMAZON.AskForAccountLinking/1';

/** Marks a connection token as this kit's, so the resumed handler never takes another connection's. */
const TOKEN_PREFIX = 'ask-for-account-linking:';
/** The token is echoed back by Alexa: small, and never a secret (intent and slot values only). */
const MAX_RESUME_TOKEN_CHARS = 1024;
/** The authority named on slot resolutions rebuilt from a resume token. */
const RESUME_AUTHORITY = 'alexa-skill-workers.voice-linking';

/** What a resume token carries: the intent that needed the account, its slot values and resolved IDs. */
export interface ResumePoint {
  readonly intent: string;
  readonly slots: Readonly<Record<string, string>>;
  /** Entity-resolution IDs of the slots Alexa matched (`ER_SUCCESS_MATCH`), so handlers see the same ID. */
  readonly ids: Readonly<Record<string, string>>;
}

/**
 * How voice-forward linking ended, from the `SessionResumedRequest`'s `cause`. `result.status`
 * values documented by Amazon for `AMAZON.AskForAccountLinking`: `LINKED` (the accounts are now
 * linked; the new token is in `context.System.user.accessToken`), `DENIED` (the user said no) and
 * `USER_REQUIREMENTS_NOT_MET` (the user cannot link by voice, e.g. not a recognized speaker: send
 * the LinkAccount card). A `cause.status.code` other than 200 is the connection's failure (`ERROR`);
 * any other status is kept as `UNKNOWN`, answered like a failure, and logged.
 */
export type VoiceLinkingStatus = 'LINKED' | 'DENIED' | 'USER_REQUIREMENTS_NOT_MET' | 'ERROR' | 'UNKNOWN';
const DOCUMENTED = new Set<VoiceLinkingStatus>(['LINKED', 'DENIED', 'USER_REQUIREMENTS_NOT_MET']);

/** Encodes a resume point as a `StartConnection` token (at most {@link MAX_RESUME_TOKEN_CHARS}; slots are dropped first). */
export function resumeToken(point: ResumePoint): string {
  const full = TOKEN_PREFIX + JSON.stringify({ i: point.intent, s: point.slots, r: point.ids });
  if (full.length <= MAX_RESUME_TOKEN_CHARS) return full;
  const bare = TOKEN_PREFIX + JSON.stringify({ i: point.intent, s: {}, r: {} });
  if (bare.length > MAX_RESUME_TOKEN_CHARS) throw new RangeError('intent name too long for a resume token');
  return bare;
}

/** Decodes a token made by {@link resumeToken}; anything else (another connection's token, malformed) is `undefined`. */
export function parseResumeToken(token: unknown): ResumePoint | undefined {
  if (typeof token !== 'string' || !token.startsWith(TOKEN_PREFIX) || token.length > MAX_RESUME_TOKEN_CHARS) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(token.slice(TOKEN_PREFIX.length));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { i, s, r } = parsed as Record<string, unknown>;
  if (typeof i !== 'string' || !i) return undefined;
  const strings = (value: unknown): Record<string, string> | undefined =>
    typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string')
      ? (value as Record<string, string>)
      : undefined;
  const slots = strings(s);
  const ids = strings(r);
  return slots && ids ? { intent: i, slots, ids } : undefined;
}

/**
 * The resume point of an `IntentRequest`: its intent, slot values and matched entity IDs (read by
 * {@link intentNameOf} and {@link slotsOf}, so slots of another shape are left out); `undefined`
 * for any other request, or an intent without a name.
 */
function resumePointOf(envelope: RequestEnvelope): ResumePoint | undefined {
  const intent = intentNameOf(envelope);
  if (intent === undefined) return undefined;
  // Object.fromEntries defines own properties, so a slot named __proto__ stays a slot.
  const filled = [...slotsOf(envelope)];
  const slots = Object.fromEntries(filled.map(([name, slot]) => [name, slot.value]));
  const ids = Object.fromEntries(filled.flatMap(([name, slot]) => (slot.id === undefined ? [] : [[name, slot.id]])));
  return { intent, slots, ids };
}

/**
 * The `Connections.StartConnection` directive that asks Amazon's voice-forward linking skill to
 * link the user's account, exactly as Amazon's implementation page shows it: `uri`
 * `connection://AMAZON.AskForAccountLinking/1`, `input` `{"@version": "1", "@type": "AskForAccountLinking"}`,
 * `onCompletion` `RESUME_SESSION` (control comes back to this skill), and `token`, echoed back in
 * the `SessionResumedRequest`.
 */
function askForAccountLinkingDirective(token: string): interfaces.connections.V1.StartConnectionDirective {
  return {
    type: 'Connections.StartConnection',
    uri: ASK_FOR_ACCOUNT_LINKING_URI,
    input: { '@version': '1', '@type': 'AskForAccountLinking' },
    onCompletion: 'RESUME_SESSION',
    token,
  };
}

/**
 * The answer that starts voice-forward linking for the current intent: `speech` (why the account
 * is needed) and the StartConnection directive whose token lets {@link voiceLinkingResumedHandler}
 * answer this intent once the account is linked. For a linking gate's `respond`, on `unlinked`
 * only: a token that is invalid or expired still gets the LinkAccount card.
 * The session is left to Alexa (no `shouldEndSession`), as in Amazon's example.
 * @throws {UsageError} `API_MISUSE` when the request is not an IntentRequest (there is nothing to resume).
 */
export function askForAccountLinking(input: HandlerInput, speech: string): Response {
  const point = resumePointOf(input.requestEnvelope);
  if (!point) throw new UsageError('voice-forward linking resumes an intent; this request is not an IntentRequest');
  return input.responseBuilder.speak(speech).addDirective(askForAccountLinkingDirective(resumeToken(point))).getResponse();
}

/** How a `SessionResumedRequest` for voice-forward linking ended (see {@link VoiceLinkingStatus}). */
function voiceLinkingStatusOf(result: ConnectionResult): VoiceLinkingStatus {
  if (!result.completed) return 'ERROR';
  const { status } = result;
  return typeof status === 'string' && DOCUMENTED.has(status as VoiceLinkingStatus) ? (status as VoiceLinkingStatus) : 'UNKNOWN';
}

/** The original request rebuilt from a resume point, in the resumed request's envelope (its context carries the new token). */
function resumedIntentEnvelope(resumed: RequestEnvelope, point: ResumePoint): RequestEnvelope {
  const slot = ([name, value]: [string, string]): [string, Slot] => {
    const id = Object.hasOwn(point.ids, name) ? point.ids[name] : undefined;
    const resolutions = id
      ? { resolutionsPerAuthority: [{ authority: RESUME_AUTHORITY, status: { code: 'ER_SUCCESS_MATCH' as const }, values: [{ value: { name: value, id } }] }] }
      : undefined;
    return [name, { name, value, confirmationStatus: 'NONE', ...(resolutions && { resolutions }) }];
  };
  const slots: Record<string, Slot> = Object.fromEntries(Object.entries(point.slots).map(slot));
  const intent: Intent = { name: point.intent, confirmationStatus: 'NONE', slots };
  const { requestId, timestamp, locale } = resumed.request;
  return { ...resumed, request: { type: 'IntentRequest', requestId, timestamp, locale, dialogState: 'COMPLETED', intent } };
}

export interface VoiceLinkingResumedOptions {
  /** Only intents this policy gates are answered again (a token cannot name another intent). */
  readonly policy: LinkingPolicy;
  /**
   * Answers a rebuilt request as the skill would: usually `(envelope, input) => skill.invoke(envelope, input.context)`.
   * The linking gate still runs on it, with the new token.
   */
  readonly rerun: (envelope: RequestEnvelope, input: HandlerInput) => Promise<ResponseEnvelope>;
  /** The answer when linking did not happen: Amazon's fallback is the LinkAccount card. */
  readonly fallback: (input: HandlerInput, status: VoiceLinkingStatus) => Response | Promise<Response>;
}

/**
 * Handles the `SessionResumedRequest` that ends voice-forward linking (only for a token made by
 * {@link askForAccountLinking}). `LINKED` with a token in `context.System.user.accessToken`: the
 * original intent is answered (rebuilt from the token, passed to `rerun`, its session attributes
 * kept). Every other status, or `LINKED` without a token: `fallback`. Logs `voice_linking_resumed`
 * with the status and the connection's status code, never a token.
 */
export function voiceLinkingResumedHandler(options: VoiceLinkingResumedOptions): RequestHandler {
  return {
    canHandle(input) {
      const result = connectionResultOf(input.requestEnvelope);
      return result?.type === 'ConnectionCompleted' && parseResumeToken(result.token) !== undefined;
    },
    async handle(input) {
      const result = connectionResultOf(input.requestEnvelope)!;
      const point = parseResumeToken(result.token)!;
      const status = voiceLinkingStatusOf(result);
      const linked = status === 'LINKED' && credentialsOf(input.requestEnvelope).token !== undefined;
      const rerun = linked && options.policy.linkedIntents.has(point.intent);
      skillContextOf(input).log.info('voice_linking_resumed', {
        status,
        code: result.code,
        intent: point.intent,
        rerun,
      });
      if (!rerun) return options.fallback(input, status === 'LINKED' ? 'ERROR' : status);
      const answer = await options.rerun(resumedIntentEnvelope(input.requestEnvelope, point), input);
      input.attributesManager.setSessionAttributes(answer.sessionAttributes ?? {});
      return answer.response;
    },
  };
}
