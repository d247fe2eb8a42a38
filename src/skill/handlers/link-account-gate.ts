import { getIntentName, getRequestType, type RequestHandler } from 'ask-sdk-core';
import { requiresLinking } from '../policy.ts';
import { linkingProblemResponse } from '../responses.ts';
import { accountOf } from '../services.ts';

/**
 * Stands in front of every intent `policy.ts` marks as needing a linked account. No token or an
 * invalid one: why linking helps, a LinkAccount card, the session ends. Provider unreachable: a
 * spoken "can't reach Ride Hailer", no card. A linked user passes to the intent's own handler.
 */
export const LinkAccountGateHandler: RequestHandler = {
  async canHandle(input) {
    const envelope = input.requestEnvelope;
    if (getRequestType(envelope) !== 'IntentRequest' || !requiresLinking(getIntentName(envelope))) return false;
    return (await accountOf(input)).kind !== 'linked';
  },
  async handle(input) {
    const account = await accountOf(input);
    if (account.kind === 'linked') throw new Error('the gate handled a linked account');
    return linkingProblemResponse(input, account.kind);
  },
};
