/**
 * `alexa-skill-workers/ask-sdk`: account linking for an ask-sdk-core skill in a few lines: the
 * request context, the "needs a linked account" gate driven by a declared policy, the skill-event
 * handlers (linking warms the cache, disabling purges it), voice-forward linking (Login with Amazon), answers that survive replays,
 * persistent attributes on Workers KV, readers of the envelope's fields that check their types, and
 * Alexa's service APIs on `fetch` (progressive responses, the time zone, the given name). See README, "The kit".
 * @packageDocumentation
 */
export { accountOf, linkedProfileOf, skillContextOf, type SkillContext } from './ask-sdk/skill-context.ts';
export { credentialsOf, type Credentials, type LinkLevel, type Speaker } from './ask-sdk/speaker.ts';
export { accountHolderOf, isSameHolder, parseAccountHolder, type AccountHolder } from './ask-sdk/account-holder.ts';
export { intentNameOf, sessionGuard, slotsOf, type SlotReading } from './ask-sdk/envelope.ts';
export { linkingGate, linkingPolicy, type LinkingGateOptions, type LinkingPolicy, type LinkingProblem } from './ask-sdk/linking-gate.ts';
export {
  askForAccountLinking,
  ASK_FOR_ACCOUNT_LINKING_URI,
  voiceLinkingResumedHandler,
  type VoiceLinkingResumedOptions,
  type VoiceLinkingStatus,
} from './ask-sdk/voice-linking.ts';
export { linkingEventHandlers, skillEventHandler } from './ask-sdk/skill-events.ts';
export { verifyPersonDirective, verifyPersonOutcomeOf, type VerifyPersonOutcome } from './ask-sdk/verify-person.ts';
export { answerOnce } from './ask-sdk/answer-once.ts';
export { KvPersistenceAdapter, type KvPersistenceAdapterOptions } from './ask-sdk/kv-persistence.ts';
export { ReplayGuard, type ReplayGuardOptions } from './ask-sdk/replay-guard.ts';
export { AlexaApiClient, DEFAULT_ALEXA_API_TIMEOUT_MS, type AlexaApiCall, type AlexaApiClientOptions } from './alexa-apis/client.ts';
export { ALEXA_API_HOSTS } from './alexa-apis/endpoint.ts';
export { sendProgressiveResponse } from './alexa-apis/progressive.ts';
export { givenNameOf, timeZoneOf, GIVEN_NAME_PERMISSION } from './alexa-apis/reads.ts';
export type { AlexaApiResult } from './alexa-apis/result.ts';
