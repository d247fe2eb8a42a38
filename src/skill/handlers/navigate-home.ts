import type { RequestHandler } from 'ask-sdk-core';
import { isIntent } from '../match.ts';
import { t } from '../services.ts';

/**
 * `AMAZON.NavigateHomeIntent` ("go home"): the user is leaving the skill for the device's home
 * screen, so answer as Stop does: goodbye, and the session ends.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/standard-built-in-intents.html
 *   (AMAZON.NavigateHomeIntent returns the user to the home screen on devices with a screen; every
 *   custom skill's model includes it, and the skill handles it as it handles Stop and Cancel)
 */
export const NavigateHomeHandler: RequestHandler = {
  canHandle: (input) => isIntent(input, 'AMAZON.NavigateHomeIntent'),
  handle: (input) => input.responseBuilder.speak(t(input).goodbye).withShouldEndSession(true).getResponse(),
};
