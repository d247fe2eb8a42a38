import type { HandlerInput } from 'ask-sdk-core';
import { describe, expect, it } from 'vitest';
import { linkingGate, linkingPolicy, type SkillContext } from '../../src/ask-sdk.ts';
import type { AccountService, ResolveContext } from '../../src/linking/account-service.ts';
import { intentRequest, recordingLogger } from '../../src/testing.ts';
import { NOW } from '../support/harness.ts';

/** A HandlerInput with ask-sdk's request attributes semantics (get returns the object, set replaces it). */
function inputWith(accounts: Pick<AccountService, 'resolve'>): HandlerInput {
  let attributes: Record<string | symbol, unknown> = {};
  const context: Partial<SkillContext> = { now: NOW, log: recordingLogger(), accounts: accounts as AccountService };
  return {
    requestEnvelope: intentRequest('A', {}, { timestamp: NOW, accessToken: 'a-token' }),
    context,
    attributesManager: {
      getRequestAttributes: () => attributes,
      setRequestAttributes: (next: Record<string | symbol, unknown>) => {
        attributes = next;
      },
    },
  } as unknown as HandlerInput;
}

describe('the account lookup behind the gate', () => {
  it('keeps the request attributes onProviderCall set while the provider was asked', async () => {
    const accounts = {
      resolve: (_owner: unknown, _token: unknown, ctx: ResolveContext) => {
        ctx.onProviderCall?.();
        return Promise.resolve({ kind: 'invalid' as const });
      },
    };
    const input = inputWith(accounts);
    const gate = linkingGate({
      policy: linkingPolicy({ linkedIntents: ['A'] }),
      respond: () => ({}),
      onProviderCall: (i) => i.attributesManager.setRequestAttributes({ ...i.attributesManager.getRequestAttributes(), said: true }),
    });
    expect(await gate.canHandle(input)).toBe(true);
    expect(input.attributesManager.getRequestAttributes()).toMatchObject({ said: true });
  });
});
