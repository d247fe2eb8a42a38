import type { HandlerInput } from 'ask-sdk-core';
import { requestIdOf } from '../ask-sdk/envelope.ts';
import { alexaApiOf } from './context.ts';
import { settle, type AlexaApiResult } from './result.ts';

/** The request types Amazon lets a skill send a progressive response for. */
const PROGRESSIVE_REQUEST_TYPES: ReadonlySet<string> = new Set(['LaunchRequest', 'IntentRequest']);

/**
 * Sends a progressive response: `speech` (SSML content, as for `responseBuilder.speak`; wrapped in
 * `<speak>` here) for Alexa to say while the skill prepares its answer, through the Progressive
 * Response API (`POST {apiEndpoint}/v1/directives`, `Authorization: Bearer {apiAccessToken}`, a
 * `VoicePlayer.Speak` directive whose `header.requestId` is the request's ID).
 *
 * Best-effort and never in the answer's way: do not await it before working on the answer. The
 * call runs alongside (kept alive by the request's `waitUntil`); Alexa plays a progressive response
 * only if it arrives before the full response, so a slow Alexa costs the answer nothing. The
 * returned promise never rejects with an API failure: `failed` with the code (logged by the
 * client), `ALEXA_API_REJECTED` without a call for a request other than a `LaunchRequest` or an
 * `IntentRequest` (Amazon allows no other). Each call sends one directive: Amazon allows a few
 * per request, so a skill sends one at the moment it knows the answer will take a while.
 * @throws {UsageError} `API_MISUSE` when the skill context has no `alexaApi` (an {@link AlexaApiClient}).
 * @throws {EnvelopeError} `ENVELOPE_MALFORMED` when `request.requestId` is missing.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/send-the-user-a-progressive-response.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/progressive-response-api-reference.html
 */
export function sendProgressiveResponse(input: HandlerInput, speech: string): Promise<AlexaApiResult<void>> {
  const { client, ctx } = alexaApiOf(input);
  const envelope = input.requestEnvelope;
  const type: unknown = (envelope.request as { type?: unknown } | undefined)?.type;
  if (typeof type !== 'string' || !PROGRESSIVE_REQUEST_TYPES.has(type)) {
    ctx.log.info('alexa_api_failed', { api: 'directives', code: 'ALEXA_API_REJECTED', reason: 'request_type' });
    return Promise.resolve({ kind: 'failed', code: 'ALEXA_API_REJECTED' });
  }
  const directive = { header: { requestId: requestIdOf(envelope) }, directive: { type: 'VoicePlayer.Speak', speech: `<speak>${speech}</speak>` } };
  const sent = settle(client.call(envelope, { api: 'directives', method: 'POST', path: '/v1/directives', json: directive, read: () => undefined }, ctx));
  ctx.waitUntil?.(sent);
  return sent;
}
