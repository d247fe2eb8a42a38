import { env } from 'cloudflare:workers';
import type { FixtureEnv } from '../fixture/worker.ts';

/** The test's KV namespace (simulated by workerd, emptied before each test). */
export const testKv: KVNamespace = (env as unknown as FixtureEnv).CACHE;

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
export function probeKv(kv: KVNamespace = testKv): KvProbe {
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
