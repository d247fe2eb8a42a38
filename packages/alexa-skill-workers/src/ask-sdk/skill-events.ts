import { getRequestType, type RequestHandler } from 'ask-sdk-core';
import { isRecord } from '../lib/json.ts';
import { accountOf, skillContextOf } from './skill-context.ts';
import { userIdOf } from './envelope.ts';

/**
 * `AlexaSkillEvent.SkillAccountLinked` (Amazon, "Use skill events"): validates the new token and
 * warms the cache, so the user's first request after linking costs no provider call.
 */
const accountLinkedHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'AlexaSkillEvent.SkillAccountLinked',
  async handle(input) {
    const account = await accountOf(input);
    skillContextOf(input).log.info('skill_event', { type: 'AlexaSkillEvent.SkillAccountLinked', account: account.kind });
    return input.responseBuilder.getResponse();
  },
};

/**
 * `AlexaSkillEvent.SkillDisabled`: removes the user's cached tokens and profiles (by the hashed
 * user-ID prefix; a validation in flight cannot store them again, see `AccountService.forgetUser`) and, when Alexa says the user's data is `NOT_PERSISTED` (the user ID will not
 * come back), their persistent attributes.
 */
const skillDisabledHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'AlexaSkillEvent.SkillDisabled',
  async handle(input) {
    const ctx = skillContextOf(input);
    const removed = await ctx.accounts.forgetUser(userIdOf(input.requestEnvelope), ctx);
    const request = input.requestEnvelope.request as { body?: unknown };
    const raw = isRecord(request.body) ? request.body.userInformationPersistenceStatus : undefined;
    const persistence = raw === 'PERSISTED' || raw === 'NOT_PERSISTED' ? raw : undefined;
    if (persistence === 'NOT_PERSISTED') await input.attributesManager.deletePersistentAttributes?.();
    ctx.log.info('skill_event', { type: 'AlexaSkillEvent.SkillDisabled', removedTokens: removed, persistence });
    return input.responseBuilder.getResponse();
  },
};

/**
 * Acknowledges the other skill events the skill subscribes to (`events`, as request types) with
 * an empty response, logging the type. Register it after the two above.
 */
export function skillEventHandler(events: Iterable<string>): RequestHandler {
  const types = new Set(events);
  return {
    canHandle: (input) => types.has(getRequestType(input.requestEnvelope)),
    handle(input) {
      skillContextOf(input).log.info('skill_event', { type: getRequestType(input.requestEnvelope) });
      return input.responseBuilder.getResponse();
    },
  };
}

/** The handlers account linking needs: the cache warmed on linking, purged on disabling. */
export const linkingEventHandlers: readonly RequestHandler[] = [accountLinkedHandler, skillDisabledHandler];
