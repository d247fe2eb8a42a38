import type { Logger } from './log.ts';

/**
 * Lets work finish after the response has been sent: the Worker's `ctx.waitUntil`
 * (Cloudflare Workers, "Context (ctx)"). Without it the work runs detached and may be cut off.
 */
export type WaitUntil = (promise: Promise<unknown>) => void;

/**
 * What one request's work may use besides its inputs: the clock, the logger and `waitUntil`.
 * Built once per request at the HTTP boundary and passed, as the last argument, to everything
 * that needs time, logging or background work (verification, token validation, caches, the
 * replay guard). Tests pass a frozen clock and a recording logger.
 */
export interface RequestContext {
  /** The request's clock reading: every check in one request uses the same instant. */
  readonly now: Date;
  readonly log: Logger;
  readonly waitUntil?: WaitUntil;
}

/** The part of a Worker's `ExecutionContext` the request context uses. */
export interface WaitUntilSource {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * The request's {@link RequestContext}, read once at the HTTP boundary: the clock read now, the
 * logger, and the Worker's `waitUntil` when there is an execution context (a unit test calling the
 * handler directly may have none: background work then runs detached). The one place the kit
 * builds it, for {@link alexaEndpoint} and the Hono middleware alike.
 */
export function requestContext(clock: () => Date, log: Logger, executionContext: WaitUntilSource | undefined): RequestContext {
  const ctx = executionContext;
  return { now: clock(), log, waitUntil: ctx && ((promise) => ctx.waitUntil(promise)) };
}
