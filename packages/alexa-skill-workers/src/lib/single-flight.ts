/**
 * At most one piece of work per key at a time: callers that arrive while it runs share its
 * promise, and once it settles the key is free again (a single flight, not a cache: a failure is
 * not remembered).
 *
 * On Workers, a promise whose I/O belongs to another request settles only while that request
 * lives: if it is canceled first (its client went away), a waiter can hang until the runtime
 * kills it ("The script will never generate a response"). A caller that passes its own
 * `signal` stops waiting when that aborts, whoever started the work; the flight is then
 * forgotten too, so the next caller starts afresh instead of joining work that may never settle.
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
      const started: Promise<V> = work().finally(() => this.#forget(key, started));
      pending = started;
      this.#inflight.set(key, pending);
    }
    const flight = pending;
    return signal ? untilAborted(flight, signal, () => this.#forget(key, flight)) : flight;
  }

  #forget(key: K, flight: Promise<V>): void {
    if (this.#inflight.get(key) === flight) this.#inflight.delete(key);
  }
}

/**
 * Settles like `promise`, or rejects with `signal.reason` as soon as `signal` aborts (then calls
 * `onAbort`). For a caller that waits on work it may not own (see {@link SingleFlight}).
 * @throws whatever `promise` throws, or `signal.reason`
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbort?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort?.();
      reject(signal.reason as Error);
    };
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    // Always listened to, so a flight nobody waits for any more never rejects unhandled.
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
