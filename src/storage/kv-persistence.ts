import type { PersistenceAdapter } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { sha256Hex } from '../lib/hash';
import { isRecord } from '../lib/json';
import type { Logger } from '../lib/log';

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
 * destination); never keep a counter or a lock here. Failures are logged: reads degrade to no
 * attributes and writes are dropped, so a KV outage never breaks a conversation.
 */
export class KvPersistenceAdapter implements PersistenceAdapter {
  constructor(
    private readonly kv: KVNamespace,
    private readonly log: Logger,
  ) {}

  async getAttributes(envelope: RequestEnvelope): Promise<Record<string, unknown>> {
    try {
      const stored = await this.kv.get(await attributesKey(envelope.context.System.user.userId), 'json');
      return isRecord(stored) ? stored : {};
    } catch (error) {
      this.log.warn('attributes_read_failed', { reason: error instanceof Error ? error.name : typeof error });
      return {};
    }
  }

  async saveAttributes(envelope: RequestEnvelope, attributes: Record<string, unknown>): Promise<void> {
    try {
      await this.kv.put(await attributesKey(envelope.context.System.user.userId), JSON.stringify(attributes));
    } catch (error) {
      this.log.warn('attributes_write_failed', { reason: error instanceof Error ? error.name : typeof error });
    }
  }

  async deleteAttributes(envelope: RequestEnvelope): Promise<void> {
    await this.kv.delete(await attributesKey(envelope.context.System.user.userId));
  }
}
