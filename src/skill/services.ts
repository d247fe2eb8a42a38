import type { HandlerInput } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import type { AccountService, AccountStatus, RequestScope } from '../kit/linking/account-service.ts';
import type { Logger } from '../kit/lib/log.ts';
import type { ReplayGuard } from '../kit/replay/replay-guard.ts';
import { stringsFor, type Strings } from './i18n/index.ts';

/**
 * Per-request services handed to the skill through `skill.invoke(envelope, services)`; ask-sdk
 * exposes them as `handlerInput.context`. The skill itself is built once per isolate.
 */
export interface SkillServices {
  readonly log: Logger;
  readonly accounts: AccountService;
  /** Remembers answered side-effecting requests (`answerOnce`). */
  readonly replays: ReplayGuard;
  readonly scope: RequestScope;
}

/** The services of the request being handled. */
export function servicesOf(input: HandlerInput): SkillServices {
  return input.context as SkillServices;
}

/**
 * The strings for the request's locale, or for the closest one the skill has (`./i18n`), which
 * is logged once per isolate through the request's logger.
 */
export function t(input: HandlerInput): Strings {
  return stringsFor(input.requestEnvelope.request.locale, servicesOf(input).log);
}

/**
 * The Alexa user ID and account-linking token of a request. The token is read from
 * `context.System.user` (skill events have no session); an empty string counts as none.
 */
export function credentialsOf(envelope: RequestEnvelope): { userId: string; token: string | undefined } {
  const user = envelope.context.System.user;
  return { userId: user.userId, token: user.accessToken || undefined };
}

/** Resolves (once per request) the account behind the request's token. */
export async function accountOf(input: HandlerInput): Promise<AccountStatus> {
  const attributes = input.attributesManager.getRequestAttributes();
  if (attributes.account) return attributes.account as AccountStatus;
  const { accounts, scope } = servicesOf(input);
  const { userId, token } = credentialsOf(input.requestEnvelope);
  const account = await accounts.resolve(userId, token, scope);
  input.attributesManager.setRequestAttributes({ ...attributes, account });
  return account;
}
