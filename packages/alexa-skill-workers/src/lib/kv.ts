import { errorName } from '../core/errors.ts';
import type { KvKey } from './kv-keys.ts';
import type { WaitUntil } from '../core/context.ts';
import type { Logger } from '../core/log.ts';
import { parseJsonOrUndefined } from './json.ts';
import { withTimeout } from './timeout.ts';

/** KV's smallest accepted `expirationTtl`, in seconds; shorter-lived entries stay in memory only. */
export const KV_MIN_TTL_SECONDS = 60;
/** A KV read slower than this counts as a miss; the caller goes on without the cache. */
export const KV_READ_TIMEOUT_MS = 500;
/** A KV write is abandoned after this, so a stuck write never holds `waitUntil` open. */
export const KV_WRITE_TIMEOUT_MS = 5000;

/**
 * Reads a cache entry, treating a failure or a slow answer as a miss (logged as `<event>_read_failed`).
 * KV is a cache here, never a dependency: a KV outage costs speed, not correctness.
 */
export async function cacheGet(kv: KVNamespace, key: KvKey, log: Logger, event: string): Promise<string | null> {
  try {
    return await kvRead(kv, key);
  } catch (error) {
    log.warn(`${event}_read_failed`, { reason: errorName(error) });
    return null;
  }
}

/**
 * Reads an entry as text, `null` when there is none; a failure or an answer slower than
 * {@link KV_READ_TIMEOUT_MS} throws, for callers that must tell "no entry" from "could not read".
 * @throws the KV error, or `TimeoutError`
 */
export function kvRead(kv: KVNamespace, key: KvKey): Promise<string | null> {
  return withTimeout(kv.get(key, 'text'), KV_READ_TIMEOUT_MS);
}

/** How a write is made and reported: a failure is logged as `<event>_write_failed` and otherwise ignored. */
export interface KvWriteOptions {
  /** KV's `expirationTtl`, in seconds (at least {@link KV_MIN_TTL_SECONDS}); none keeps the entry. */
  readonly expirationTtl?: number;
  readonly log: Logger;
  readonly event: string;
}

/**
 * Writes an entry while the caller waits (the answer depends on it being stored), giving up after
 * `timeoutMs`; a failure is logged as `<event>_write_failed` and otherwise ignored.
 */
export async function kvWriteNow(
  kv: KVNamespace,
  key: KvKey,
  value: string,
  options: KvWriteOptions & { readonly timeoutMs: number },
): Promise<void> {
  try {
    await withTimeout(kv.put(key, value, putOptions(options)), options.timeoutMs);
  } catch (error) {
    options.log.warn(`${options.event}_write_failed`, { reason: errorName(error) });
  }
}

/** Like {@link cacheGet}, parsed as JSON; an entry that is not JSON is a miss too (`undefined`). */
export async function cacheGetJson(kv: KVNamespace, key: KvKey, log: Logger, event: string): Promise<unknown> {
  const text = await cacheGet(kv, key, log, event);
  return text === null ? undefined : parseJsonOrUndefined(text);
}

/**
 * Writes a cache entry in the background (`waitUntil`, or detached when there is none), with a
 * timeout; a failure is logged as `<event>_write_failed` and otherwise ignored.
 */
export function cachePut(
  kv: KVNamespace,
  key: KvKey,
  value: string,
  options: KvWriteOptions & { readonly expirationTtl: number; readonly waitUntil?: WaitUntil | undefined },
): void {
  const write = withTimeout(kv.put(key, value, putOptions(options)), KV_WRITE_TIMEOUT_MS).catch((error: unknown) =>
    options.log.warn(`${options.event}_write_failed`, { reason: errorName(error) }),
  );
  if (options.waitUntil) options.waitUntil(write);
}

function putOptions({ expirationTtl }: KvWriteOptions): KVNamespacePutOptions | undefined {
  return expirationTtl === undefined ? undefined : { expirationTtl };
}

/**
 * No KV namespace: nothing is found, writes and deletes go nowhere, a listing is empty. For an
 * object of the kit given no `kv`: what it would share between isolates stays in isolate memory.
 */
export const NO_KV = {
  get: () => Promise.resolve(null),
  put: () => Promise.resolve(),
  delete: () => Promise.resolve(),
  list: () => Promise.resolve({ keys: [], list_complete: true, cacheStatus: null }),
} as unknown as KVNamespace;
