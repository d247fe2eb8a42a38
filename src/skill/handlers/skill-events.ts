import { getRequestType, type RequestHandler } from 'ask-sdk-core';
import { servicesOf } from '../services.ts';

/** The skill events this skill subscribes to in `skill-package/skill.json`. */
export const SKILL_EVENTS: ReadonlySet<string> = new Set([
  'AlexaSkillEvent.SkillEnabled',
  'AlexaSkillEvent.SkillDisabled',
  'AlexaSkillEvent.SkillAccountLinked',
  'AlexaSkillEvent.SkillPermissionAccepted',
  'AlexaSkillEvent.SkillPermissionChanged',
]);

/**
 * The other skill events (Alexa "Use skill events"): acknowledged with an empty response.
 * SkillAccountLinked and SkillDisabled have handlers of their own, registered before this one.
 */
export const SkillEventHandler: RequestHandler = {
  canHandle: (input) => SKILL_EVENTS.has(getRequestType(input.requestEnvelope)),
  handle(input) {
    servicesOf(input).log.info('skill_event', { type: getRequestType(input.requestEnvelope) });
    return input.responseBuilder.getResponse();
  },
};
