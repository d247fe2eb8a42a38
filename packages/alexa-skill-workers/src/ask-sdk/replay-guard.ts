import { DEFAULT_PROVIDER_TIMEOUT_MS } from '../linking/provider-http.ts';
import { AppError } from '../errors.ts';
import { isRecord } from '../lib/json.ts';
import { cacheGetJson, KV_READ_TIMEOUT_MS, kvWriteNow } from '../lib/kv.ts';
import { replayKey, type KvKey } from '../lib/kv-keys.ts';
import type { RequestContext } from '../context.ts';
import type { Logger } from '../lib/log.ts';
import { LruMap } from '../lib/lru.ts';
import { SingleFlight } from '../lib/single-flight.ts';
import { ATTRIBUTES_WRITE_TIMEOUT_MS } from './kv-persistence.ts';
import { TIMESTAMP_TOLERANCE_MS } from '../verification/timestamp.ts';

/**
 * How long after first sight a copy of a request can still pass verification. The timestamp check
 * (Amazon, "Host a custom skill as a web service": "Check the request timestamp") is two-sided: a
 * request stamped 150 s ahead of the clock is accepted at once and again until 150 s after its
 * stamp, so up to twice the tolerance (300 s).
 */
export const REPLAY_WINDOW_MS = 2 * TIMESTAMP_TOLERANCE_MS;
/** Added to the window for clock differences between machines and KV's expiry granularity. */
export const REPLAY_MARGIN_MS = 60_000;
/** The lifetime of a record, in memory and in KV (360 s; above KV's 60 s minimum TTL). */
export const REPLAY_RECORD_TTL_SECONDS = (REPLAY_WINDOW_MS + REPLAY_MARGIN_MS) / 1000;
/**
 * The answer waits for the KV write, so that a copy arriving after it, in another isolate of the
 * same location, finds the record; a write slower than this is abandoned (logged).
 */
const REPLAY_WRITE_TIMEOUT_MS = 1000;
/** The skill's side effect: a ride order (one provider call), then the attributes' KV read and write. */
export function sideEffectBoundMs(providerTimeoutMs: number): number {
  return providerTimeoutMs + KV_READ_TIMEOUT_MS + ATTRIBUTES_WRITE_TIMEOUT_MS;
}

/**
 * How long a copy waits for a run, possibly started by another copy, when the side effect itself
 * takes at most `actBoundMs`: the record's KV read, the act, the record's KV write, plus 1 s.
 */
export function replayWaitDeadlineMs(actBoundMs: number): number {
  return KV_READ_TIMEOUT_MS + actBoundMs + REPLAY_WRITE_TIMEOUT_MS + 1000;
}

/**
 * A copy of a request gave up waiting for the run it joined (`REPLAY_WAIT_TIMEOUT`): whether the
 * side effect happened is unknown, so nothing specific may be said about it.
 */
export class ReplayWaitError extends AppError<'REPLAY_WAIT_TIMEOUT'> {
  override readonly name = 'ReplayWaitError';
  readonly code = 'REPLAY_WAIT_TIMEOUT';
}


/** The outcome of {@link ReplayGuard.once}: the value, and whether it came from an earlier copy. */
export interface Once {
  readonly value: unknown;
  readonly replayed: boolean;
}

export interface ReplayGuardOptions {
  /** Where records are shared between isolates. */
  readonly kv: KVNamespace;
  /** Records kept in isolate memory. Default 1000. */
  readonly maxEntries?: number;
  /**
   * How long a request waits for a run before {@link ReplayWaitError}; default
   * {@link replayWaitDeadlineMs} of the {@link sideEffectBoundMs} of the default provider timeout.
   */
  readonly waitDeadlineMs?: number;
}

/**
 * Remembers what was answered to requests that had a side effect, per Alexa `requestId`, so a
 * replayed copy (the same signed body, resent within the timestamp window) gets the same answer
 * without doing it again. Layers: isolate memory (LRU, with single flight: concurrent copies in one
 * isolate share one run), then KV, which other isolates read. Records are keyed
 * `done:<sha256 hex of requestId>` ({@link replayKey}).
 *
 * What this guarantees, and what it does not: a copy that reaches this isolate, at any time, or
 * another isolate in the same location after the first answer was sent, is answered from the
 * record. KV is eventually consistent (a write may take about a minute to reach other locations)
 * and has no compare-and-set, so a copy sent to another location, or one racing the first
 * request before its record is written, can run again: services that take side effects must
 * deduplicate themselves with the idempotency key the caller sends them. A KV read that fails or
 * times out is a miss (logged `replay_kv_read_failed`); a failed write is logged
 * (`replay_kv_write_failed`). An act that throws leaves no record. A copy that waits for a run
 * longer than `waitDeadlineMs` throws {@link ReplayWaitError}: its request hears the generic
 * apology, since whether the side effect happened is not known.
 */
