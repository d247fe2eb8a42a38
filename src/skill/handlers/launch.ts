import { getRequestType, type RequestHandler } from 'ask-sdk-core';
import { credentialsOf } from 'alexa-skill-workers/ask-sdk';
import { contextOf, t } from '../services.ts';

/**
 * LaunchRequest: welcome, and what the user can ask. A linked user whose token is already cached
 * is greeted by name: a recognized speaker with their own link by their own profile's name (the
 * token and cache entry are theirs), everyone else by the shared account's. Launch never calls the
 * provider, so it stays fast and cannot fail because the provider is slow or down (the first ride
 * request validates the token).
 */
export const LaunchHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'LaunchRequest',
  async handle(input) {
    const s = t(input).launch;
    const ctx = contextOf(input);
    const { owner, token } = credentialsOf(input.requestEnvelope);
    const name = (await ctx.accounts.peek(owner, token, ctx))?.profile.name;
    return input.responseBuilder
      .speak(name ? s.greeting(name) : s.speech)
      .reprompt(s.reprompt)
      .getResponse();
  },
};
