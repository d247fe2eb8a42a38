import { AlexaWorkersError } from '../core/errors.ts';

/**
 * Why a call to one of Alexa's service APIs (progressive responses, Settings, Customer and Person
 * Profile, …) did not give an answer. Stable codes for logs and tests:
 * - `ALEXA_API_NO_TOKEN`: the request carries no `context.System.apiAccessToken` or no
 *   `apiEndpoint` (or not as strings); nothing was sent.
 * - `ALEXA_API_ENDPOINT_REFUSED`: `context.System.apiEndpoint` is not one of Amazon's API hosts
 *   (nor, in local development only, a loopback address); nothing was sent, and the refusal is logged.
 * - `ALEXA_API_UNAUTHORIZED`: 401, the `apiAccessToken` is malformed, invalid or expired.
 * - `ALEXA_API_FORBIDDEN`: 403, the token has no access to the resource: for customer or person
 *   data, the user (or the recognized speaker) has not granted the permission. Answer with the
 *   `AskForPermissionsConsent` card, not an apology.
 * - `ALEXA_API_THROTTLED`: 429, too many requests.
 * - `ALEXA_API_REJECTED`: Alexa refused the call as invalid (400, 404, another 4xx), or the kit did
 *   not send one Amazon documents it refuses (a progressive response outside a `LaunchRequest` or
 *   an `IntentRequest`).
 * - `ALEXA_API_UNAVAILABLE`: a 5xx, a redirect, a network failure, or an answer that is not what
 *   the API documents (not JSON, too large).
 * - `ALEXA_API_TIMEOUT`: no answer within the client's `timeoutMs`.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html#system-object
 *   (`apiEndpoint`, `apiAccessToken`)
 */
export type AlexaApiCode =
  | 'ALEXA_API_NO_TOKEN'
  | 'ALEXA_API_ENDPOINT_REFUSED'
  | 'ALEXA_API_UNAUTHORIZED'
  | 'ALEXA_API_FORBIDDEN'
  | 'ALEXA_API_THROTTLED'
  | 'ALEXA_API_REJECTED'
  | 'ALEXA_API_UNAVAILABLE'
  | 'ALEXA_API_TIMEOUT';

/** A call to an Alexa service API that gave no answer ({@link AlexaApiCode}); `status` is the HTTP status when there was one. */
export class AlexaApiError extends AlexaWorkersError<AlexaApiCode> {
  override readonly name = 'AlexaApiError';
  readonly status: number | undefined;
  readonly code: AlexaApiCode;

  constructor(code: AlexaApiCode, message: string, options?: { readonly cause?: unknown; readonly status?: number }) {
    super(message, options);
    this.code = code;
    this.status = options?.status;
  }
}

/** The {@link AlexaApiCode} of an HTTP status that is not a success. */
export function codeOfStatus(status: number): AlexaApiCode {
  if (status === 401) return 'ALEXA_API_UNAUTHORIZED';
  if (status === 403) return 'ALEXA_API_FORBIDDEN';
  if (status === 429) return 'ALEXA_API_THROTTLED';
  if (status >= 400 && status < 500) return 'ALEXA_API_REJECTED';
  return 'ALEXA_API_UNAVAILABLE';
}
