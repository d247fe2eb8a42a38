import { env } from 'cloudflare:workers';

export interface KvProbe {
  readonly kv: KVNamespace;
  readonly ops: string[];
  /** The options of every `put`, by key. */
  readonly putOptions: Map<string, KVNamespacePutOptions | undefined>;
  /** From now on every operation throws, or never answers, or works. */
  fail: 'throw' | 'hang' | 'none';
  count(op: 'get' | 'put' | 'delete' | 'list'): number;
}

/**
 * Wraps the test's real (simulated) KV namespace to count operations and inject failures.
 * It forwards to workerd's KV; it does not imitate it.
 */
export function probeKv(kv: KVNamespace = env.CACHE): KvProbe {
  const probe: KvProbe = {
    ops: [],
    putOptions: new Map(),
    fail: 'none',
    count: (op) => probe.ops.filter((o) => o.startsWith(`${op} `)).length,
    kv: new Proxy(kv, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || !['get', 'put', 'delete', 'list', 'getWithMetadata'].includes(String(prop))) {
          return value;
        }
        return (...args: unknown[]) => {
          probe.ops.push(`${String(prop)} ${typeof args[0] === 'string' ? args[0] : ''}`);
          if (prop === 'put') probe.putOptions.set(String(args[0]), args[2] as KVNamespacePutOptions | undefined);
          if (probe.fail === 'throw') return Promise.reject(new Error('KV unavailable (injected)'));
          if (probe.fail === 'hang') return new Promise(() => undefined);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }),
  };
  return probe;
}

const sha256Hex = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The KV keys the kit writes for Ride Hailer, written out from the kit's key scheme
 * (packages/alexa-skill-workers/docs/caching.md), so a test can look at what the skill stored.
 */
export const kvKeys = {
  /** `attr:<sha256(userId)>`: the user's persistent attributes. */
  attributes: async (userId: string) => `attr:${await sha256Hex(userId)}`,
  /** `tok:<sha256(userId)>:`: the prefix of all of the user's token entries. */
  userTokens: async (userId: string) => `tok:${await sha256Hex(userId)}:`,
  /** `tok:<sha256(userId)>[:<sha256(personId)>]:<sha256(token)>`: a validated token's account. */
  token: async (userId: string, token: string, personId?: string) =>
    `tok:${await sha256Hex(userId)}:${personId === undefined ? '' : `${await sha256Hex(personId)}:`}${await sha256Hex(token)}`,
};
