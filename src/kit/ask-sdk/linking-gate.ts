import { getIntentName, getRequestType, type HandlerInput, type RequestHandler } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import type { AccountProblem } from '../linking/account-service.ts';
import { accountOf } from './skill-context.ts';

/** Why the gate stopped a request: no token, a token that is no longer valid, or a provider that failed. */
export type LinkingProblem = 'unlinked' | AccountProblem['kind'];

/**
 * Which intents need a linked account. Declared once by the skill; handlers never repeat it, and
 * every intent not named is public (its handler must not look at the token).
 */
export interface LinkingPolicy {
  /** Intent names (`OrderCar`, `AMAZON.YesIntent`, …) served only to a linked user. */
  readonly linkedIntents: ReadonlySet<string>;
}

/** Declares a {@link LinkingPolicy}. */
export function linkingPolicy(options: { readonly linkedIntents: Iterable<string> }): LinkingPolicy {
  return { linkedIntents: new Set(options.linkedIntents) };
}

/** True when the request is an intent the policy reserves for linked users. */
export function requiresLinking(policy: LinkingPolicy, input: HandlerInput): boolean {
  const envelope = input.requestEnvelope;
  return getRequestType(envelope) === 'IntentRequest' && policy.linkedIntents.has(getIntentName(envelope));
}

export interface LinkingGateOptions {
  readonly policy: LinkingPolicy;
  /**
   * The answer for a request the gate stops. Amazon ("Account Linking for Custom Skills"): a
   * user who must link hears why and gets a LinkAccount card (`withLinkAccountCard()`); a provider
   * that failed is a spoken apology, no card.
   */
  readonly respond: (input: HandlerInput, problem: LinkingProblem) => Response | Promise<Response>;
}

/**
 * The "needs a linked account" gate, as an ask-sdk request handler to register FIRST
 * (`addRequestHandlers(linkingGate({ policy, respond }), …)`): it takes every intent the policy
 * names whose account is not `linked` and answers with `respond`; a linked user's request goes on
 * to the intent's own handler, which reads the profile with `linkedProfileOf(input)` (resolved
 * once per request).
 */
export function linkingGate(options: LinkingGateOptions): RequestHandler {
  return {
    async canHandle(input) {
      return requiresLinking(options.policy, input) && (await accountOf(input)).kind !== 'linked';
    },
    async handle(input) {
      const account = await accountOf(input);
      if (account.kind === 'linked') throw new Error('the gate handled a linked account');
      return options.respond(input, account.kind);
    },
  };
}
