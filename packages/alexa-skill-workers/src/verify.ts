/**
 * `alexa-skill-workers/verify`: proves a request came from Alexa for your skill (Amazon, "Host a
 * Custom Skill as a Web Service"), with WebCrypto only, on Workers or any runtime with `fetch`
 * and `crypto.subtle`. See README, "The kit".
 * @packageDocumentation
 */
export {
  createAlexaVerifier,
  parseVerifierOptions,
  verifierFromConfig,
  DEFAULT_MAX_BODY_BYTES,
  type AlexaVerifier,
  type AlexaVerifierOptions,
  type VerifierConfig,
} from './verification/verifier.ts';
export { verifyAlexaRequest, type VerifyOptions } from './verification/verify-request.ts';
export { CertificateStore, type CertificateStoreOptions } from './verification/cert-store.ts';
export { PayloadTooLargeError, VerificationError, type VerificationCode } from './verification/errors.ts';
export { TIMESTAMP_TOLERANCE_MS } from './verification/timestamp.ts';
export { AMAZON_ROOTS_PEM } from './verification/amazon-roots.ts';
export { parseTrustAnchors, type TrustAnchor } from './verification/chain.ts';
export { ConfigError } from './settings.ts';
export { errorResponse, BAD_REQUEST_BODY } from './respond.ts';
export { AppError, errorCode } from './errors.ts';
export { consoleLogger, type Logger, type LogFields } from './lib/log.ts';
export { perIsolate } from './lib/per-isolate.ts';
export type { RequestContext, WaitUntil } from './context.ts';
