import { isRecord } from '../lib/json.ts';
import { cacheGetJson, KV_WRITE_TIMEOUT_MS, kvWriteNow } from '../lib/kv.ts';
import type { KvKey } from '../lib/kv-keys.ts';
import type { Logger } from '../core/log.ts';

/**
 * How long a purge's tombstone stays in KV: longer than a validation that was in flight at the
 * purge can take to reach its check (every step has a timeout: under 20 s at the largest
 * `PROVIDER_TIMEOUT_MS`, the KV write included), plus the minute KV takes to show a write in
 * other locations.
 * @public (knip: test-node/cost.test.ts holds the cost model to it)
 */
export const PURGE_TOMBSTONE_TTL_SECONDS = 120;

/**
 * User purges (`SkillDisabled`), so that work which started before one cannot store the user's
 * token after it. In this isolate, time is an epoch that every purge advances: work reads
 * {@link epoch} when it starts and asks {@link purgedSince} before it writes; no clock is involved,
 * so two requests at the same instant are still ordered. Across isolates, a purge writes a
 * tombstone to KV (`purge:<sha256(userId)>`, the time of the purge) that a write made elsewhere
 * reads back ({@link purgedAfter}).
 *
 * Bounded: past `maxEntries` purges the oldest record is dropped, and a user with no record is
 * then taken as purged at the newest dropped epoch. That errs towards "purged" (a write skipped,
 * one more validation later), never towards a write after a purge.
 */
export class Purges {
  #epoch = 0;
  /** The newest epoch whose record was dropped. */
  #droppedUpTo = 0;
  /** By the user's tombstone key, the epoch of their last purge; Map order is epoch order. */
  readonly #byUser = new Map<string, number>();

  constructor(private readonly options: { readonly kv: KVNamespace; readonly log: Logger; readonly maxEntries: number }) {}

  /** The current epoch: read it when work that may write starts. */
  get epoch(): number {
    return this.#epoch;
  }

  /**
   * Records a purge of the user whose tombstone is `user`, at `now`: at once in this isolate, then
   * in KV (awaited, with the write timeout; a failed write is logged as `purge_kv_write_failed`).
   */
  async record(user: KvKey, now: Date): Promise<void> {
    this.#epoch++;
    this.#byUser.delete(user);
    this.#byUser.set(user, this.#epoch);
    if (this.#byUser.size > this.options.maxEntries) {
      const [oldest, at] = this.#byUser.entries().next().value!;
      this.#byUser.delete(oldest);
      this.#droppedUpTo = at;
    }
    const { kv, log } = this.options;
    await kvWriteNow(kv, user, JSON.stringify({ at: now.getTime() }), {
      expirationTtl: PURGE_TOMBSTONE_TTL_SECONDS, log, event: 'purge_kv', timeoutMs: KV_WRITE_TIMEOUT_MS,
    });
  }

  /** Whether the user was (or may have been) purged in this isolate after epoch `since`. No I/O. */
  purgedSince(user: KvKey, since: number): boolean {
    return (this.#byUser.get(user) ?? this.#droppedUpTo) > since;
  }

  /**
   * Whether the user was purged after work that started at epoch `since` and time `startedAt`: in
   * this isolate, or anywhere KV shows (its tombstone is newer than `startedAt`). A tombstone that
   * cannot be read counts as none (`purge_kv_read_failed`): a failed read never becomes a delete.
   */
  async purgedAfter(user: KvKey, since: number, startedAt: Date): Promise<boolean> {
    if (this.purgedSince(user, since)) return true;
    const tombstone = await cacheGetJson(this.options.kv, user, this.options.log, 'purge_kv');
    return isRecord(tombstone) && typeof tombstone.at === 'number' && tombstone.at > startedAt.getTime();
  }
}
