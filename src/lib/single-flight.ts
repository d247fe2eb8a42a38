/**
 * At most one piece of work per key at a time: callers that arrive while it runs share its
 * promise, and once it settles the key is free again (a single flight, not a cache: a failure is
 * not remembered).
 *
 * On Workers, a promise whose I/O belongs to another request settles only while that request
 * lives: if it is canceled first (its client went away), a waiter can hang until the runtime
 * kills it ("The script will never generate a response"). A caller that passes its own
 * `signal` stops waiting when that aborts, whoever started the work.
 */
export class SingleFlight<K, V> {
  readonly #inflight = new Map<K, Promise<V>>();

  /**
   * The promise of `work()` for `key`, started now unless one is already running.
   * @throws whatever `work` throws, to every caller; or `signal.reason` to this caller alone.
   */
  run(key: K, work: () => Promise<V>, signal?: AbortSignal): Promise<V> {
    let pending = this.#inflight.get(key);
    if (!pending) {
      pending = work().finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, pending);
    }
    return signal ? untilAborted(pending, signal) : pending;
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    // Always listened to, so a flight nobody waits for any more never rejects unhandled.
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
