import { afterEach, describe, expect, it, vi } from 'vitest';
import { accountHolderOf, isSameHolder } from '../../src/ask-sdk.ts';
import type { AccountStatus } from '../../src/linking/account-service.ts';
import { linkedToken } from '../../src/linking/linked-token.ts';
import { USER_ID } from '../../src/testing.ts';
import { handlerInputWith } from '../support/handler-input.ts';
import { NOW } from '../support/harness.ts';

/** A request whose account `accounts.resolve` answers. */
function inputFor(account: AccountStatus, envelope: { userId?: string; accessToken: string }) {
  return handlerInputWith({ resolve: () => Promise.resolve(account) }, envelope);
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
