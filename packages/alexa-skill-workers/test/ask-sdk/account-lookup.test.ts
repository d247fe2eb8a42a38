import { describe, expect, it } from 'vitest';
import { linkingGate, linkingPolicy } from '../../src/ask-sdk.ts';
import type { ResolveContext } from '../../src/linking/account-service.ts';
import { handlerInputWith } from '../support/handler-input.ts';

describe('the account lookup behind the gate', () => {
  it('keeps the request attributes onProviderCall set while the provider was asked', async () => {
    const accounts = {
      resolve: (_owner: unknown, _token: unknown, ctx: ResolveContext) => {
        ctx.onProviderCall?.();
        return Promise.resolve({ kind: 'invalid' as const });
      },
    };
    const input = handlerInputWith(accounts);
    const gate = linkingGate({
      policy: linkingPolicy({ linkedIntents: ['A'] }),
      respond: () => ({}),
      onProviderCall: (i) => i.attributesManager.setRequestAttributes({ ...i.attributesManager.getRequestAttributes(), said: true }),
    });
    expect(await gate.canHandle(input)).toBe(true);
    expect(input.attributesManager.getRequestAttributes()).toMatchObject({ said: true });
  });
});
