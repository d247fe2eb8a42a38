/**
 * `alexa-skill-workers/testing`: for your own tests, never for the Worker: a certificate
 * authority that issues Alexa-style chains (WebCrypto; runs in workerd and Node), signed
 * requests, and request envelopes shaped like Alexa's. See README, "The kit".
 * @packageDocumentation
 */
export {
  createCertificate,
  createTestPki,
  generateKeyPair,
  signBody,
  toPem,
  TEST_PKI_BACKDATE_MS,
  TEST_PKI_LIFETIME_MS,
  type CertSpec,
  type KeyKind,
  type TestPki,
  type TestPkiOptions,
} from './testing/pki.ts';
export {
  envelopeFor,
  intentRequest,
  launchRequest,
  sessionEndedRequest,
  sessionResumedRequest,
  skillEvent,
  skillEventRequest,
  SKILL_ID,
  USER_ID,
  type EnvelopeOptions,
  type EnvelopePerson,
} from './testing/envelopes.ts';
export { signedAlexaRequest, TEST_CERT_URL } from './testing/requests.ts';
export { recordingLogger, type LogLine, type RecordingLogger } from './testing/logger.ts';
export { interceptFetch, type FakeService, type FetchInterceptor } from './testing/intercept.ts';
export { FakeOAuthProvider, type FakeUser, type IssueOptions } from './testing/oauth-provider.ts';
export {
  FakeAlexaApi,
  type FakeAlexaCall,
  type FakeAlexaDirective,
  type FakeAlexaFailure,
  type FakeAlexaIdentity,
  type FakeAlexaPerson,
  type FakeAlexaUser,
} from './testing/alexa-api.ts';
export { testWorker, type WorkerUnderTest } from './testing/worker.ts';
export {
  CONVERSATION_FORMAT,
  ConversationError,
  formatConversation,
  hearMatches,
  parseConversation,
  type Conversation,
  type ConversationStep,
  type Expected,
} from './testing/conversation/format.ts';
export { CONNECTION_CHOICES, type ConnectionChoice } from './testing/conversation/connections.ts';
export { ACCOUNT_PERMISSIONS, PERSON_PERMISSIONS, type ConversationProfile } from './testing/conversation/consent.ts';
export { playConversation } from './testing/conversation/play.ts';
export { heardOf, type Mismatch, type PlayedConversation, type PlayAlexaApi, type PlayedStep, type PlayOptions } from './testing/conversation/played.ts';
