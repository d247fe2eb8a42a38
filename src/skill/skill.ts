import { SkillBuilders, type PersistenceAdapter, type Skill } from 'ask-sdk-core';
import { AccountLinkedHandler } from './handlers/account-linked';
import { AvailabilityHandler } from './handlers/availability';
import { CancelAndStopHandler } from './handlers/cancel-stop';
import { SkillErrorHandler } from './handlers/error';
import { FallbackHandler } from './handlers/fallback';
import { HelpHandler } from './handlers/help';
import { LaunchHandler } from './handlers/launch';
import { LinkAccountGateHandler } from './handlers/link-account-gate';
import { NavigateHomeHandler } from './handlers/navigate-home';
import { NoHandler } from './handlers/no';
import { OrderCarHandler } from './handlers/order-car';
import { SessionEndedHandler } from './handlers/session-ended';
import { SkillDisabledHandler } from './handlers/skill-disabled';
import { SkillEventHandler } from './handlers/skill-events';
import { YesHandler } from './handlers/yes';

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
