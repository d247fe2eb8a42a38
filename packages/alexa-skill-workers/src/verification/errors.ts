import { AlexaWorkersError } from '../core/errors.ts';

/**
 * Why a request failed verification. Stable: logs, dashboards and tests use these codes.
 * Every one of them answers HTTP 400 with the same generic body (see `packages/alexa-skill-workers/src/respond.ts`),
 * so a caller cannot learn which check failed.
 */
export type VerificationCode =
  | 'SIGNATURE_HEADER_MISSING'
  | 'CERT_URL_HEADER_MISSING'
  | 'CERT_URL_INVALID'
  | 'CERT_FETCH_FAILED'
  | 'CERT_FETCH_LIMITED'
  | 'CERT_MALFORMED'
  | 'CERT_NOT_VALID_NOW'
  | 'CERT_SAN_MISMATCH'
  | 'CERT_CHAIN_UNTRUSTED'
  | 'CERT_CHAIN_SIGNATURE_INVALID'
  | 'CERT_ISSUER_NOT_CA'
  | 'CERT_KEY_USAGE_INVALID'
  | 'CERT_PATH_LENGTH_EXCEEDED'
  | 'CERT_EXTENSION_UNSUPPORTED'
  | 'CERT_SIGNATURE_ALGORITHM_UNSUPPORTED'
  | 'CERT_KEY_UNSUPPORTED'
  | 'CERT_KEY_INVALID'
  /** A certificate record read from KV did not authenticate; only logged (`cert_kv_entry_rejected`), the chain is downloaded instead. */
  | 'CERT_RECORD_INVALID'
  | 'SIGNATURE_INVALID'
  | 'BODY_INCOMPLETE'
  | 'BODY_NOT_JSON'
  | 'TIMESTAMP_INVALID'
  | 'TIMESTAMP_OUT_OF_WINDOW'
  | 'SKILL_ID_MISMATCH';

/** A request that did not prove it came from Alexa for this skill. */
export class VerificationError extends AlexaWorkersError<VerificationCode> {
  override readonly name = 'VerificationError';
  readonly code: VerificationCode;

  constructor(code: VerificationCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A request body over the size limit; answered 413 before any hashing. */
export class PayloadTooLargeError extends AlexaWorkersError<'BODY_TOO_LARGE'> {
  override readonly name = 'PayloadTooLargeError';
  readonly code = 'BODY_TOO_LARGE' as const;

  readonly limitBytes: number;

  constructor(limitBytes: number) {
    super(`request body exceeds ${limitBytes} bytes`);
    this.limitBytes = limitBytes;
  }
}
