import type { HandlerInput } from 'ask-sdk-core';
import type { Directive } from 'ask-sdk-model';
import { connectionResultOf } from './connections.ts';

/**
 * Amazon's PIN confirmation ("Add PIN Confirmation to Alexa Skills"): a skill that needs more
 * certainty about who is speaking than voice recognition gives hands the conversation to Alexa,
 * which asks for the speaker's profile PIN and resumes the skill with the outcome. The only level
 * it grants is 400, under the `VOICE_PIN` policy; it needs a recognized speaker whose account is
 * linked to their own profile (not a shared account).
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/pin-confirmation-for-alexa-skills.html
 */
const VERIFY_PERSON_URI = 'connection://AMAZON.VerifyPerson/2';
const PIN_CONFIDENCE_LEVEL = 400;

/**
 * The `Connections.StartConnection` directive that asks Alexa for the speaker's profile PIN.
 * `token` comes back in the `SessionResumedRequest` (`cause.token`): name what to resume with it.
 */
export function verifyPersonDirective(token: string): Directive {
  return {
    type: 'Connections.StartConnection',
    uri: VERIFY_PERSON_URI,
    input: { requestedAuthenticationConfidenceLevel: { level: PIN_CONFIDENCE_LEVEL, customPolicy: { policyName: 'VOICE_PIN' } } },
    token,
    onCompletion: 'RESUME_SESSION',
  };
}

/**
 * How a PIN confirmation ended, read from the `SessionResumedRequest` that follows it:
 * `ACHIEVED` (the right PIN), `NOT_ACHIEVED` (wrong PIN), `NOT_ENABLED` (the speaker has no
 * profile PIN for skills), or `FAILED` (the connection's own status was not 200).
 */
export type VerifyPersonOutcome = 'ACHIEVED' | 'NOT_ACHIEVED' | 'NOT_ENABLED' | 'FAILED';

/**
 * The outcome of the PIN confirmation this request resumes, or `undefined` when the request is
 * not a `SessionResumedRequest` carrying `token`. An unknown result status counts as `FAILED`.
 */
export function verifyPersonOutcomeOf(input: HandlerInput, token: string): VerifyPersonOutcome | undefined {
  const result = connectionResultOf(input.requestEnvelope);
  if (result?.token !== token) return undefined;
  if (!result.completed) return 'FAILED';
  const { status } = result;
  return status === 'ACHIEVED' || status === 'NOT_ACHIEVED' || status === 'NOT_ENABLED' ? status : 'FAILED';
}
