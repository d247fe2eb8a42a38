import { getRequestType, type RequestHandler } from 'ask-sdk-core';
import { accountOf, servicesOf } from '../services.ts';

/**
 * `AlexaSkillEvent.SkillAccountLinked`: validates the new token and warms the cache, so the
 * user's first request after linking costs no provider call.
 */
export const AccountLinkedHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'AlexaSkillEvent.SkillAccountLinked',
  async handle(input) {
    const account = await accountOf(input);
    servicesOf(input).log.info('skill_event', { type: 'AlexaSkillEvent.SkillAccountLinked', account: account.kind });
    return input.responseBuilder.getResponse();
  },
};
