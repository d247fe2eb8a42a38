import type { HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { verifyPersonDirective } from 'alexa-skill-workers/ask-sdk';
import { pendingOrder } from './attributes.ts';
import { quotedToSpeaker, requote } from './quoting.ts';

/** The `token` of Ride Hailer's PIN confirmation, so its `SessionResumedRequest` is told apart from others. */
export const PIN_TOKEN = 'ride-hailer.pin-for-order';

/**
 * The linking gate's answer when a recognized speaker's own account is used with a confidence level
 * below the policy's minimum (`policy.ts`): Amazon's way to raise it is to ask for the speaker's
 * profile PIN, which Alexa does itself ("Ok, <name>. What's your profile PIN?") before resuming the
 * session with the outcome (handlers/pin-confirmed.ts). No speech of ours: Alexa asks. A ride
 * quoted to someone else is quoted again for this speaker first, without a PIN: quoting spends
 * nothing, and the PIN is asked when they confirm their own.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/pin-confirmation-for-alexa-skills.html
 */
export async function pinConfirmationResponse(input: HandlerInput): Promise<Response> {
  const pending = pendingOrder(input);
  if (pending && !(await quotedToSpeaker(input, pending))) return requote(input, pending);
  return input.responseBuilder.addDirective(verifyPersonDirective(PIN_TOKEN)).getResponse();
}
