import type { RequestHandler } from 'ask-sdk-core';
import { linkingPolicy } from 'alexa-skill-workers/ask-sdk';
import { AvailabilityHandler } from './handlers/availability.ts';
import { CancelAndStopHandler } from './handlers/cancel-stop.ts';
import { FallbackHandler } from './handlers/fallback.ts';
import { HelpHandler } from './handlers/help.ts';
import { LaunchHandler } from './handlers/launch.ts';
import { NavigateHomeHandler } from './handlers/navigate-home.ts';
import { NoHandler } from './handlers/no.ts';
import { OrderCarHandler } from './handlers/order-car.ts';
import { PinConfirmedHandler } from './handlers/pin-confirmed.ts';
import { SessionEndedHandler } from './handlers/session-ended.ts';
import { YesHandler } from './handlers/yes.ts';
import { PIN_TOKEN } from './pin-confirmation.ts';

/**
 * The confidence level at which Alexa recognized the speaker's voice (Amazon, "Add PIN Confirmation
 * to Alexa Skills": 300 for a recognized voice, 400 after the profile PIN).
 */
const RECOGNIZED_VOICE = 300;

/**
 * The skill's declared policy: which intents need a linked account, and which handlers answer.
 * Adding an intent means a model entry, a handler file, a line in each list here, and its strings.
 *
 * Intents listed in `linkedIntents` reach their handler only with a linked account: the kit's
 * linking gate (`src/skill/skill.ts`) answers everyone else. `AMAZON.YesIntent` confirms a ride
 * order, so it needs the account too. Every other intent is public and must not look at the token.
 *
 * `minConfidence`: the Yes that orders a ride on a recognized speaker's own account (their own
 * card) needs at least a recognized voice (300); below that, the gate asks Alexa for the speaker's
 * profile PIN (`pin-confirmation.ts`). Only the Yes: that is where money is spent, and where
 * Amazon's own ride-hailing example asks for the PIN ("Ready to book it?" "Yes." "What's your
 * profile PIN?"); OrderCar only reads back the speaker's own saved place and card label, and a PIN
 * there too would be asked twice. Not 400 (a PIN for every ride): a speaker without a profile PIN
 * could then never use their own account, and the shared account link, which needs no voice at
 * all, already lets anyone in the household order. Account-level (shared) tokens carry no level
 * and are not held to it. See README, "Recognized speakers".
 * The list is repeated in package.json ("alexa-skill-workers".policy) for the command line's check and
 * certify; test/skill/policy.test.ts holds the two equal.
 *
 * `resumptions`: the `SessionResumedRequest` that ends the PIN confirmation continues that Yes, so
 * the gate checks it as the Yes (a token that is missing or no longer validates gets the
 * LinkAccount card) before the PIN's outcome orders anything.
 */
export const LINKING_POLICY = linkingPolicy({
  linkedIntents: ['OrderCar', 'AMAZON.YesIntent'],
  minConfidence: { 'AMAZON.YesIntent': RECOGNIZED_VOICE },
  resumptions: { [PIN_TOKEN]: 'AMAZON.YesIntent' },
});

/** The skill's handlers, in the order ask-sdk asks them (the first that can handle a request does). */
export const HANDLERS: readonly RequestHandler[] = [
  LaunchHandler,
  OrderCarHandler,
  YesHandler,
  PinConfirmedHandler,
  NoHandler,
  AvailabilityHandler,
  HelpHandler,
  CancelAndStopHandler,
  NavigateHomeHandler,
  SessionEndedHandler,
  // Last: AMAZON.FallbackIntent only.
  FallbackHandler,
];
