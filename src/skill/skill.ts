import { SkillBuilders, type Skill } from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { AvailabilityHandler } from './handlers/availability';
import { CancelAndStopHandler } from './handlers/cancel-stop';
import { SkillErrorHandler } from './handlers/error';
import { FallbackHandler } from './handlers/fallback';
import { HelpHandler } from './handlers/help';
import { LaunchHandler } from './handlers/launch';
import { LinkAccountGateHandler } from './handlers/link-account-gate';
import { SessionEndedHandler } from './handlers/session-ended';
import { SkillEventHandler } from './handlers/skill-events';
import type { SkillServices } from './services';

/** Builds the Ride Hailer skill. The gate comes first so linked-only intents never run unlinked. */
export function buildSkill(): Skill {
  return SkillBuilders.custom()
    .addRequestHandlers(
      LinkAccountGateHandler,
      LaunchHandler,
      AvailabilityHandler,
      HelpHandler,
      CancelAndStopHandler,
      FallbackHandler,
      SessionEndedHandler,
      SkillEventHandler,
    )
    .addErrorHandlers(SkillErrorHandler)
    .withCustomUserAgent('alexa-skill-workers')
    .create();
}

let skill: Skill | undefined;

/** Answers one verified request with the skill built once per isolate. */
export function invokeSkill(envelope: RequestEnvelope, services: SkillServices): Promise<ResponseEnvelope> {
  skill ??= buildSkill();
  return skill.invoke(envelope, services);
}
