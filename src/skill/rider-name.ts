import type { HandlerInput } from 'ask-sdk-core';
import { givenNameOf } from 'alexa-skill-workers/ask-sdk';

/** What the order's confirmation can say of the rider: their first name, or that the skill should ask for it. */
export interface RiderName {
  readonly name: string | undefined;
  /** The rider has not granted the permission: answer with the `AskForPermissionsConsent` card. */
  readonly askConsent: boolean;
}

/**
 * The rider's first name, for the confirmation of a ride ("Done, Ana. Your ride…"): the recognized
 * speaker's own (Person Profile API) or the account's (Customer Profile API), read by the kit's
 * `givenNameOf`. No permission (403) asks for consent; any other failure (no token, a refused
 * endpoint, 401, 429, 5xx, a timeout, a garbage answer: logged by the kit's client) or no name set
 * just leaves the name out. Never throws an API failure: the ride's answer does not depend on it.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-customer-contact-information-for-use-in-your-skill.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-recognized-speaker-contact-information.html
 */
export async function riderNameOf(input: HandlerInput): Promise<RiderName> {
  const result = await givenNameOf(input);
  if (result.kind === 'done') return { name: result.value, askConsent: false };
  return { name: undefined, askConsent: result.code === 'ALEXA_API_FORBIDDEN' };
}
