import { CliError } from '../errors.ts';

/** Why linking with an OAuth provider failed, as a stable code; the message is one line, never a token. */
export type LinkErrorCode =
  /** The redirect's `state` is not the one sent (RFC 6749 §10.12): someone else's answer, never believed. */
  | 'STATE_MISMATCH'
  /** The provider answered with `error` (RFC 6749 §4.1.2.1, §4.2.2.1): the user denied, or the request was refused. */
  | 'AUTHORIZATION_REFUSED'
  /** The code grant's redirect came back with neither a `code` nor an `error`. */
  | 'CODE_MISSING'
  /** The implicit grant's fragment has no `access_token`. */
  | 'TOKEN_MISSING'
  /** The token type is not Bearer (RFC 6749 §5.1, §7.1): Alexa sends Bearer tokens. */
  | 'TOKEN_TYPE_UNSUPPORTED'
  /** The token endpoint refused the request (an OAuth `error`, or an HTTP status). */
  | 'TOKEN_REFUSED'
  /** The token endpoint answered something that is not a token response (not JSON, no `access_token`). */
  | 'TOKEN_GARBAGE'
  /** The provider sent the browser somewhere other than the redirect URI, or answered the authorization request badly. */
  | 'UNEXPECTED_REDIRECT'
  /** The provider's authorization or token endpoint does not answer (down, or no such host). */
  | 'PROVIDER_UNREACHABLE'
  /** Nobody signed in before the time ran out. */
  | 'TIMED_OUT';

/**
 * A failed link: `code` says which step, the message says it in one line (tokens and secrets never
 * appear). A {@link CliError}, so the command line prints it as it is, exit code 1.
 */
export class LinkError extends CliError {
  override readonly name: string = 'LinkError';
  readonly code: LinkErrorCode;

  constructor(code: LinkErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
