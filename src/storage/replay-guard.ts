import { sha256Hex } from '../lib/hash';
import { isRecord } from '../lib/json';
import { cacheGetJson, kvWriteNow } from '../lib/kv';
import type { Logger } from '../lib/log';
import { LruMap } from '../lib/lru';
import { TIMESTAMP_TOLERANCE_MS } from '../verification/timestamp';

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

/** What the guard needs per request: the clock and the logger (a subset of the request scope). */
export interface ReplayScope {
  readonly now: Date;
  readonly log: Logger;
}

/** The outcome of {@link ReplayGuard.once}: the value, and whether it came from an earlier copy. */
export interface Once {
  readonly value: unknown;
  readonly replayed: boolean;
}

/**
 * The KV key of a request's record: `done:<sha256 hex of the Alexa requestId>`. The request ID
 * (`request.requestId`, unique per request: Amazon, "Request and Response JSON Reference") is
 * covered by Alexa's signature, so only a copy of the same signed request maps to a record. The
 * user ID adds nothing: nobody can pair another user with a request ID without re-signing the
 * body. Hashing keeps the raw ID out of keys.
 */
export async function replayKey(requestId: string): Promise<string> {
  return `done:${await sha256Hex(requestId)}`;
}

/**
 * Remembers what was answered to requests that had a side effect, per Alexa `requestId`, so a
 * replayed copy (the same signed body, resent within the timestamp window) gets the same answer
 * without doing it again. Layers: isolate memory (LRU, with single flight: concurrent copies in one
 * isolate share one run), then KV, which other isolates read.
 *
 * What this guarantees, and what it does not: a copy that reaches this isolate, at any time, or
 * another isolate in the same location after the first answer was sent, is answered from the
 * record. KV is eventually consistent (a write may take about a minute to reach other locations)
 * and has no compare-and-set, so a copy sent to another location, or one racing the first
 * request before its record is written, can run again: services that take side effects must
 * deduplicate themselves with the idempotency key the caller sends them. A KV read that fails or
 * times out is a miss (logged `replay_kv_read_failed`); a failed write is logged
 * (`replay_kv_write_failed`). An act that throws leaves no record.
 */
export class ReplayGuard {
  readonly #kv: KVNamespace;
  readonly #memory: LruMap<string, { value: unknown; expiresAt: number }>;
  readonly #inflight = new Map<string, Promise<unknown>>();

  constructor(options: { readonly kv: KVNamespace; readonly maxEntries?: number }) {
    this.#kv = options.kv;
    this.#memory = new LruMap(options.maxEntries ?? 1000);
  }

  /**
   * Runs `act` once for `requestId` and remembers its value (JSON, without secrets: it is stored
   * in KV); a copy of the request gets the remembered value, with `replayed: true` and a
   * `side_effect_replayed` log line naming where it was found (`memory`, `inflight`, `kv`).
   */
  async once(requestId: string, scope: ReplayScope, act: () => Promise<unknown>): Promise<Once> {
    const key = await replayKey(requestId);
    const remembered = this.#fromMemory(key, scope.now);
    if (remembered) return replayed(remembered.value, 'memory', scope);
    const running = this.#inflight.get(key);
    if (running) {
      scope.log.info('side_effect_replayed', { source: 'inflight' });
      return { value: await running, replayed: true };
    }

    let first = false;
    const run = (async () => {
      const stored = await cacheGetJson(this.#kv, key, scope.log, 'replay_kv');
      if (isRecord(stored) && 'value' in stored) {
        this.#remember(key, stored.value, scope.now);
        return stored.value;
      }
      first = true;
      // Kept as it is stored, so a copy answered from memory and one answered from KV are the same.
      const text = JSON.stringify({ value: await act() });
      const { value } = JSON.parse(text) as { value: unknown };
      this.#remember(key, value, scope.now);
      await this.#store(key, text, scope.log);
      return value;
    })().finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, run);
    const value = await run;
    return first ? { value, replayed: false } : replayed(value, 'kv', scope);
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

  #store(key: string, text: string, log: Logger): Promise<void> {
    const options = { expirationTtl: REPLAY_RECORD_TTL_SECONDS };
    return kvWriteNow(this.#kv, key, text, options, REPLAY_WRITE_TIMEOUT_MS, log, 'replay_kv');
  }
}

function replayed(value: unknown, source: 'memory' | 'kv', scope: ReplayScope): Once {
  scope.log.info('side_effect_replayed', { source });
  return { value, replayed: true };
}
