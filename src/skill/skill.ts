import { SkillBuilders, type PersistenceAdapter, type Skill } from 'ask-sdk-core';
import { linkingEventHandlers, linkingGate, sessionGuard, skillEventHandler, voiceLinkingResumedHandler } from 'alexa-skill-workers/ask-sdk';
import { SkillErrorHandler } from './handlers/error.ts';
import { HANDLERS, LINKING_POLICY } from './policy.ts';
import { pinConfirmationResponse } from './pin-confirmation.ts';
import { sayOneMoment } from './progress.ts';
import { linkingProblemResponse, voiceLinkingFallbackResponse, voiceLinkingProblemResponse } from './responses.ts';

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

export interface SkillOptions {
  /** `VOICE_ACCOUNT_LINKING`: offer voice-forward linking instead of the card to a user with no token. */
  readonly voiceAccountLinking?: boolean;
}

/**
 * Builds the Ride Hailer skill from its policy (`policy.ts`); call once per isolate. The linking
 * gate comes first, so intents that need a linked account never reach their handlers without one;
 * while it validates an account no cache knows, the user hears "one moment" (`progress.ts`). Invoke it with
 * `skill.invoke(envelope, context)` where context is the request's `RideHailerContext`.
 * With voice-forward linking, the gate starts it for a user with no token, and the
 * `SessionResumedRequest` that ends it answers the original intent through this same skill.
 */
export function buildSkill(persistence: PersistenceAdapter, options: SkillOptions = {}): Skill {
  const voice = options.voiceAccountLinking === true;
  const skill: Skill = SkillBuilders.custom()
    .addRequestHandlers(
      linkingGate({
        policy: LINKING_POLICY,
        respond: voice ? voiceLinkingProblemResponse : linkingProblemResponse,
        lowConfidence: pinConfirmationResponse,
        onProviderCall: sayOneMoment,
      }),
      ...(voice
        ? [
            voiceLinkingResumedHandler({
              policy: LINKING_POLICY,
              rerun: (envelope, input) => skill.invoke(envelope, input.context),
              fallback: voiceLinkingFallbackResponse,
            }),
          ]
        : []),
      ...HANDLERS,
      ...linkingEventHandlers,
      skillEventHandler(SKILL_EVENTS),
    )
    .addRequestInterceptors(sessionGuard)
    .addErrorHandlers(SkillErrorHandler)
    .withPersistenceAdapter(persistence)
    .withCustomUserAgent('alexa-skill-workers')
    .create();
  return skill;
}
