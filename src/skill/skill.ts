import { SkillBuilders, type PersistenceAdapter, type Skill } from 'ask-sdk-core';
import { AccountLinkedHandler } from './handlers/account-linked.ts';
import { AvailabilityHandler } from './handlers/availability.ts';
import { CancelAndStopHandler } from './handlers/cancel-stop.ts';
import { SkillErrorHandler } from './handlers/error.ts';
import { FallbackHandler } from './handlers/fallback.ts';
import { HelpHandler } from './handlers/help.ts';
import { LaunchHandler } from './handlers/launch.ts';
import { LinkAccountGateHandler } from './handlers/link-account-gate.ts';
import { NavigateHomeHandler } from './handlers/navigate-home.ts';
import { NoHandler } from './handlers/no.ts';
import { OrderCarHandler } from './handlers/order-car.ts';
import { SessionEndedHandler } from './handlers/session-ended.ts';
import { SkillDisabledHandler } from './handlers/skill-disabled.ts';
import { SkillEventHandler } from './handlers/skill-events.ts';
import { YesHandler } from './handlers/yes.ts';

/**
 * Builds the Ride Hailer skill; call once per isolate. The gate comes first, so intents that need
 * a linked account (`policy.ts`) never reach their handlers without one. Invoke it with
 * `skill.invoke(envelope, services)` where services are the request's `SkillServices`.
 */
export function buildSkill(persistence: PersistenceAdapter): Skill {
  return SkillBuilders.custom()
    .addRequestHandlers(
      LinkAccountGateHandler,
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
      AccountLinkedHandler,
      SkillDisabledHandler,
      SkillEventHandler,
    )
    .addErrorHandlers(SkillErrorHandler)
    .withPersistenceAdapter(persistence)
    .withCustomUserAgent('alexa-skill-workers')
    .create();
}
