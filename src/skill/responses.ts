import type { HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { askForAccountLinking, type LinkingProblem, type VoiceLinkingStatus } from 'alexa-skill-workers/ask-sdk';
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

/**
 * The linking gate's answer when voice-forward linking is on (`VOICE_ACCOUNT_LINKING=true`): a user
 * with no token is handed to Amazon's linking skill (`Connections.StartConnection` to
 * `AMAZON.AskForAccountLinking`), which resumes this skill with the original intent. A token that
 * is invalid or expired, or a provider that failed, is answered as without it: Amazon's page
 * starts voice-forward linking for an account that is not linked (no access token), and says
 * nothing of relinking by voice. A resumption the gate stopped (the PIN confirmation's
 * `SessionResumedRequest`) has no intent to resume after linking: it gets the card too.
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/voice-forward-account-linking-implementation-details.html
 */
export function voiceLinkingProblemResponse(input: HandlerInput, problem: LinkingProblem): Response {
  if (problem !== 'unlinked' || input.requestEnvelope.request.type !== 'IntentRequest') return linkingProblemResponse(input, problem);
  return askForAccountLinking(input, t(input).linking.voice);
}

/**
 * After voice-forward linking that did not link (the user declined, cannot link by voice, or the
 * connection failed): Amazon's fallback, the LinkAccount card, with words for the reason.
 */
export function voiceLinkingFallbackResponse(input: HandlerInput, status: VoiceLinkingStatus): Response {
  const s = t(input).linking;
  return input.responseBuilder
    .speak(status === 'DENIED' ? s.voiceDeclined : s.voiceFailed)
    .withLinkAccountCard()
    .withShouldEndSession(true)
    .getResponse();
}
