import { AlexaWorkersError } from '../core/errors.ts';

/**
 * Why an access token could not serve a request. Stable codes for logs and tests:
 * - `TOKEN_INVALID`: the provider or the signature says no (RFC 6750 §3.1 `invalid_token`);
 *   the user must link again.
 * - `PROVIDER_UNAVAILABLE`: the provider or the Ride Hailer API failed, timed out or answered
 *   nonsense; nothing is known about the token, so the user is not asked to relink.
 */
export type LinkingCode = 'TOKEN_INVALID' | 'PROVIDER_UNAVAILABLE';

export class LinkingError extends AlexaWorkersError<LinkingCode> {
  override readonly name = 'LinkingError';
  readonly code: LinkingCode;

  constructor(code: LinkingCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
