import type { HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import type { LinkingProblem } from 'alexa-skill-workers/ask-sdk';
import { t } from './services.ts';

/**
 * What the user hears when their account cannot serve the request: the one mapping from a problem
 * kind to speech, used by the linking gate and by handlers that learn it later (a rides API that
 * refuses the token). Not linked or no longer valid: why linking helps, a LinkAccount card.
 * Unreachable: an apology, no card. The session ends.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/add-account-linking-logic-custom-skill.html
 *   (no or invalid token: tell the user and send a LinkAccount card)
 */
export function linkingProblemResponse(input: HandlerInput, problem: LinkingProblem): Response {
  const s = t(input).linking;
  const builder = input.responseBuilder.withShouldEndSession(true);
  if (problem === 'unavailable') return builder.speak(s.unavailable).getResponse();
  return builder
    .speak(problem === 'invalid' ? s.invalid : s.required)
    .withLinkAccountCard()
    .getResponse();
}
