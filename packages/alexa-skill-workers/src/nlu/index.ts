/**
 * The offline utterance resolver: an interaction model and typed words in, the request Alexa would send
 * out. Pure TypeScript (no Node built-ins, no file system), for Node and a browser page alike.
 * See ../../docs/resolve.md.
 */

export { NluError, ModelError, NoMatchError, type ClosestSample, type NluErrorCode } from './errors.ts';
export {
  parseInteractionModel,
  parseInteractionModelText,
  type DelegationStrategy,
  type DialogIntent,
  type DialogModel,
  type DialogSlot,
  type InteractionModel,
  type LanguageModel,
  type ModelIntent,
  type ModelSlot,
  type ModelSource,
  type Prompt,
  type PromptVariation,
  type SlotType,
  type SlotTypeValue,
} from './model.ts';
export { compileModel, type CompiledModel } from './compile.ts';
export { resolveUtterance, type ResolveOptions, type ResolveResult, type ResolveTrace, type SlotTrace } from './resolve.ts';
export { answerDialog, delegateDialog, startDialog, type DialogPrompt, type DialogSession, type DialogStep } from './dialog.ts';
export { PLACEHOLDER_SKILL_ID } from './slots.ts';
export type {
  AlexaIntent,
  AlexaSlot,
  ConfirmationStatus,
  DialogState,
  IntentRequestBody,
  LaunchRequestBody,
  RequestBody,
  Resolution,
  ResolutionStatusCode,
  ResolutionValue,
} from './request.ts';
