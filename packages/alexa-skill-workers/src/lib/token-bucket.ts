/**
 * A token bucket: at most `burst` takes at once, then one more every `refillMs` (so a sustained
 * `60_000 / refillMs` a minute). No clock of its own: the caller passes `now`, in milliseconds.
 */
export class TokenBucket {
  /** Saved-up time, in milliseconds: one token per `refillMs`, at most `burst` of them. */
  #credit: number;
  #at: number | undefined;

  constructor(
    readonly burst: number,
    readonly refillMs: number,
  ) {
    if (!Number.isInteger(burst) || burst < 1) throw new RangeError('burst must be a positive integer');
    if (!(refillMs > 0)) throw new RangeError('refillMs must be positive');
    this.#credit = burst * refillMs;
  }

  /** Takes one token at `now`; false, taking nothing, when none is left. A clock that steps back refills nothing. */
  take(now: number): boolean {
    if (this.#at !== undefined && now > this.#at) this.#credit = Math.min(this.burst * this.refillMs, this.#credit + (now - this.#at));
    this.#at = Math.max(this.#at ?? now, now);
    if (this.#credit < this.refillMs) return false;
    this.#credit -= this.refillMs;
    return true;
  }
}
