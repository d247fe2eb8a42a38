import type { RequestInterceptor } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { EnvelopeError } from '../core/errors.ts';

import { isRecord, nonEmptyString } from '../lib/json.ts';

/**
 * The fields of a verified envelope that the kit reads, each read with its type checked. Alexa's
 * signature proves who sent the body, not that every field has the shape Amazon's reference
 * documents (ask-sdk-model's types say it does, and ask-sdk's helpers trust them): an optional
 * field of the wrong shape reads as absent, and a field nothing can be done without throws
 * {@link EnvelopeError}, so the skill's error handler answers with its stable code instead of a
 * TypeError.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-types-reference.html
 */

/** `value[key]` when `value` is an object (own or inherited lookups of `__proto__` and the like read nothing). */
function at(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

const userOf = (envelope: RequestEnvelope): unknown => at(at(at(envelope, 'context'), 'System'), 'user');

/**
 * `context.System.user.userId`, the Alexa account the request belongs to, which keys its
 * attributes and cached tokens: requests without one must not share those under one key.
 * @throws {EnvelopeError} `ENVELOPE_MALFORMED` when it is missing or not a non-empty string.
 */
export function userIdOf(envelope: RequestEnvelope): string {
  const userId = nonEmptyString(at(userOf(envelope), 'userId'));
  if (userId === undefined) throw new EnvelopeError('context.System.user.userId');
  return userId;
}

/** `context.System.user.accessToken`, the account's account-linking token, when it is a non-empty string. */
export function accountTokenOf(envelope: RequestEnvelope): string | undefined {
  const token = at(userOf(envelope), 'accessToken');
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/**
 * `request.requestId`, unique per request and covered by the signature: what tells a replayed
 * copy from another request.
 * @throws {EnvelopeError} `ENVELOPE_MALFORMED` when it is missing or not a non-empty string.
 */
export function requestIdOf(envelope: RequestEnvelope): string {
  const requestId = nonEmptyString(at(at(envelope, 'request'), 'requestId'));
  if (requestId === undefined) throw new EnvelopeError('request.requestId');
  return requestId;
}

/** The intent's name of an `IntentRequest` (`request.intent.name`), or `undefined` for any other request or a name that is not a string. */
export function intentNameOf(envelope: RequestEnvelope): string | undefined {
  const request = at(envelope, 'request');
  if (at(request, 'type') !== 'IntentRequest') return undefined;
  return nonEmptyString(at(at(request, 'intent'), 'name'));
}

/** A slot of an `IntentRequest` as {@link slotsOf} reads it. */
export interface SlotReading {
  /** `value`: what Alexa heard, as it sent it. */
  readonly value: string;
  /**
   * The entity-resolution ID of the first authority whose `status.code` is `ER_SUCCESS_MATCH`
   * (`resolutions.resolutionsPerAuthority[].values[0].value.id`), when Alexa matched a slot-type value.
   */
  readonly id: string | undefined;
}

/**
 * The filled slots of an `IntentRequest`, by name (`request.intent.slots`): each whose `value` is
 * a non-empty string, with its resolved ID; resolutions of another shape are skipped. Empty for
 * any other request. A `Map`, so a slot named `constructor` or `__proto__` is only a name.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-types-reference.html#slot-object
 */
export function slotsOf(envelope: RequestEnvelope): ReadonlyMap<string, SlotReading> {
  const slots = new Map<string, SlotReading>();
  const request = at(envelope, 'request');
  if (at(request, 'type') !== 'IntentRequest') return slots;
  const raw = at(at(request, 'intent'), 'slots');
  if (!isRecord(raw)) return slots;
  for (const [name, slot] of Object.entries(raw)) {
    const value = at(slot, 'value');
    if (typeof value !== 'string' || value === '') continue;
    slots.set(name, { value, id: resolvedId(at(at(slot, 'resolutions'), 'resolutionsPerAuthority')) });
  }
  return slots;
}

function resolvedId(authorities: unknown): string | undefined {
  if (!Array.isArray(authorities)) return undefined;
  for (const authority of authorities as unknown[]) {
    if (at(at(authority, 'status'), 'code') !== 'ER_SUCCESS_MATCH') continue;
    const values = at(authority, 'values');
    const id = Array.isArray(values) ? nonEmptyString(at(at(values[0], 'value'), 'id')) : undefined;
    if (id !== undefined) return id;
  }
  return undefined;
}

/**
 * An ask-sdk request interceptor, to register first (`addRequestInterceptors(sessionGuard)`),
 * for the envelope's `session`. A `session` that is present must be an object: one of another
 * shape (`null`, a number, a string) throws {@link EnvelopeError} (`session`), so no handler
 * runs on a request whose session ask-sdk would half read (a falsy one as none at all, a truthy
 * one with no attributes). Its `attributes` of a shape other than an object become `{}`: ask-sdk
 * copies them as they came and sends them back as the response's `sessionAttributes`, which
 * Alexa's response format has as a map, so a handler that never touched the session would answer
 * with what Alexa refuses. A request without a session (a skill event) is left alone.
 * @throws {EnvelopeError} `ENVELOPE_MALFORMED` (field `session`), to the skill's error handler.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html
 *   (`session` in the request; `sessionAttributes` in the response)
 */
export const sessionGuard: RequestInterceptor = {
  process(input) {
    const { session } = input.requestEnvelope as { session?: unknown };
    if (session === undefined) return;
    if (!isRecord(session)) throw new EnvelopeError('session');
    if (!isRecord(input.attributesManager.getSessionAttributes())) input.attributesManager.setSessionAttributes({});
  },
};
