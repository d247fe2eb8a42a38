import { ConfigError } from './options.ts';
import { errorCode, errorName } from './errors.ts';
import type { Logger } from './log.ts';
import { PayloadTooLargeError, VerificationError } from '../verification/errors.ts';

/** The fixed bodies sent on failure; they never say which check failed. */
export const BAD_REQUEST_BODY = { error: 'bad_request', message: 'The request could not be verified.' } as const;
const TOO_LARGE_BODY = { error: 'payload_too_large', message: 'The request body is too large.' } as const;
const SERVER_ERROR_BODY = { error: 'server_error', message: 'The skill is not available.' } as const;

/**
 * The one place errors become HTTP responses (and log lines): verification failures are 400,
 * an oversized body 413, anything else, configuration errors included, 500. The wire says as
 * little as possible; the log names the code, and for configuration the setting.
 */
export function errorResponse(error: unknown, log: Logger): Response {
  if (error instanceof VerificationError) {
    log.warn('request_rejected', { code: error.code });
    return Response.json(BAD_REQUEST_BODY, { status: 400 });
  }
  if (error instanceof PayloadTooLargeError) {
    log.warn('request_rejected', { code: error.code, limitBytes: error.limitBytes });
    return Response.json(TOO_LARGE_BODY, { status: 413 });
  }
  if (error instanceof ConfigError) {
    log.error('config_invalid', { code: error.code, setting: error.setting, problem: error.message });
  } else {
    log.error('unhandled_error', {
      code: errorCode(error),
      name: errorName(error),
    });
  }
  return Response.json(SERVER_ERROR_BODY, { status: 500 });
}
