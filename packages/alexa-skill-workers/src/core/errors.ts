import type { AlexaApiCode } from '../alexa-apis/errors.ts';
import type { LinkingCode } from '../linking/errors.ts';
import type { VerificationCode } from '../verification/errors.ts';

/**
 * Every code an error of the kit carries. Stable: logs, dashboards and tests use them; messages
 * are for people and may change.
 * - {@link VerificationCode}: a request did not prove it came from Alexa for this skill (HTTP 400).
 * - `BODY_TOO_LARGE`: the body is over the limit (HTTP 413).
 * - `CONFIG_INVALID`: an option or setting is missing or malformed (HTTP 500, `config_invalid`).
 * - {@link LinkingCode}: an access token could not serve the request.
 * - `ENVELOPE_MALFORMED`: a verified envelope lacks a field nothing can be done without.
 * - `DEADLINE_EXCEEDED`: a wait for shared work (a certificate load, a token validation, a replayed
 *   request's run) gave up, since on Workers the work of a canceled request may never settle.
 * - `API_MISUSE`: the kit was called in a way its documentation rules out: a bug in the caller.
 * - `CONVERSATION_INVALID`: a conversation file (the testing entry's `playConversation`) is not one.
 * - {@link AlexaApiCode}: a call to one of Alexa's service APIs gave no answer.
 */
export type ErrorCode =
  | VerificationCode
  | 'BODY_TOO_LARGE'
  | 'CONFIG_INVALID'
  | LinkingCode
  | 'ENVELOPE_MALFORMED'
  | 'DEADLINE_EXCEEDED'
  | 'API_MISUSE'
  | 'CONVERSATION_INVALID'
  | AlexaApiCode;

/**
 * The base of every error the kit throws on purpose, with a stable {@link ErrorCode} and the
 * `cause` it was given (jose's model: one base class, one subclass per kind of failure). Tell
 * errors apart by `code`, never by message. The mapping from error to HTTP status lives in one
 * place, `errorResponse` (`alexa-skill-workers`).
 */
export abstract class AlexaWorkersError<C extends ErrorCode = ErrorCode> extends Error {
  abstract readonly code: C;
  /** Spelled out in each subclass: a bundle minified without `keep_names` keeps no class names. */
  abstract override readonly name: string;
}

/**
 * An option of the kit, or a setting an app read it from, is missing or malformed
 * (`CONFIG_INVALID`); thrown when the object is created, never per request. `setting` names it;
 * the message says what is wrong, never the value (a secret pasted into the wrong variable must
 * not reach a log line).
 */
export class ConfigError extends AlexaWorkersError<'CONFIG_INVALID'> {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID' as const;
  readonly setting: string;

  constructor(setting: string, problem: string) {
    super(`${setting}: ${problem}`);
    this.setting = setting;
  }
}

/**
 * A wait for work that another request may have started gave up after `deadlineMs`
 * (`DEADLINE_EXCEEDED`). The work itself goes on or not; nothing is known about its outcome.
 */
export class DeadlineError extends AlexaWorkersError<'DEADLINE_EXCEEDED'> {
  override readonly name = 'DeadlineError';
  readonly code = 'DEADLINE_EXCEEDED' as const;

  readonly what: string;
  readonly deadlineMs: number;

  /** `what` names the work waited for (`token validation`), for logs and messages. */
  constructor(what: string, deadlineMs: number) {
    super(`${what} did not finish within ${deadlineMs} ms`);
    this.what = what;
    this.deadlineMs = deadlineMs;
  }
}

/** The kit was used in a way its documentation rules out (`API_MISUSE`): a bug in the caller, not the user's problem. */
export class UsageError extends AlexaWorkersError<'API_MISUSE'> {
  override readonly name = 'UsageError';
  readonly code = 'API_MISUSE' as const;
}

/** A field the request cannot be answered without is missing or not of its type (`ENVELOPE_MALFORMED`). */
export class EnvelopeError extends AlexaWorkersError<'ENVELOPE_MALFORMED'> {
  override readonly name = 'EnvelopeError';
  readonly code = 'ENVELOPE_MALFORMED' as const;

  readonly field: string;

  /** `field` is the envelope path (`context.System.user.userId`); the value is never kept. */
  constructor(field: string) {
    super(`${field} is missing or not of the type Amazon documents`);
    this.field = field;
  }
}

/** An error's name for a log line (never its message, which may quote data). */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/**
 * The stable code of an error for logs: a kit error's own {@link ErrorCode}, else `INTERNAL_ERROR`:
 * an error nothing here threw on purpose is a bug, neither the request's fault nor a dependency's.
 */
export function errorCode(error: unknown): ErrorCode | 'INTERNAL_ERROR' {
  return error instanceof AlexaWorkersError ? (error as AlexaWorkersError).code : 'INTERNAL_ERROR';
}