export class ReplayGuard {
  readonly #kv: KVNamespace;
  readonly #memory: LruMap<string, { value: unknown; expiresAt: number }>;
  readonly #runs = new SingleFlight<string, { value: unknown; source: 'act' | 'kv' }>();
  readonly #waitDeadlineMs: number;

  constructor(options: ReplayGuardOptions) {
    this.#kv = options.kv;
    this.#memory = new LruMap(options.maxEntries ?? 1000);
    this.#waitDeadlineMs = options.waitDeadlineMs ?? replayWaitDeadlineMs(sideEffectBoundMs(DEFAULT_PROVIDER_TIMEOUT_MS));
  }

  /**
   * Runs `act` once for `requestId` and remembers its value (JSON, without secrets: it is stored
   * in KV); a copy of the request gets the remembered value, with `replayed: true` and a
   * `side_effect_replayed` log line naming where it was found (`memory`, `inflight`, `kv`).
   */
  async once(requestId: string, ctx: RequestContext, act: () => Promise<unknown>): Promise<Once> {
    const key = await replayKey(requestId);
    const remembered = this.#fromMemory(key, ctx.now);
    if (remembered) return replayed(remembered.value, 'memory', ctx);

    let started = false;
    const start = () => {
      started = true;
      return this.#run(key, ctx, act);
    };
    // On Workers, a run started by a copy whose request was canceled may never settle.
    const deadline = AbortSignal.timeout(this.#waitDeadlineMs);
    let outcome: { value: unknown; source: 'act' | 'kv' };
    const pending = this.#runs.run(key, start, deadline);
    if (!started) ctx.log.info('side_effect_replayed', { source: 'inflight' });
    try {
      outcome = await pending;
    } catch (cause) {
      if (deadline.aborted && cause === deadline.reason) {
        throw new ReplayWaitError('a run of this request did not finish in time', { cause });
      }
      throw cause;
    }
    if (!started) return { value: outcome.value, replayed: true };
    return outcome.source === 'act' ? { value: outcome.value, replayed: false } : replayed(outcome.value, 'kv', ctx);
  }

  async #run(key: KvKey, ctx: RequestContext, act: () => Promise<unknown>): Promise<{ value: unknown; source: 'act' | 'kv' }> {
    const stored = await cacheGetJson(this.#kv, key, ctx.log, 'replay_kv');
    if (isRecord(stored) && 'value' in stored) {
      this.#remember(key, stored.value, ctx.now);
      return { value: stored.value, source: 'kv' };
    }
    // Kept as it is stored, so a copy answered from memory and one answered from KV are the same.
    const text = JSON.stringify({ value: await act() });
    const { value } = JSON.parse(text) as { value: unknown };
    this.#remember(key, value, ctx.now);
    await this.#store(key, text, ctx.log);
    return { value, source: 'act' };
  }

  #fromMemory(key: string, now: Date): { value: unknown } | undefined {
    const hit = this.#memory.get(key);
    if (hit && hit.expiresAt > now.getTime()) return hit;
    if (hit) this.#memory.delete(key);
    return undefined;
  }

  #remember(key: string, value: unknown, now: Date): void {
    this.#memory.set(key, { value, expiresAt: now.getTime() + REPLAY_RECORD_TTL_SECONDS * 1000 });
  }

  #store(key: KvKey, text: string, log: Logger): Promise<void> {
    const options = { expirationTtl: REPLAY_RECORD_TTL_SECONDS, timeoutMs: REPLAY_WRITE_TIMEOUT_MS, log, event: 'replay_kv' };
    return kvWriteNow(this.#kv, key, text, options);
  }
}

function replayed(value: unknown, source: 'memory' | 'kv', ctx: RequestContext): Once {
  ctx.log.info('side_effect_replayed', { source });
  return { value, replayed: true };
}
