import { SkillBuilders, type PersistenceAdapter, type Skill } from 'ask-sdk-core';
import { linkingEventHandlers, linkingGate, skillEventHandler } from 'alexa-skill-workers/ask-sdk';
import { SkillErrorHandler } from './handlers/error.ts';
import { HANDLERS, LINKING_POLICY } from './policy.ts';
import { pinConfirmationResponse } from './pin-confirmation.ts';
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

/**
 * Builds the Ride Hailer skill from its policy (`policy.ts`); call once per isolate. The linking
 * gate comes first, so intents that need a linked account never reach their handlers without one. Invoke it with
 * `skill.invoke(envelope, context)` where context is the request's `RideHailerContext`.
 */
export function buildSkill(persistence: PersistenceAdapter): Skill {
  return SkillBuilders.custom()
    .addRequestHandlers(
      linkingGate({ policy: LINKING_POLICY, respond: linkingProblemResponse, lowConfidence: pinConfirmationResponse }),
      ...HANDLERS,
      ...linkingEventHandlers,
      skillEventHandler(SKILL_EVENTS),
    )
    .addErrorHandlers(SkillErrorHandler)
    .withPersistenceAdapter(persistence)
    .withCustomUserAgent('alexa-skill-workers')
    .create();
}
