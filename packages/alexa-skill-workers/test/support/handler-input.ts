import type { HandlerInput } from 'ask-sdk-core';
import type { SkillContext } from '../../src/ask-sdk.ts';
import type { AccountService } from '../../src/linking/account-service.ts';
import { intentRequest, recordingLogger } from '../../src/testing.ts';
import { NOW } from './harness.ts';

/**
 * A HandlerInput for intent `A` whose skill context resolves accounts with `accounts`, with
 * ask-sdk's request-attributes semantics (get returns the object, set replaces it).
 */
export function handlerInputWith(
  accounts: Pick<AccountService, 'resolve'>,
  envelope: { readonly accessToken: string; readonly userId?: string } = { accessToken: 'a-token' },
): HandlerInput {
  let attributes: Record<string | symbol, unknown> = {};
  const context: Partial<SkillContext> = { now: NOW, log: recordingLogger(), accounts: accounts as AccountService };
  return {
    requestEnvelope: intentRequest('A', {}, { timestamp: NOW, ...envelope }),
    context,
    attributesManager: {
      getRequestAttributes: () => attributes,
      setRequestAttributes: (next: Record<string | symbol, unknown>) => {
        attributes = next;
      },
    },
  } as unknown as HandlerInput;
}
