import { getIntentName, getRequestType, type HandlerInput, type RequestHandler } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { requiresLinking } from '../policy';
import { accountOf, t } from '../services';

/**
 * Stands in front of every intent `policy.ts` marks as needing a linked account. No token or an
 * invalid one: why linking helps, a LinkAccount card, the session ends. Provider unreachable: a
 * spoken "can't reach Ride Hailer", no card. A linked user passes to the intent's own handler.
 */
export const LinkAccountGateHandler: RequestHandler = {
  async canHandle(input) {
    const envelope = input.requestEnvelope;
    if (getRequestType(envelope) !== 'IntentRequest' || !requiresLinking(getIntentName(envelope))) return false;
    return (await accountOf(input)).kind !== 'linked';
  },
  async handle(input) {
    const account = await accountOf(input);
    if (account.kind === 'linked') throw new Error('the gate handled a linked account');
    return linkingProblemResponse(input, account.kind);
  },
};

/**
 * What the user hears when their account cannot serve the request; used by the gate and by
 * handlers that learn it later (a rides API that refuses the token). Not linked or no longer
 * valid: why linking helps, a LinkAccount card. Unreachable: an apology, no card. The session ends.
 */
export function linkingProblemResponse(input: HandlerInput, problem: 'unlinked' | 'invalid' | 'unavailable'): Response {
  const s = t(input).linking;
  const builder = input.responseBuilder.withShouldEndSession(true);
  if (problem === 'unavailable') return builder.speak(s.unavailable).getResponse();
  return builder
    .speak(problem === 'invalid' ? s.invalid : s.required)
    .withLinkAccountCard()
    .getResponse();
}
