import type { HandlerInput } from 'ask-sdk-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { accountHolderOf, isSameHolder, type SkillContext } from '../../src/ask-sdk.ts';
import type { AccountService, AccountStatus } from '../../src/linking/account-service.ts';
import { linkedToken } from '../../src/linking/linked-token.ts';
import { intentRequest, recordingLogger, USER_ID } from '../../src/testing.ts';
import { NOW } from '../support/harness.ts';

/** A request whose account `accounts.resolve` answers; its own request attributes, as ask-sdk keeps them. */
function inputFor(account: AccountStatus, options: { userId?: string; accessToken: string }): HandlerInput {
  let attributes: Record<string | symbol, unknown> = {};
  const accounts = { resolve: () => Promise.resolve(account) } as unknown as AccountService;
  const context: Partial<SkillContext> = { now: NOW, log: recordingLogger(), accounts };
  return {
    requestEnvelope: intentRequest('A', {}, { timestamp: NOW, ...options }),
    context,
    attributesManager: {
      getRequestAttributes: () => attributes,
      setRequestAttributes: (next: Record<string | symbol, unknown>) => {
        attributes = next;
      },
    },
  } as unknown as HandlerInput;
}

/** One account object, as the token cache returns the same object to every warm request of a token. */
const shared = { subject: undefined, profile: {}, expiresAt: NOW.getTime() + 60_000 };
const linked = (token: string): AccountStatus => ({ kind: 'linked', account: shared, credential: linkedToken(USER_ID, token) });

describe('accountHolderOf', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('hashes a warm account once: the next request with the same owner and token gets the same holder with no digest', async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const first = await accountHolderOf(inputFor(linked('token-1'), { accessToken: 'token-1' }));
    expect(digest).toHaveBeenCalledTimes(1);
    const again = await accountHolderOf(inputFor(linked('token-1'), { accessToken: 'token-1' }));
    expect(digest).toHaveBeenCalledTimes(1);
    expect(again).toEqual(first);
    expect(Object.isFrozen(again)).toBe(true);
  });

  it('gives another owner or token another holder even when the account object is the same', async () => {
    const ana = await accountHolderOf(inputFor(linked('token-2'), { accessToken: 'token-2' }));
    const otherToken = await accountHolderOf(inputFor(linked('token-3'), { accessToken: 'token-3' }));
    const otherUser = await accountHolderOf(inputFor(linked('token-2'), { accessToken: 'token-2', userId: `${USER_ID}-other` }));
    expect(isSameHolder(ana, otherToken)).toBe(false);
    expect(isSameHolder(ana, otherUser)).toBe(false);
    expect(isSameHolder(otherToken, otherUser)).toBe(false);
    // And the first again: still its own.
    expect(isSameHolder(ana, await accountHolderOf(inputFor(linked('token-2'), { accessToken: 'token-2' })))).toBe(true);
  });
});
