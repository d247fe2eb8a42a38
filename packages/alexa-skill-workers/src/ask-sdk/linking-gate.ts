import type { HandlerInput, RequestHandler } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import type { AccountProblem } from '../linking/account-service.ts';
import { ConfigError } from '../core/options.ts';
import { connectionResultOf } from './connections.ts';
import { intentNameOf } from './envelope.ts';
import { resolveAccount } from './skill-context.ts';
import { credentialsOf } from './speaker.ts';
import { UsageError } from '../core/errors.ts';

/** Why the gate stopped a request: no token, a token that is no longer valid, or a provider that failed. */
export type LinkingProblem = 'unlinked' | AccountProblem['kind'];

/**
 * Which intents need a linked account. Declared once by the skill; handlers never repeat it, and
 * every intent not named is public (its handler must not look at the token).
 */
export interface LinkingPolicy {
  /** Intent names (`OrderCar`, `AMAZON.YesIntent`, …) served only to a linked user. */
  readonly linkedIntents: ReadonlySet<string>;
  /**
   * The lowest `context.System.person.authenticationConfidenceLevel.level` with which a
   * recognized speaker's own account (a person-level token) may serve each intent named. Intents
   * not named, and account-level (shared) tokens, need none: Alexa sends a confidence level only
   * for a recognized speaker.
   */
  readonly minConfidence: ReadonlyMap<string, number>;
  /**
   * Skill connections that continue a linked intent, by the `token` of their
   * `Connections.StartConnection`: the `SessionResumedRequest` carrying that token is gated as
   * the intent named (e.g. the PIN confirmation a Yes asked for, gated as that Yes), so the
   * account it acts on is resolved and validated again, never taken on trust.
   */
  readonly resumptions: ReadonlyMap<string, string>;
}

/**
 * Declares a {@link LinkingPolicy}. `minConfidence` (e.g. `{ 'AMAZON.YesIntent': 300 }`, see
 * {@link LinkingPolicy.minConfidence}) and `resumptions` (e.g. `{ 'my-skill.pin': 'AMAZON.YesIntent' }`,
 * see {@link LinkingPolicy.resumptions}) may name only linked intents.
 * @throws {ConfigError} `CONFIG_INVALID` (setting `minConfidence`) for an intent that is not linked or a level that is not a positive integer;
 *   (setting `resumptions`) for a resumption of an intent that is not linked.
 */
export function linkingPolicy(options: {
  readonly linkedIntents: Iterable<string>;
  readonly minConfidence?: Readonly<Record<string, number>>;
  readonly resumptions?: Readonly<Record<string, string>>;
}): LinkingPolicy {
  const linkedIntents = new Set(options.linkedIntents);
  const minConfidence = new Map(Object.entries(options.minConfidence ?? {}));
  for (const [intent, level] of minConfidence) {
    if (!linkedIntents.has(intent)) throw new ConfigError('minConfidence', `${intent} is not a linked intent`);
    if (!Number.isInteger(level) || level <= 0) throw new ConfigError('minConfidence', `${intent}: the level must be a positive integer`);
  }
  const resumptions = new Map(Object.entries(options.resumptions ?? {}));
  for (const [token, intent] of resumptions) {
    if (!linkedIntents.has(intent)) throw new ConfigError('resumptions', `${token} resumes ${intent}, which is not a linked intent`);
  }
  return { linkedIntents, minConfidence, resumptions };
}

/**
 * The intent the policy gates the request as: an `IntentRequest`'s own, or for a
 * `SessionResumedRequest` the intent its connection token resumes ({@link LinkingPolicy.resumptions});
 * `undefined` for anything else.
 */
function gatedIntentOf(policy: LinkingPolicy, input: HandlerInput): string | undefined {
  const envelope = input.requestEnvelope;
  const intent = intentNameOf(envelope);
  if (intent !== undefined) return intent;
  const token = connectionResultOf(envelope)?.token;
  return typeof token === 'string' ? policy.resumptions.get(token) : undefined;
}

/**
 * True when the request is an intent the policy reserves for linked users, or a resumption of one
 * ({@link LinkingPolicy.resumptions}).
 */
export function requiresLinking(policy: LinkingPolicy, input: HandlerInput): boolean {
  const intent = gatedIntentOf(policy, input);
  return intent !== undefined && policy.linkedIntents.has(intent);
}

