/**
 * How Alexa completes the skill connections a conversation plays (`Connections.StartConnection`
 * with `onCompletion: RESUME_SESSION`): the `cause` of the `SessionResumedRequest` for each answer
 * a step or the simulator gives. Amazon, "Use Skill Connections to Request Tasks" (the cause's
 * token, status and result), "Voice-Forward Account Linking Implementation Details"
 * (AskForAccountLinking: LINKED, DENIED, USER_REQUIREMENTS_NOT_MET) and "Add PIN Confirmation to
 * Alexa Skills" (VerifyPerson: ACHIEVED, NOT_ACHIEVED, NOT_ENABLED).
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/use-skill-connections-to-request-tasks.html
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/voice-forward-account-linking-implementation-details.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/pin-confirmation-for-alexa-skills.html
 */

/** The answers a user (or the connection) gives: the task done, refused, impossible for them, or a failed connection. */
export const CONNECTION_CHOICES = ['accept', 'decline', 'unmet', 'fail'] as const;
export type ConnectionChoice = (typeof CONNECTION_CHOICES)[number];

export const ASK_FOR_ACCOUNT_LINKING_URI = 'connection://AMAZON.AskForAccountLinking/1';
export const VERIFY_PERSON_URI = 'connection://AMAZON.VerifyPerson/2';

/** The `result.status` of each answer, per connection Alexa provides. */
const RESULTS: Readonly<Record<string, Readonly<Record<Exclude<ConnectionChoice, 'fail'>, string>>>> = {
  [ASK_FOR_ACCOUNT_LINKING_URI]: { accept: 'LINKED', decline: 'DENIED', unmet: 'USER_REQUIREMENTS_NOT_MET' },
  [VERIFY_PERSON_URI]: { accept: 'ACHIEVED', decline: 'NOT_ACHIEVED', unmet: 'NOT_ENABLED' },
};

/** True when `uri` is a connection whose answers are known here. */
export const isKnownConnection = (uri: string): boolean => uri in RESULTS;

/**
 * The `cause` of the `SessionResumedRequest` that ends connection `uri` (its echo-back `token`)
 * with `choice`: status 200 and the connection's result, or status 500 and no result for `fail`.
 * An unknown `uri` has no result (status 200, or 500 for `fail`).
 */
export function connectionCause(uri: string, choice: ConnectionChoice, token: string | undefined): Record<string, unknown> {
  const status = choice === 'fail' ? { code: '500', message: 'Internal error in the connection' } : { code: '200', message: 'OK' };
  const result = choice === 'fail' ? undefined : RESULTS[uri]?.[choice];
  return { type: 'ConnectionCompleted', ...(token !== undefined && { token }), status, ...(result !== undefined && { result: { status: result } }) };
}
