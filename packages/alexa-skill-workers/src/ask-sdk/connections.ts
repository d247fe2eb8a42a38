import type { RequestEnvelope } from 'ask-sdk-model';

/**
 * What a `SessionResumedRequest` says about the skill connection it ends (Amazon, "Use Skill
 * Connections to Request Tasks": `cause.token` is the token the `StartConnection` directive sent,
 * `cause.status.code` the connection's own HTTP-like status, `cause.result` the task's answer).
 * `completed` is true only for status 200; `status` is `cause.result.status` as sent.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/use-skill-connections-to-request-tasks.html
 */
export interface ConnectionResult {
  readonly type: unknown;
  readonly token: unknown;
  /** `cause.status.code` as text ('' when absent), for logs. */
  readonly code: string;
  readonly completed: boolean;
  readonly status: unknown;
}

/** The connection result of a `SessionResumedRequest`, or `undefined` for any other request. */
export function connectionResultOf(envelope: RequestEnvelope): ConnectionResult | undefined {
  const request = envelope.request as { type?: unknown; cause?: { type?: unknown; token?: unknown; status?: { code?: unknown }; result?: unknown } };
  if (request.type !== 'SessionResumedRequest') return undefined;
  const cause = request.cause;
  const raw = cause?.status?.code;
  // Amazon sends the code as a string ("200"); a number is read the same way.
  const code = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
  const result = cause?.result as { status?: unknown } | undefined;
  return { type: cause?.type, token: cause?.token, code, completed: code === '200', status: result?.status };
}