/**
 * The confidence level the request falls short of, or `undefined` when it needs none or has
 * enough: only a person-level token is held to the policy's `minConfidence` for its intent, and a
 * missing level counts as 0. Only `IntentRequest`s: a resumption is the answer to a request for a
 * higher level (the PIN confirmation), whose outcome its own handler reads; asking again there
 * would answer a wrong PIN with another PIN prompt.
 */
export function missingConfidence(policy: LinkingPolicy, input: HandlerInput): number | undefined {
  const intent = intentNameOf(input.requestEnvelope);
  if (intent === undefined) return undefined;
  const required = policy.minConfidence.get(intent);
  const credentials = credentialsOf(input.requestEnvelope);
  if (required === undefined || credentials.level !== 'person') return undefined;
  return (credentials.speaker?.confidence ?? 0) < required ? required : undefined;
}

export interface LinkingGateOptions {
  readonly policy: LinkingPolicy;
  /**
   * The answer for a request the gate stops. Amazon ("Account Linking for Custom Skills"): a
   * user who must link hears why and gets a LinkAccount card (`withLinkAccountCard()`); a provider
   * that failed is a spoken apology, no card. Also called for a resumption the policy gates (a
   * `SessionResumedRequest`, which has no intent to hand to voice-forward linking).
   */
  readonly respond: (input: HandlerInput, problem: LinkingProblem) => Response | Promise<Response>;
  /**
   * The answer for a linked request whose recognized speaker's confidence level is below the
   * policy's `minConfidence` for the intent (`required`). Required when the policy names any.
   * Amazon's way to raise the level is the profile PIN: answer with `verifyPersonDirective(token)`
   * and handle the `SessionResumedRequest` ("Add PIN Confirmation to Alexa Skills",
   * https://developer.amazon.com/en-US/docs/alexa/custom-skills/pin-confirmation-for-alexa-skills.html).
   */
  readonly lowConfidence?: (input: HandlerInput, required: number) => Response | Promise<Response>;
  /**
   * Called (at most once per request) when the account behind a gated request is in no cache and
   * must be validated with the provider, which takes a round trip or two: the moment to say "one
   * moment" with `sendProgressiveResponse` (not awaited). Never called when a cache answers. It must
   * not throw (a throw is logged as `provider_call_hook_failed` and ignored).
   * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/send-the-user-a-progressive-response.html
   */
  readonly onProviderCall?: (input: HandlerInput) => void;
}

type Stop = { readonly problem: LinkingProblem } | { readonly required: number };

async function stopOf(policy: LinkingPolicy, input: HandlerInput, onProviderCall: LinkingGateOptions['onProviderCall']): Promise<Stop | undefined> {
  if (!requiresLinking(policy, input)) return undefined;
  const account = await resolveAccount(input, onProviderCall);
  if (account.kind !== 'linked') return { problem: account.kind };
  const required = missingConfidence(policy, input);
  return required === undefined ? undefined : { required };
}

/**
 * The "needs a linked account" gate, as an ask-sdk request handler to register FIRST
 * (`addRequestHandlers(linkingGate({ policy, respond }), …)`): it takes every intent the policy
 * names, and every resumption of one ({@link LinkingPolicy.resumptions}), whose account is not
 * `linked` (no token, or one that does not validate) and answers with `respond`, and a linked
 * intent whose recognized speaker's level is below the policy's minimum and answers with
 * `lowConfidence`; any other request goes on to its own handler, which reads the profile with
 * `linkedProfileOf(input)` (resolved once per request).
 * @throws {ConfigError} `CONFIG_INVALID` (setting `lowConfidence`) when the policy has a `minConfidence` and the options no `lowConfidence`;
 *   (setting `onProviderCall`) when it is given and not a function.
 */
export function linkingGate(options: LinkingGateOptions): RequestHandler {
  const { policy, respond, lowConfidence, onProviderCall } = options;
  if (policy.minConfidence.size > 0 && !lowConfidence) {
    throw new ConfigError('lowConfidence', 'the policy asks a confidence level (minConfidence): say what the gate answers below it');
  }
  if (onProviderCall !== undefined && typeof onProviderCall !== 'function') throw new ConfigError('onProviderCall', 'must be a function');
  return {
    async canHandle(input) {
      return (await stopOf(policy, input, onProviderCall)) !== undefined;
    },
    async handle(input) {
      const stop = await stopOf(policy, input, onProviderCall);
      if (stop === undefined) throw new UsageError('the gate handled a request it lets through');
      return 'problem' in stop ? respond(input, stop.problem) : lowConfidence!(input, stop.required);
    },
  };
}
