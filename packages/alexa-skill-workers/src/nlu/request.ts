/**
 * The `request` object Alexa sends a custom skill, without the envelope and without `requestId`,
 * `timestamp` and `locale` (the sender adds those when it signs the request).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-types-reference.html
 *   (LaunchRequest; IntentRequest: dialogState, intent.{name, confirmationStatus, slots})
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html
 *   (the Slot object: name, value, confirmationStatus, resolutions)
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/entity-resolution.html
 *   (resolutions.resolutionsPerAuthority[]: authority, status.code, values[].value.{name, id}; no
 *   resolutions for a built-in slot type that is not extended)
 */

export type ConfirmationStatus = 'NONE' | 'CONFIRMED' | 'DENIED';
export type DialogState = 'STARTED' | 'IN_PROGRESS' | 'COMPLETED';
export type ResolutionStatusCode = 'ER_SUCCESS_MATCH' | 'ER_SUCCESS_NO_MATCH';

export interface ResolutionValue {
  readonly value: { readonly name: string; readonly id: string };
}

/** One authority's answer; `values` only with ER_SUCCESS_MATCH, as Alexa sends it. */
export interface Resolution {
  readonly authority: string;
  readonly status: { readonly code: ResolutionStatusCode };
  readonly values?: readonly ResolutionValue[];
}

/** A slot of the intent: every slot the intent declares, `value` only when the user filled it. */
export interface AlexaSlot {
  readonly name: string;
  readonly value?: string;
  readonly confirmationStatus: ConfirmationStatus;
  readonly resolutions?: { readonly resolutionsPerAuthority: readonly Resolution[] };
}

export interface AlexaIntent {
  readonly name: string;
  readonly confirmationStatus: ConfirmationStatus;
  /** Absent for an intent that declares no slots. */
  readonly slots?: Readonly<Record<string, AlexaSlot>>;
}

export interface LaunchRequestBody {
  readonly type: 'LaunchRequest';
}

export interface IntentRequestBody {
  readonly type: 'IntentRequest';
  /** Present when the skill has a dialog model (Amazon: "included if the skill meets the requirements to use the Dialog directives"). */
  readonly dialogState?: DialogState;
  readonly intent: AlexaIntent;
}

export type RequestBody = LaunchRequestBody | IntentRequestBody;
