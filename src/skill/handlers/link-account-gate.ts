import { getAccountLinkingAccessToken, getIntentName, getRequestType, type RequestHandler } from 'ask-sdk-core';
import { requiresLinking } from '../policy';
import { servicesOf, t } from '../services';

/**
 * Stands in front of every intent that `policy.ts` marks as needing a linked account. When the
 * user has no token, or the token cannot be accepted, it answers with why linking helps and a
 * LinkAccount card, and ends the session; otherwise it lets the intent's own handler run.
 */
export const LinkAccountGateHandler: RequestHandler = {
  async canHandle(input) {
    const envelope = input.requestEnvelope;
    if (getRequestType(envelope) !== 'IntentRequest' || !requiresLinking(getIntentName(envelope))) return false;
    const status = await servicesOf(input).accounts.resolve(getAccountLinkingAccessToken(envelope) || undefined);
    input.attributesManager.setRequestAttributes({ account: status });
    return status.kind === 'unlinked' || status.kind === 'unverified';
  },
  handle(input) {
    const { account } = input.attributesManager.getRequestAttributes() as { account: { kind: string } };
    const s = t(input).linking;
    return input.responseBuilder
      .speak(account.kind === 'unlinked' ? s.required : s.unverified)
      .withLinkAccountCard()
      .withShouldEndSession(true)
      .getResponse();
  },
};
