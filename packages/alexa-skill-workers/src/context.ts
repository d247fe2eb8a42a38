import type { Logger } from './lib/log.ts';

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
