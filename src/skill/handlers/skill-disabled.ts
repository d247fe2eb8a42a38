import { getRequestType, type RequestHandler } from 'ask-sdk-core';
import { credentialsOf, servicesOf } from '../services.ts';

/**
 * `AlexaSkillEvent.SkillDisabled`: removes the user's cached tokens and profiles (by the hashed
 * user-ID prefix) and, when Alexa says the user's data is `NOT_PERSISTED` (the user ID will not
 * come back), their persistent attributes.
 */
export const SkillDisabledHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'AlexaSkillEvent.SkillDisabled',
  async handle(input) {
    const { accounts, log } = servicesOf(input);
    const removed = await accounts.forgetUser(credentialsOf(input.requestEnvelope).userId);
    const request = input.requestEnvelope.request as { body?: { userInformationPersistenceStatus?: string } };
    const persistence = request.body?.userInformationPersistenceStatus;
    if (persistence === 'NOT_PERSISTED') await input.attributesManager.deletePersistentAttributes?.();
    log.info('skill_event', { type: 'AlexaSkillEvent.SkillDisabled', removedTokens: removed, persistence });
    return input.responseBuilder.getResponse();
  },
};
