import { DEFAULT_PROVIDER_TIMEOUT_MS } from '../linking/provider-http.ts';
import { isRecord } from '../lib/json.ts';
import { ConfigError, numberOption, optionsObject } from '../core/options.ts';
import { cacheGetJson, KV_READ_TIMEOUT_MS, kvWriteNow } from '../lib/kv.ts';
import { replayKey, type KvKey } from '../lib/kv-keys.ts';
import type { RequestContext } from '../core/context.ts';
import type { Logger } from '../core/log.ts';
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
const REPLAY_WINDOW_MS = 2 * TIMESTAMP_TOLERANCE_MS;
/** Added to the window for clock differences between machines and KV's expiry granularity. */
const REPLAY_MARGIN_MS = 60_000;
/** The lifetime of a record, in memory and in KV (360 s; above KV's 60 s minimum TTL). */
export const REPLAY_RECORD_TTL_SECONDS = (REPLAY_WINDOW_MS + REPLAY_MARGIN_MS) / 1000;
/**
 * The answer waits for the KV write, so that a copy arriving after it, in another isolate of the
 * same location, finds the record; a write slower than this is abandoned (logged).
 */
const REPLAY_WRITE_TIMEOUT_MS = 1000;
/**
 * How long a copy waits for a run, possibly started by another copy: the record's KV read, the
 * side effect (one call to the skill's service, then the persistent attributes' KV read and
 * write), the record's KV write, plus 1 s.
 */
function replayWaitDeadlineMs(providerTimeoutMs: number): number {
  const act = providerTimeoutMs + KV_READ_TIMEOUT_MS + ATTRIBUTES_WRITE_TIMEOUT_MS;
  return KV_READ_TIMEOUT_MS + act + REPLAY_WRITE_TIMEOUT_MS + 1000;
}

/** The outcome of {@link ReplayGuard.once}: the value, and whether it came from an earlier copy. */
export interface Once {
  readonly value: unknown;
  readonly replayed: boolean;
}

/** What a {@link ReplayGuard} needs; checked when it is created. */
export interface ReplayGuardOptions {
  /** Where records are shared between isolates. Required. */
  readonly kv: KVNamespace;
  /** Records kept in isolate memory. Default 1000. */
  readonly maxEntries?: number | undefined;
  /**
   * The timeout of the call to the skill's service that a guarded act makes (`answerOnce`: one call,
   * then the persistent attributes' KV read and write), in milliseconds. A copy of a request waits
   * for a run at most as long as such an act can take, then gets a `DeadlineError`. Default
   * {@link DEFAULT_PROVIDER_TIMEOUT_MS}.
   */
  readonly providerTimeoutMs?: number | undefined;
  /**
   * @internal The kit's own tests only (not in the published types): how long a request waits for
   * the shared work before giving up, instead of the bound the kit computes.
   */
  readonly waitDeadlineMs?: number | undefined;
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
 * longer than `waitDeadlineMs` throws {@link DeadlineError} (`DEADLINE_EXCEEDED`): its request hears the generic
 * apology, since whether the side effect happened is not known.
 */
export class ReplayGuard {
  readonly #kv: KVNamespace;
  readonly #memory: LruMap<string, { value: unknown; expiresAt: number }>;
  readonly #runs = new SingleFlight<string, { value: unknown; source: 'act' | 'kv' }>();
  readonly #waitDeadlineMs: number;

  /** @throws {ConfigError} `CONFIG_INVALID` naming `kv`, `maxEntries` or `providerTimeoutMs`. */
  constructor(options: ReplayGuardOptions) {
    optionsObject(options, 'ReplayGuard');
    if (typeof options.kv?.get !== 'function') throw new ConfigError('kv', 'must be a KV namespace');
    this.#kv = options.kv;
    this.#memory = new LruMap(numberOption(options, 'maxEntries', 1000, 1, 1_000_000));
    this.#waitDeadlineMs = options.waitDeadlineMs ?? replayWaitDeadlineMs(numberOption(options, 'providerTimeoutMs', DEFAULT_PROVIDER_TIMEOUT_MS, 100, 5000));
  }

  /**
   * Runs `act` once for `requestId` and remembers its value (JSON, without secrets: it is stored
   * in KV); a copy of the request gets the remembered value, with `replayed: true` and a
   * `side_effect_replayed` log line naming where it was found (`memory`, `inflight`, `kv`).
   */
  async once(requestId: string, act: () => Promise<unknown>, ctx: RequestContext): Promise<Once> {
    const key = await replayKey(requestId);
    const remembered = this.#fromMemory(key, ctx.now);
    if (remembered) return replayed(remembered.value, 'memory', ctx);

    let started = false;
    const start = () => {
      started = true;
      return this.#run(key, ctx, act);
    };
    // On Workers, a run started by a copy whose request was canceled may never settle.
    const pending = this.#runs.run(key, start, { deadlineMs: this.#waitDeadlineMs, what: 'a run of this request' });
    if (!started) ctx.log.info('side_effect_replayed', { source: 'inflight' });
    const outcome = await pending;
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
