import { SkillBuilders, type PersistenceAdapter, type Skill } from 'ask-sdk-core';
import { linkingEventHandlers, linkingGate, linkingPolicy, skillEventHandler } from 'alexa-skill-workers/ask-sdk';
import { AvailabilityHandler } from './handlers/availability.ts';
import { CancelAndStopHandler } from './handlers/cancel-stop.ts';
import { SkillErrorHandler } from './handlers/error.ts';
import { FallbackHandler } from './handlers/fallback.ts';
import { HelpHandler } from './handlers/help.ts';
import { LaunchHandler } from './handlers/launch.ts';
import { NavigateHomeHandler } from './handlers/navigate-home.ts';
import { NoHandler } from './handlers/no.ts';
import { OrderCarHandler } from './handlers/order-car.ts';
import { SessionEndedHandler } from './handlers/session-ended.ts';
import { YesHandler } from './handlers/yes.ts';
import { LINKING_REQUIRED_INTENTS } from './policy.ts';
import { linkingProblemResponse } from './responses.ts';

/**
 * The skill events this skill subscribes to in `skill-package/skill.json` (Amazon, "Use skill
 * events"). SkillAccountLinked warms the token cache and SkillDisabled purges it (the kit's
 * `linkingEventHandlers`); the others are acknowledged.
 */
export const SKILL_EVENTS: ReadonlySet<string> = new Set([
  'AlexaSkillEvent.SkillEnabled',
  'AlexaSkillEvent.SkillDisabled',
  'AlexaSkillEvent.SkillAccountLinked',
  'AlexaSkillEvent.SkillPermissionAccepted',
  'AlexaSkillEvent.SkillPermissionChanged',
]);

const LINKING_POLICY = linkingPolicy({ linkedIntents: LINKING_REQUIRED_INTENTS });

/**
 * Builds the Ride Hailer skill; call once per isolate. The linking gate comes first, so intents
 * that need a linked account (`policy.ts`) never reach their handlers without one. Invoke it with
 * `skill.invoke(envelope, context)` where context is the request's `RideHailerContext`.
 */
export function buildSkill(persistence: PersistenceAdapter): Skill {
  return SkillBuilders.custom()
    .addRequestHandlers(
      linkingGate({ policy: LINKING_POLICY, respond: linkingProblemResponse }),
      LaunchHandler,
      OrderCarHandler,
      YesHandler,
      NoHandler,
      AvailabilityHandler,
      HelpHandler,
      CancelAndStopHandler,
      NavigateHomeHandler,
      FallbackHandler,
      SessionEndedHandler,
      ...linkingEventHandlers,
      skillEventHandler(SKILL_EVENTS),
    )
    .addErrorHandlers(SkillErrorHandler)
    .withPersistenceAdapter(persistence)
    .withCustomUserAgent('alexa-skill-workers')
    .create();
}
