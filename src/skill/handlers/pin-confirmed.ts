import { type RequestHandler } from 'ask-sdk-core';
import { verifyPersonOutcomeOf } from 'alexa-skill-workers/ask-sdk';
import { clearSession, pendingOrder } from '../attributes.ts';
import { orderPendingRide } from '../ordering.ts';
import { PIN_TOKEN } from '../pin-confirmation.ts';
import { quotedToSpeaker, requote } from '../quoting.ts';
import { t } from '../services.ts';

/**
 * The `SessionResumedRequest` after Alexa asked a recognized speaker for their profile PIN (the
 * gate's answer to a ride order below the policy's confidence level). The linking gate checks it
 * as the Yes it resumes (`policy.ts`, `resumptions`), so its token was resolved and validated
 * before this runs. The right PIN (`ACHIEVED`) orders the pending ride with the speaker's own
 * account when it was quoted to them, and quotes it again for them when it was quoted to someone
 * else; a wrong PIN, no PIN set up, or a failed connection orders nothing and says why, and the
 * session ends.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/pin-confirmation-for-alexa-skills.html
 */
export const PinConfirmedHandler: RequestHandler = {
  canHandle: (input) => verifyPersonOutcomeOf(input, PIN_TOKEN) !== undefined,
  async handle(input) {
    const outcome = verifyPersonOutcomeOf(input, PIN_TOKEN);
    const pending = pendingOrder(input);
    const s = t(input);
    if (outcome === 'ACHIEVED' && pending) {
      return (await quotedToSpeaker(input, pending)) ? orderPendingRide(input, pending) : requote(input, pending);
    }
    clearSession(input);
    const speech = outcome === 'ACHIEVED' ? s.order.nothingPending
      : outcome === 'NOT_ACHIEVED' ? s.pin.notAchieved
      : outcome === 'NOT_ENABLED' ? s.pin.notEnabled
      : s.pin.failed;
    return input.responseBuilder.speak(speech).withShouldEndSession(true).getResponse();
  },
};
