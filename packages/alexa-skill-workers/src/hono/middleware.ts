import type { Context, MiddlewareHandler } from 'hono';
import type { RequestEnvelope } from 'ask-sdk-model';
import type { RequestContext, WaitUntil } from '../context.ts';
import { consoleLogger, type Logger } from '../lib/log.ts';
import { perIsolate } from '../lib/per-isolate.ts';
import { createAlexaVerifier, type AlexaVerifier, type AlexaVerifierOptions } from '../verification/verifier.ts';
import { errorResponse } from '../respond.ts';

/** What the middleware puts on the Hono context: `c.var.alexa` and `c.var.alexaContext`. */
export interface AlexaVariables {
  /** The verified request envelope. */
  readonly alexa: RequestEnvelope;
  /** The request's clock, logger and `waitUntil`, to pass on to everything the handler calls. */
  readonly alexaContext: RequestContext;
}

/** The middleware's own effects; tests replace the clock and the logger. */
export interface AlexaMiddlewareOptions {
  readonly now?: () => Date;
  readonly log?: Logger;
}

/**
 * Where the verifier comes from: options (checked now, when the middleware is created), or a
 * function of the Worker's bindings returning options or a verifier, called on a request's first
 * use of a bindings object (Workers hands every request of an isolate the same `env`). Options
 * from bindings are checked then: a bad one answers 500 and logs `config_invalid` naming it, and
 * is not remembered, so fixing the binding takes effect without a new isolate.
 */
export type AlexaVerifierSource<B> = AlexaVerifierOptions | ((env: B) => AlexaVerifierOptions | AlexaVerifier);

/**
 * Hono middleware for an Alexa skill endpoint: verifies every request (signature, certificate
 * chain, timestamp, skill ID; Amazon, "Host a Custom Skill as a Web Service") and puts the
 * envelope on `c.var.alexa`. A request that fails answers 400 (413 when the body is too large)
 * with a body that does not say which check failed; the log line names the code.
 * @throws {ConfigError} at creation when static options are invalid, naming the option.
 * @example
 *   app.post('/', alexaVerifier((env: Env) => ({ skillId: env.ALEXA_SKILL_ID, kv: env.CACHE })), (c) =>
 *     c.json(answer(c.var.alexa)));
 */
export function alexaVerifier<B extends object = object>(
  source: AlexaVerifierSource<B>,
  options: AlexaMiddlewareOptions = {},
): MiddlewareHandler<{ Bindings: B; Variables: AlexaVariables }> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? consoleLogger;
  const verifierFor = typeof source === 'function' ? perBindings(source, log) : constant(createAlexaVerifier({ log, ...source }));
  return async (c, next) => {
    const ctx: RequestContext = { now: now(), log, waitUntil: waitUntilOf(c) };
    try {
      c.set('alexa', await verifierFor(c.env).verify(c.req.raw, ctx));
    } catch (error) {
      return errorResponse(error, log);
    }
    c.set('alexaContext', ctx);
    await next();
  };
}

function constant(verifier: AlexaVerifier): () => AlexaVerifier {
  return () => verifier;
}

function perBindings<B extends object>(build: (env: B) => AlexaVerifierOptions | AlexaVerifier, log: Logger): (env: B) => AlexaVerifier {
  return perIsolate((env: B) => {
    const made = build(env);
    return 'verify' in made ? made : createAlexaVerifier({ log, ...made });
  });
}

function waitUntilOf(c: Context): WaitUntil | undefined {
  try {
    const ctx = c.executionCtx;
    return (promise) => ctx.waitUntil(promise);
  } catch {
    return undefined; // no ExecutionContext (e.g. app.request() in a unit test)
  }
}
