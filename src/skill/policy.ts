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
import { SessionEndedHandler } from './handlers/session-ended.ts';
import { YesHandler } from './handlers/yes.ts';

/**
 * The skill's declared policy: which intents need a linked account, and which handlers answer.
 * Adding an intent means a model entry, a handler file, a line in each list here, and its strings.
 *
 * Intents listed in `linkedIntents` reach their handler only with a linked account: the kit's
 * linking gate (`src/skill/skill.ts`) answers everyone else. `AMAZON.YesIntent` confirms a ride
 * order, so it needs the account too. Every other intent is public and must not look at the token.
 * The list is a literal on purpose: the package checks in tools/ read it from this file's text.
 */
export const LINKING_POLICY = linkingPolicy({ linkedIntents: ['OrderCar', 'AMAZON.YesIntent'] });

/** The skill's handlers, in the order ask-sdk asks them (the first that can handle a request does). */
export const HANDLERS: readonly RequestHandler[] = [
  LaunchHandler,
  OrderCarHandler,
  YesHandler,
  NoHandler,
  AvailabilityHandler,
  HelpHandler,
  CancelAndStopHandler,
  NavigateHomeHandler,
  SessionEndedHandler,
  // Last: AMAZON.FallbackIntent only.
  FallbackHandler,
];
