import type { HandlerInput } from 'ask-sdk-core';
import { sendProgressiveResponse } from 'alexa-skill-workers/ask-sdk';
import { errorCode } from 'alexa-skill-workers/errors';
import { contextOf, t } from './services.ts';

/** Request attribute: this request has said "one moment" already. */
const SAID = Symbol('oneMoment');

/**
 * Says `oneMoment` ("One moment, I'm checking your account.") as a progressive response while the
 * request waits for Ride Hailer's service: called by the linking gate when the account is in no
 * cache (`onProviderCall`), and before a ride is ordered. At most once per request, never awaited:
 * the call runs alongside the work (the kit keeps it alive with `waitUntil`), so a slow or failing
 * Alexa never delays or changes the answer. Nothing here throws: a wiring bug is logged as
 * `progressive_response_failed` with the error's code and name.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/send-the-user-a-progressive-response.html
 */
export function sayOneMoment(input: HandlerInput): void {
  const attributes = input.attributesManager.getRequestAttributes() as Record<string | symbol, unknown>;
  if (attributes[SAID] === true) return;
  input.attributesManager.setRequestAttributes({ ...attributes, [SAID]: true });
  const failed = (error: unknown) =>
    contextOf(input).log.error('progressive_response_failed', { code: errorCode(error), name: error instanceof Error ? error.name : typeof error });
  try {
    sendProgressiveResponse(input, t(input).oneMoment).catch(failed);
  } catch (error) {
    failed(error);
  }
}
