import type { PersistenceAdapter } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { isRecord, parseJsonOrUndefined } from '../lib/json.ts';
import { errorName } from '../core/errors.ts';
import { kvRead, kvWriteNow } from '../lib/kv.ts';
import { attributesKey } from '../lib/kv-keys.ts';
import { userIdOf } from './envelope.ts';
import { consoleLogger, type Logger } from '../core/log.ts';
import { ConfigError, optionsObject } from '../core/options.ts';

/** Saving happens while the user waits for an answer, so it may not take long. */
export const ATTRIBUTES_WRITE_TIMEOUT_MS = 1000;

/** What a {@link KvPersistenceAdapter} needs. */
export interface KvPersistenceAdapterOptions {
  /** Where the attributes are kept (`attr:` entries). Required. */
  readonly kv: KVNamespace;
  /** Receives KV failures; default {@link consoleLogger}. */
  readonly log?: Logger | undefined;
}

/**
 * ask-sdk's `PersistenceAdapter` on Workers KV, keyed by a hash of the Alexa user ID
 * (`context.System.user.userId`; key `attr:<sha256 hex of userId>`, {@link attributesKey}), so the raw
 * ID never becomes a key. An envelope without a string user ID is refused ({@link userIdOf} throws
 * `ENVELOPE_MALFORMED`) rather than read or written under a key such requests would share.
 *
 * KV is eventually consistent: a write is visible at once in the location that made it and
 * within about a minute elsewhere. Attributes are for things that may be a little stale (the last
 * destination); never keep a counter or a lock here.
 *
 * A KV outage never breaks a conversation, and never loses what is stored. No entry reads as `{}`
 * and may be written. A read that fails or takes longer than `KV_READ_TIMEOUT_MS` also reads as
 * `{}`, so the handler goes on without what it remembered (`attributes_unavailable`), but the
 * request is marked: saving in that request is skipped (`attributes_write_skipped`), because
 * writing what was built on `{}` would erase the stored attributes. Failed writes are logged.
 */
export class KvPersistenceAdapter implements PersistenceAdapter {
  /**
   * Requests whose read failed. ask-sdk hands the adapter the same envelope object for every call
   * of one request (its AttributesManager keeps it), so the envelope identifies the request.
   */
  readonly #unreadable = new WeakSet<RequestEnvelope>();

  readonly #kv: KVNamespace;
  readonly #log: Logger;

  /** @throws {ConfigError} `CONFIG_INVALID` naming `kv`. */
  constructor(options: KvPersistenceAdapterOptions) {
    optionsObject(options, 'KvPersistenceAdapter');
    if (typeof options.kv?.get !== 'function') throw new ConfigError('kv', 'must be a KV namespace');
    this.#kv = options.kv;
    this.#log = options.log ?? consoleLogger;
  }

  async getAttributes(envelope: RequestEnvelope): Promise<Record<string, unknown>> {
    const key = await attributesKey(userIdOf(envelope));
    let text: string | null;
    try {
      text = await kvRead(this.#kv, key);
    } catch (error) {
      this.#unreadable.add(envelope);
      this.#log.warn('attributes_unavailable', { reason: errorName(error) });
      return {};
    }
    if (text === null) return {};
    const stored = parseJsonOrUndefined(text);
    if (isRecord(stored)) return stored;
    // Unreadable forever, so not worth protecting: the next save replaces it.
    this.#log.warn('attributes_malformed');
    return {};
  }

  async saveAttributes(envelope: RequestEnvelope, attributes: Record<string, unknown>): Promise<void> {
    if (this.#unreadable.has(envelope)) {
      this.#log.warn('attributes_write_skipped', { reason: 'read_failed' });
      return;
    }
    const key = await attributesKey(userIdOf(envelope));
    await kvWriteNow(this.#kv, key, JSON.stringify(attributes), { timeoutMs: ATTRIBUTES_WRITE_TIMEOUT_MS, log: this.#log, event: 'attributes' });
  }

  async deleteAttributes(envelope: RequestEnvelope): Promise<void> {
    await this.#kv.delete(await attributesKey(userIdOf(envelope)));
  }
}
