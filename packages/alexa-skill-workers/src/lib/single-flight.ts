import { DeadlineError } from '../core/errors.ts';

/** How long one caller waits for a flight, whoever started it. */
export interface Wait {
  /** Give up after this many milliseconds with a {@link DeadlineError}. */
  readonly deadlineMs: number;
  /** Names the work in the {@link DeadlineError} (`token validation`). */
  readonly what: string;
}

/**
 * At most one piece of work per key at a time: callers that arrive while it runs share its
 * promise, and once it settles the key is free again (a single flight, not a cache: a failure is
 * not remembered).
 *
 * On Workers, a promise whose I/O belongs to another request settles only while that request
 * lives: if it is canceled first (its client went away), a waiter can hang until the runtime
 * kills it ("The script will never generate a response"). So every caller says how long it waits
 * ({@link Wait}); when that passes it alone gets a {@link DeadlineError}, whoever started the work,
 * and the flight is forgotten, so the next caller starts afresh instead of joining work that may
 * never settle.
 */
export class SingleFlight<K, V> {
  readonly #inflight = new Map<K, Promise<V>>();

  /**
   * The promise of `work()` for `key`, started now unless one is already running.
   * @throws whatever `work` throws, to every caller; a {@link DeadlineError} (or `wait.signal`'s
   *   reason) to this caller alone.
   */
  run(key: K, work: () => Promise<V>, wait: Wait | { readonly signal: AbortSignal }): Promise<V> {
    let pending = this.#inflight.get(key);
    if (!pending) {
      const started: Promise<V> = work().finally(() => this.#forget(key, started));
      pending = started;
      this.#inflight.set(key, pending);
    }
    const flight = pending;
    const forget = () => this.#forget(key, flight);
    return 'signal' in wait ? untilAborted(flight, wait.signal, forget) : withDeadline(flight, wait, forget);
  }

  #forget(key: K, flight: Promise<V>): void {
    if (this.#inflight.get(key) === flight) this.#inflight.delete(key);
  }
}

/**
 * Settles like `promise`, or rejects with a {@link DeadlineError} once `wait.deadlineMs` passed
 * (then calls `onExpiry`). For a caller that waits on work it may not own.
 * @throws whatever `promise` throws, or {@link DeadlineError}
 */
export function withDeadline<T>(promise: Promise<T>, wait: Wait, onExpiry?: () => void): Promise<T> {
  const signal = AbortSignal.timeout(wait.deadlineMs);
  return untilAborted(promise, signal, onExpiry).catch((error: unknown) => {
    throw error === signal.reason ? new DeadlineError(wait.what, wait.deadlineMs) : error;
  });
}

/**
 * Settles like `promise`, or rejects with `signal.reason` as soon as `signal` aborts (then calls
 * `onAbort`).
 * @throws whatever `promise` throws, or `signal.reason`
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbort?: () => void): Promise<T> {
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
