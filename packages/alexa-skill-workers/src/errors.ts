/**
 * `alexa-skill-workers/errors`: every error the kit throws on purpose, one base class with a
 * stable `code` ({@link ErrorCode}) and the `cause` kept, one subclass per kind of failure (jose's
 * model). Tell them apart by `code` or `instanceof`, never by message.
 * @packageDocumentation
 */
export {
  AlexaWorkersError,
  ConfigError,
  DeadlineError,
  EnvelopeError,
  UsageError,
  errorCode,
  type ErrorCode,
} from './core/errors.ts';
export { PayloadTooLargeError, VerificationError, type VerificationCode } from './verification/errors.ts';
export { LinkingError, type LinkingCode } from './linking/errors.ts';
export { AlexaApiError, type AlexaApiCode } from './alexa-apis/errors.ts';
