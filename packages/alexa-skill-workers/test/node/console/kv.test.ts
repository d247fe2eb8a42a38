import { describe, expect, it } from 'vitest';
import { readUserKv, userKeys } from '../../../src/cli/console/kv.ts';
import { attributesKey, tokenKeys } from '../../../src/lib/kv-keys.ts';
import type { SimulatorState } from '../../../src/cli/simulate/state.ts';

const TOKEN = 'at-kv-panel-5c1e9b';
const state: SimulatorState = { userId: 'amzn1.ask.account.KV', deviceId: 'amzn1.ask.device.KV', session: undefined, tokens: { accessToken: TOKEN, refreshToken: undefined, expiresAt: 0 } };

describe('the console KV panel', () => {
  it('names the account token entry, its refusal, attr: and purge: by the kit\'s key scheme', async () => {
    const { keys, prefix } = await userKeys(state);
    const k = await tokenKeys(state.userId, TOKEN);
    expect(keys.map((x) => x.key)).toEqual([k.entry, k.refused, await attributesKey(state.userId), k.purge]);
    expect(k.entry.startsWith(prefix)).toBe(true);
    expect(JSON.stringify(keys)).not.toContain(TOKEN);
  });

  it('lists only this user\'s entries, with their expiration, and redacts token-like fields', async () => {
    const k = await tokenKeys(state.userId, TOKEN);
    const other = await tokenKeys('amzn1.ask.account.OTHER', 'x');
    const store: Record<string, string> = { [k.entry]: JSON.stringify({ subject: 's', accessToken: TOKEN, expiresAt: 1 }), [other.entry]: '{}' };
    const calls: string[][] = [];
    const run = (args: readonly string[]) => {
      calls.push([...args]);
      if (args[2] === 'list') return Promise.resolve(JSON.stringify([{ name: k.entry, expiration: 1796629075 }, { name: other.entry }]));
      return Promise.resolve(store[args[3]!]!);
    };
    const entries = await readUserKv(run, 'wrangler.toml', '/state/wrangler/skill', 'CACHE', state);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ key: k.entry, prefix: 'tok:', expiration: 1796629075, value: { subject: 's' } });
    expect(JSON.stringify(entries)).not.toContain(TOKEN);
    expect(calls[0]).toEqual(['kv', 'key', 'list', '--local', '--persist-to', '/state/wrangler/skill', '--binding', 'CACHE', '-c', 'wrangler.toml']);
  });
});
