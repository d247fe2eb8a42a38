import type { PersistenceAdapter } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { sha256Hex } from '../lib/hash';
import { isRecord } from '../lib/json';
import { errorName } from '../errors';
import { cacheGetJson } from '../lib/kv';
import { withTimeout } from '../lib/timeout';
import type { Logger } from '../lib/log';

/** Saving happens while the user waits for an answer, so it may not take long. */
const ATTRIBUTES_WRITE_TIMEOUT_MS = 1000;

/** The KV key of a user's persistent attributes: `attr:<sha256 hex of userId>`. */
export async function attributesKey(userId: string): Promise<string> {
  return `attr:${await sha256Hex(userId)}`;
}

/**
 * ask-sdk's `PersistenceAdapter` on Workers KV, keyed by a hash of the Alexa user ID
 * (`context.System.user.userId`), so the raw ID never becomes a key.
 *
 * KV is eventually consistent: a write is visible at once in the location that made it and
 * within about a minute elsewhere. Attributes are for things that may be a little stale (the last
 * destination); never keep a counter or a lock here. Failures and slow answers are logged:
 * reads degrade to no attributes and writes are dropped, so a KV outage never breaks a conversation.
 */
export class KvPersistenceAdapter implements PersistenceAdapter {
  constructor(
    private readonly kv: KVNamespace,
    private readonly log: Logger,
  ) {}

  async getAttributes(envelope: RequestEnvelope): Promise<Record<string, unknown>> {
    const key = await attributesKey(envelope.context.System.user.userId);
    const stored = await cacheGetJson(this.kv, key, this.log, 'attributes');
    return isRecord(stored) ? stored : {};
  }

  async saveAttributes(envelope: RequestEnvelope, attributes: Record<string, unknown>): Promise<void> {
    const key = await attributesKey(envelope.context.System.user.userId);
    try {
      await withTimeout(this.kv.put(key, JSON.stringify(attributes)), ATTRIBUTES_WRITE_TIMEOUT_MS);
    } catch (error) {
      this.log.warn('attributes_write_failed', { reason: errorName(error) });
    }
  }

  async deleteAttributes(envelope: RequestEnvelope): Promise<void> {
    await this.kv.delete(await attributesKey(envelope.context.System.user.userId));
  }
}
