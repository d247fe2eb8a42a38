import type { HandlerInput } from 'ask-sdk-core';
import type { AccountLinking } from '../linking/account-linking';
import type { Logger } from '../lib/log';
import { stringsFor, type Strings } from './i18n';

/**
 * Per-request services handed to the skill through `skill.invoke(envelope, services)`; ask-sdk
 * exposes them as `handlerInput.context`. The skill itself is built once per isolate.
 */
export interface SkillServices {
  readonly log: Logger;
  readonly accounts: AccountLinking;
}

/** The services of the request being handled. */
export function servicesOf(input: HandlerInput): SkillServices {
  return input.context as SkillServices;
}

/** The strings for the request's locale. */
export function t(input: HandlerInput): Strings {
  return stringsFor(input.requestEnvelope.request.locale);
}
