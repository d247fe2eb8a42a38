import type { HandlerInput } from 'ask-sdk-core';
import type { RequestContext } from '../core/context.ts';
import type { AccountService, AccountStatus } from '../linking/account-service.ts';
import type { AlexaApiClient } from '../alexa-apis/client.ts';
import type { ReplayGuard } from './replay-guard.ts';
import { credentialsOf } from './speaker.ts';
import { UsageError } from '../core/errors.ts';

/**
 * What a skill built from the kit hands ask-sdk per request, as `skill.invoke(envelope, context)`;
 * handlers read it back with {@link skillContextOf} (ask-sdk's `handlerInput.context`). It is the
 * request's {@link RequestContext} (clock, logger, `waitUntil`) plus the isolate's account service,
 * replay guard and Alexa API client. A skill extends it with its own services.
 */
export interface SkillContext<P = unknown> extends RequestContext {
  readonly accounts: AccountService<P>;
  /** Remembers answered side-effecting requests; needed only by handlers that use `answerOnce`. */
  readonly replays?: ReplayGuard;
  /** Calls Alexa's service APIs; needed only by the helpers that do (`sendProgressiveResponse`, `givenNameOf`, `timeZoneOf`). */
  readonly alexaApi?: AlexaApiClient;
}

/** The request's {@link SkillContext} (or the skill's extension of it). */
export function skillContextOf<C extends RequestContext = SkillContext>(input: HandlerInput): C {
  return input.context as C;
}

const ACCOUNT = Symbol('account');

/**
 * The account behind the request's token, resolved once per request (the gate and the handler
 * share it): `unlinked`, `linked` with the profile, `invalid` or `unavailable`. The token is the
 * recognized speaker's own when they linked one, else the Alexa account's ({@link credentialsOf}
 * says which, and who the speaker is).
 */
export function accountOf<P>(input: HandlerInput): Promise<AccountStatus<P>> {
  return resolveAccount(input, undefined);
}

/**
 * {@link accountOf}, telling `onProviderCall` when the lookup must wait for the provider (see
 * `ResolveContext`); a request whose account is already resolved calls nothing.
 */
export async function resolveAccount<P>(input: HandlerInput, onProviderCall: ((input: HandlerInput) => void) | undefined): Promise<AccountStatus<P>> {
  const attributes = input.attributesManager.getRequestAttributes() as Record<string | symbol, unknown>;
  const known = attributes[ACCOUNT] as AccountStatus<P> | undefined;
  if (known) return known;
  const ctx = skillContextOf<SkillContext<P>>(input);
  const { owner, token } = credentialsOf(input.requestEnvelope);
  const account = await ctx.accounts.resolve(owner, token, onProviderCall ? { ...ctx, onProviderCall: () => onProviderCall(input) } : ctx);
  // Read again: what was set while the account was resolved (by onProviderCall, say) stays.
  input.attributesManager.setRequestAttributes({ ...input.attributesManager.getRequestAttributes(), [ACCOUNT]: account });
  return account;
}

/**
 * The profile of a request that passed the linking gate.
 * @throws {UsageError} `API_MISUSE` when the request has no linked account (a handler reached without the gate).
 */
export async function linkedProfileOf<P>(input: HandlerInput): Promise<P> {
  const account = await accountOf<P>(input);
  if (account.kind !== 'linked') throw new UsageError('a handler behind the linking gate was reached without a linked account');
  return account.account.profile;
}
