import type { HandlerInput } from 'ask-sdk-core';
import { parseAccountHolder, type AccountHolder } from 'alexa-skill-workers/ask-sdk';
import { isRecord, nonEmptyString } from '../lib/json.ts';

/**
 * Every session and persistent attribute the skill keeps, read and written only here, so no
 * handler shares a bare key with another.
 *
 * Session attributes come back from Alexa in the next request's `session.attributes` (signed, but
 * whatever a previous answer or a forged-then-replayed body put there); persistent attributes come
 * from KV through `KvPersistenceAdapter`. Neither is trusted as a typed object: a value of the
 * wrong shape reads as absent.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html
 *   (`session.attributes` in the request; `sessionAttributes` in the response)
 * @see https://developer.amazon.com/en-US/docs/alexa/alexa-skills-kit-sdk-for-nodejs/manage-attributes.html
 */

/** What `OrderCar` leaves in the session for `AMAZON.YesIntent` to confirm. */
export interface PendingOrder {
  /** The profile's place ID (`work`, `home`, …). */
  readonly destination: string;
  /** The place's spoken label ("Contoso Tower"). */
  readonly label: string;
  /**
   * Whose account the place and the card were read from: the link level and a hash of the person
   * or account (the kit's `accountHolderOf`), never a token or an ID. Only that holder's Yes orders.
   */
  readonly quotedTo: AccountHolder;
}

const PENDING = 'pending';
const LAST_DESTINATION = 'lastDestination';

/**
 * The request's session attributes as a record (a malformed `session.attributes` reads as `{}`).
 * Throws ask-sdk's `AttributesManager` error out of session, as ask-sdk does.
 */
function session(input: HandlerInput): Record<string, unknown> {
  const attributes: unknown = input.attributesManager.getSessionAttributes();
  return isRecord(attributes) ? attributes : {};
}

/**
 * The pending order in the session, or `undefined` when there is none or it is malformed (a
 * missing or malformed `quotedTo` included: an order nobody can be shown to own is no order).
 */
export function pendingOrder(input: HandlerInput): PendingOrder | undefined {
  const value = session(input)[PENDING];
  if (!isRecord(value)) return undefined;
  const destination = nonEmptyString(value.destination);
  const label = nonEmptyString(value.label);
  const quotedTo = parseAccountHolder(value.quotedTo);
  return destination && label && quotedTo ? { destination, label, quotedTo } : undefined;
}

/** Keeps `order` in the session for the next turn; other session attributes are kept. */
export function setPendingOrder(input: HandlerInput, order: PendingOrder): void {
  const quotedTo: AccountHolder = { level: order.quotedTo.level, id: order.quotedTo.id };
  const pending: PendingOrder = { destination: order.destination, label: order.label, quotedTo };
  input.attributesManager.setSessionAttributes({ ...session(input), [PENDING]: pending });
}

/** Drops the pending order from the session; other session attributes are kept. */
export function clearPendingOrder(input: HandlerInput): void {
  const rest = { ...session(input) };
  delete rest[PENDING];
  input.attributesManager.setSessionAttributes(rest);
}

/** Empties the session attributes (the conversation is over). */
export function clearSession(input: HandlerInput): void {
  input.attributesManager.setSessionAttributes({});
}

/**
 * The destination the user last ordered a ride to (persistent attributes), or `undefined` when
 * none is stored, it is malformed, or KV could not be read (the adapter then reads as `{}`).
 */
export async function rememberedDestination(input: HandlerInput): Promise<string | undefined> {
  const attributes: unknown = await input.attributesManager.getPersistentAttributes();
  return isRecord(attributes) ? nonEmptyString(attributes[LAST_DESTINATION]) : undefined;
}

/**
 * Remembers `destination` as the last one and saves the persistent attributes, keeping whatever
 * else is stored. Saving after a failed read is skipped by `KvPersistenceAdapter`, so what is
 * stored is never replaced by what was built on an unreadable `{}`.
 */
export async function rememberDestination(input: HandlerInput, destination: string): Promise<void> {
  const attributes: unknown = await input.attributesManager.getPersistentAttributes();
  const stored = isRecord(attributes) ? attributes : {};
  input.attributesManager.setPersistentAttributes({ ...stored, [LAST_DESTINATION]: destination });
  await input.attributesManager.savePersistentAttributes();
}
