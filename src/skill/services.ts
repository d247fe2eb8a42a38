import type { HandlerInput } from 'ask-sdk-core';
import type { SkillContext } from 'alexa-skill-workers/ask-sdk';
import { skillContextOf } from 'alexa-skill-workers/ask-sdk';
import { stringsFor, type Strings } from './i18n/index.ts';
import type { RideHailerClient, RideHailerProfile } from './ride-hailer-client.ts';

/**
 * What Ride Hailer's handlers get per request (`skill.invoke(envelope, context)`, ask-sdk's
 * `handlerInput.context`): the kit's {@link SkillContext} (clock, logger, `waitUntil`, accounts
 * with Ride Hailer profiles, the replay guard) and the Ride Hailer API client.
 */
export interface RideHailerContext extends SkillContext<RideHailerProfile> {
  readonly rides: RideHailerClient;
}

/** The request's {@link RideHailerContext}. */
export function contextOf(input: HandlerInput): RideHailerContext {
  return skillContextOf<RideHailerContext>(input);
}

/**
 * The strings for the request's locale, or for the closest one the skill has (`./i18n`), which
 * is logged once per isolate through the request's logger.
 */
export function t(input: HandlerInput): Strings {
  return stringsFor(input.requestEnvelope.request.locale, contextOf(input).log);
}
