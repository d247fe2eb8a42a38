import type { HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { UsageError } from '../core/errors.ts';
import { sha256Hex } from '../lib/hash.ts';
import { isRecord } from '../lib/json.ts';
import { requestIdOf } from './envelope.ts';
import { skillContextOf } from './skill-context.ts';

/**
 * The idempotency key of a request's side effect, for the service that performs it (sent as
 * `Idempotency-Key`, draft-ietf-httpapi-idempotency-key-header): the SHA-256 hex of a fixed label
 * and the Alexa `requestId`. Every isolate and location derives the same key for the same request,
 * so the service can deduplicate what this Worker cannot (see {@link answerOnce}); the label keeps
 * it apart from the KV key, and neither reveals the request ID to the service.
 */
export async function idempotencyKeyOf(requestId: string): Promise<string> {
  return sha256Hex(`Idempotency-Key:${requestId}`);
}

/** What is remembered of a side-effecting request: the answer, and the session it leaves. */
interface Answer {
  readonly response: Response;
  readonly sessionAttributes?: Record<string, unknown>;
}

/**
 * Wraps the part of a handler that has a side effect (orders a ride, pays, sends) so it runs at
 * most once per Alexa request: a replayed copy of the signed request (same `requestId`, accepted
 * again within the timestamp window) gets the answer and session attributes the first copy got,
 * and `act` does not run. `act` receives the request's idempotency key to pass to the service.
 *
 * Use it for every intent with a side effect, around the side effect and everything after it
 * (persistent attributes included); checks that change nothing may stay outside. The answer is
 * stored in KV, so it must not contain secrets (an ask-sdk `Response` holds none). Guarantees and
 * limits: {@link ReplayGuard} in `packages/alexa-skill-workers/src/ask-sdk/replay-guard.ts`, and README "Replays".
 * @throws {EnvelopeError} `ENVELOPE_MALFORMED` (before `act`) when `request.requestId` is missing or not a
 *   string: such requests cannot be told apart, and one would get another's answer.
 */
export async function answerOnce(input: HandlerInput, act: (idempotencyKey: string) => Promise<Response>): Promise<Response> {
  const ctx = skillContextOf(input);
  if (!ctx.replays) throw new UsageError('answerOnce needs a ReplayGuard in the skill context (replays)');
  const requestId = requestIdOf(input.requestEnvelope);
  const run = async (): Promise<Answer> => {
    const response = await act(await idempotencyKeyOf(requestId));
    return { response, sessionAttributes: sessionSnapshot(input) };
  };
  const { value, replayed } = await ctx.replays.once(requestId, run, ctx);
  if (!isAnswer(value)) throw new TypeError('a remembered answer is malformed');
  if (replayed) restoreSession(input, value.sessionAttributes);
  return value.response;
}

function isAnswer(value: unknown): value is Answer {
  return isRecord(value) && isRecord(value.response) && (value.sessionAttributes === undefined || isRecord(value.sessionAttributes));
}

/** The session attributes to remember with an answer, or `undefined` out of session (skill events). */
export function sessionSnapshot(input: HandlerInput): Record<string, unknown> | undefined {
  if (!input.requestEnvelope.session) return undefined;
  const attributes: unknown = input.attributesManager.getSessionAttributes();
  return isRecord(attributes) ? attributes : {};
}

/** Puts back a {@link sessionSnapshot} on a replayed request; nothing out of session. */
export function restoreSession(input: HandlerInput, snapshot: Record<string, unknown> | undefined): void {
  if (input.requestEnvelope.session) input.attributesManager.setSessionAttributes(snapshot ?? {});
}
